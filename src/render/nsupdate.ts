// `nsupdate`: an RFC 2136 script for `nsupdate -k KEYFILE`, one `zone … send` block per domain so
// each update goes to the zone that holds its names. `--delete` removes exactly the same records
// (`update delete NAME CLASS TYPE DATA` deletes one RR, not the RRset).
import type { Plan } from '../plan/types.js';
import { nsupdateToken } from './quote.js';
import { recordsByDomain } from './records.js';
import { parseScriptServer } from './script-args.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

/** `--server` → nsupdate's `server host [port]`, checked first: a line break there would add commands. */
function serverLine(server: string): string {
  const { host, port } = parseScriptServer(server);
  return `server ${nsupdateToken(host)}${port === undefined ? '' : ` ${port}`}`;
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
