// Output of publish/unpublish: one line per change in master-file form, and the `--json` shape.
import { formatServer } from '../dns/errors.js';
import type { ZoneOutcome } from './publish.js';
import type { UpdateRecord } from './records.js';

export function presentRecord(record: UpdateRecord): string {
  const d = record.data;
  const rdata = typeof d === 'string' ? d : `${d.priority} ${d.weight} ${d.port} ${d.target}`;
  return `${record.name} ${record.ttl} IN ${record.type} ${rdata}`;
}

/** Text for people; errors are returned apart so the command can put them on stderr. */
export function formatOutcome(outcome: ZoneOutcome, keyLabel: string): { text: string; error: string | null } {
  const head = `zone ${outcome.zone} at ${formatServer(outcome.server)} (${keyLabel})`;
  if (outcome.changes.length === 0) return { text: `${head}: no change\n`, error: null };
  const lines = [head, ...outcome.changes.map((c) => `${c.op === 'add' ? '+' : '-'} ${presentRecord(c.record)}`)];
  const n = outcome.changes.length;
  const count = `${n} change${n === 1 ? '' : 's'}`;
  if (outcome.dryRun) lines.push(`dry run: ${count} not sent`);
  else if (outcome.error === null) lines.push(`applied: ${count}, ${outcome.rcode}${outcome.verified ? ', reply signature verified' : ', unsigned'}`);
  else lines.push(`not applied: ${outcome.rcode ?? 'no reply'}`);
  return { text: `${lines.join('\n')}\n`, error: outcome.error === null ? null : `zone ${outcome.zone}: ${outcome.error}` };
}

/** The stable `--json` element, one per zone (documented in README.md, publish). */
export function outcomeJson(outcome: ZoneOutcome): Record<string, unknown> {
  return {
    zone: outcome.zone,
    server: formatServer(outcome.server),
    changes: outcome.changes.map((c) => ({ op: c.op, name: c.record.name, type: c.record.type, ttl: c.record.ttl, data: c.record.data })),
    rcode: outcome.rcode,
    signed: outcome.signed,
    dryRun: outcome.dryRun,
    error: outcome.error,
  };
}
