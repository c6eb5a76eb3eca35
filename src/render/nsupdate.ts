// `nsupdate`: an RFC 2136 script for `nsupdate -k KEYFILE`, one `zone … send` block per domain so
// each update goes to the zone that holds its names. `--delete` removes exactly the same records
// (`update delete NAME CLASS TYPE DATA` deletes one RR, not the RRset).
import type { Plan } from '../plan/types.js';
import { recordsByDomain } from './records.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

/** "host" or "host:port" → nsupdate's `server host [port]`. */
function serverLine(server: string): string {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return `server ${bracketed[1]}${bracketed[2] ? ` ${bracketed[2]}` : ''}`;
  const colons = server.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = server.split(':');
    return `server ${host} ${port}`;
  }
  return `server ${server}`;
}

function render(plan: Plan, context: RenderContext): RenderOutput {
  const remove = context.delete === true;
  const verb = remove ? 'update delete' : 'update add';
  const lines = [`; KMS host records (kms-srv generate nsupdate${remove ? ' --delete' : ''}); run: nsupdate -k KEYFILE THIS-FILE`];
  if (context.server !== undefined) lines.push(serverLine(context.server));
  for (const group of recordsByDomain(plan, context)) {
    lines.push(`zone ${group.domain}.`);
    for (const r of group.srv) lines.push(`${verb} ${r.owner}. ${remove ? '' : `${r.ttl} `}IN SRV ${r.priority} ${r.weight} ${r.port} ${r.target}.`);
    for (const r of group.addresses) lines.push(`${verb} ${r.owner}. ${remove ? '' : `${r.ttl} `}IN ${r.type} ${r.address}`);
    lines.push('send');
  }
  return { text: `${lines.join('\n')}\n`, warnings: [] };
}

export const nsupdateRenderer: Renderer = {
  format: 'nsupdate',
  description: 'nsupdate script adding the records (removing exactly them with --delete)',
  render,
};
