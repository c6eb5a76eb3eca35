// `dnscmd`: Microsoft DNS command lines. Node names are relative to the zone (the domain itself is
// the zone); `--delete` writes `/recorddelete … /f` for exactly the same records.
import type { Plan } from '../plan/types.js';
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { cmdArg } from './quote.js';
import { recordsByDomain } from './records.js';
import { parseScriptServer } from './script-args.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

function relative(name: string, zone: string): string {
  return name === zone ? '@' : name.slice(0, -(zone.length + 1));
}

/** dnscmd's first argument: a server name or address, no port (dnscmd always talks RPC to it). */
function dnscmdServer(text: string): string {
  const server = parseScriptServer(text);
  if (server.port !== undefined) throw new KmsSrvError('USAGE', `--server ${JSON.stringify(excerpt(text))}: dnscmd takes no port; give the server alone`, { details: { flag: '--server' } });
  return cmdArg(server.host);
}

function render(plan: Plan, context: RenderContext): RenderOutput {
  const server = context.server === undefined ? '.' : dnscmdServer(context.server);
  const remove = context.delete === true;
  const lines = [`REM KMS host records (kms-srv generate dnscmd${remove ? ' --delete' : ''}); "." is the local DNS server.`];
  for (const group of recordsByDomain(plan, context)) {
    const zone = group.domain;
    const rows: Array<[string, string, string]> = [
      ...group.srv.map((r): [string, string, string] => [relative(r.owner, zone), `${r.ttl}`, `SRV ${r.priority} ${r.weight} ${r.port} ${r.target}.`]),
      ...group.addresses.map((r): [string, string, string] => [relative(r.owner, zone), `${r.ttl}`, `${r.type} ${r.address}`]),
    ];
    lines.push('', `REM --- ${zone} ---`);
    for (const [node, ttl, data] of rows) {
      lines.push(remove ? `dnscmd ${server} /recorddelete ${zone} ${node} ${data} /f` : `dnscmd ${server} /recordadd ${zone} ${node} ${ttl} ${data}`);
    }
  }
  return { text: `${lines.join('\r\n')}\r\n`, warnings: [] };
}

export const dnscmdRenderer: Renderer = {
  format: 'dnscmd',
  description: 'Microsoft DNS dnscmd /recordadd lines (/recorddelete with --delete)',
  render,
};
