// `bind`: a master-file snippet for zones that already exist. Absolute names with trailing dots,
// so it pastes into any zone without `$ORIGIN`; one commented group per domain.
import type { Plan } from '../plan/types.js';
import { oversizedRrsets, recordsByDomain, type DomainRecords, type SrvRecord } from './records.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

/**
 * Pieces of SRV lines that repeat across a big plan: "PRIORITY WEIGHT " pairs and each target's
 * "PORT TARGET." tail. Built once, a line is then three strings joined, not seven.
 */
export class SrvLineParts {
  private readonly pairs = new Map<number, string>();
  private readonly tails = new Map<string, string>();

  line(prefix: string, r: SrvRecord): string {
    const pairKey = r.priority * 0x10000 + r.weight;
    let pair = this.pairs.get(pairKey);
    if (pair === undefined) this.pairs.set(pairKey, (pair = `${r.priority} ${r.weight} `));
    let tail = this.tails.get(r.target);
    if (tail === undefined || !tail.startsWith(`${r.port} `)) {
      tail = `${r.port} ${r.target}.`;
      this.tails.set(r.target, tail);
    }
    return prefix + pair + tail;
  }
}

/**
 * Master-file lines for one domain's records, owners padded to one width. `head` rows (owner, rest)
 * come first: the lab zone's SOA and NS.
 */
export function masterFileLines(group: DomainRecords, head: Array<[string, string]> = [], parts = new SrvLineParts()): string[] {
  let width = 0;
  for (const [owner] of head) width = Math.max(width, owner.length);
  for (const r of group.srv) width = Math.max(width, r.owner.length + 1);
  for (const r of group.addresses) width = Math.max(width, r.owner.length + 1);
  const lines = head.map(([owner, rest]) => `${owner.padEnd(width)} ${rest}`);
  // Runs of records share an owner (every SRV record of a group, a host's addresses): pad it once per run.
  let owner: string | undefined;
  let ttl = -1;
  let prefix = '';
  for (const r of group.srv) {
    if (r.owner !== owner || r.ttl !== ttl) prefix = `${`${(owner = r.owner)}.`.padEnd(width)} ${(ttl = r.ttl)} IN SRV `;
    lines.push(parts.line(prefix, r));
  }
  owner = undefined;
  for (const r of group.addresses) {
    if (r.owner !== owner) prefix = `${`${(owner = r.owner)}.`.padEnd(width)} `;
    lines.push(`${prefix}${r.ttl} IN ${r.type} ${r.address}`);
  }
  return lines;
}

function render(plan: Plan, context: RenderContext): RenderOutput {
  const groups = recordsByDomain(plan, context);
  const chunks = ['; KMS host records (kms-srv generate bind). Names are absolute: paste each group into the zone holding its domain.'];
  const parts = new SrvLineParts();
  // One string per group: its lines die young instead of half a million of them living to the end.
  for (const group of groups) {
    const lines = masterFileLines(group, [], parts);
    chunks.push(lines.length === 0 ? `\n; --- ${group.domain} ---` : `\n; --- ${group.domain} ---\n${lines.join('\n')}`);
  }
  return { text: `${chunks.join('\n')}\n`, warnings: oversizedRrsets(groups) };
}

export const bindRenderer: Renderer = {
  format: 'bind',
  description: 'BIND master-file records per domain (absolute names), to paste into existing zones',
  render,
};
