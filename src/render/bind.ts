// `bind`: a master-file snippet for zones that already exist. Absolute names with trailing dots,
// so it pastes into any zone without `$ORIGIN`; one commented group per domain.
import type { Plan } from '../plan/types.js';
import { alignOwners, recordsByDomain, type DomainRecords } from './records.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

/** Master-file lines (owner first) for one domain's records. */
export function masterFileRows(group: DomainRecords): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const r of group.srv) rows.push([`${r.owner}.`, `${r.ttl} IN SRV ${r.priority} ${r.weight} ${r.port} ${r.target}.`]);
  for (const r of group.addresses) rows.push([`${r.owner}.`, `${r.ttl} IN ${r.type} ${r.address}`]);
  return rows;
}

function render(plan: Plan, context: RenderContext): RenderOutput {
  const parts = ['; KMS host records (kms-srv generate bind). Names are absolute: paste each group into the zone holding its domain.'];
  for (const group of recordsByDomain(plan, context)) {
    parts.push('', `; --- ${group.domain} ---`, ...alignOwners(masterFileRows(group)));
  }
  return { text: `${parts.join('\n')}\n`, warnings: [] };
}

export const bindRenderer: Renderer = {
  format: 'bind',
  description: 'BIND master-file records per domain (absolute names), to paste into existing zones',
  render,
};
