// `bind`: a master-file snippet for zones that already exist. Absolute names with trailing dots,
// so it pastes into any zone without `$ORIGIN`; one commented group per domain.
import type { Plan } from '../plan/types.js';
import { oversizedRrsets, recordsByDomain, type DomainRecords } from './records.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

/**
 * Master-file lines for one domain's records, owners padded to one width. `head` rows (owner, rest)
 * come first: the lab zone's SOA and NS.
 */
export function masterFileLines(group: DomainRecords, head: Array<[string, string]> = []): string[] {
  let width = 0;
  for (const [owner] of head) width = Math.max(width, owner.length);
  for (const r of group.srv) width = Math.max(width, r.owner.length + 1);
  for (const r of group.addresses) width = Math.max(width, r.owner.length + 1);
  const lines = head.map(([owner, rest]) => `${owner.padEnd(width)} ${rest}`);
  for (const r of group.srv) lines.push(`${`${r.owner}.`.padEnd(width)} ${r.ttl} IN SRV ${r.priority} ${r.weight} ${r.port} ${r.target}.`);
  for (const r of group.addresses) lines.push(`${`${r.owner}.`.padEnd(width)} ${r.ttl} IN ${r.type} ${r.address}`);
  return lines;
}

function render(plan: Plan, context: RenderContext): RenderOutput {
  const groups = recordsByDomain(plan, context);
  const lines = ['; KMS host records (kms-srv generate bind). Names are absolute: paste each group into the zone holding its domain.'];
  for (const group of groups) lines.push('', `; --- ${group.domain} ---`, ...masterFileLines(group));
  return { text: `${lines.join('\n')}\n`, warnings: oversizedRrsets(groups) };
}

export const bindRenderer: Renderer = {
  format: 'bind',
  description: 'BIND master-file records per domain (absolute names), to paste into existing zones',
  render,
};
