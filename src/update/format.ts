// Output of publish/unpublish: one line per change in master-file form, and the one `--json` document.
import { formatServer } from '../dns/errors.js';
import type { ServerAddress } from '../dns/types.js';
import type { UpdateMode, ZoneOutcome } from './publish.js';
import { presentRecord } from './records.js';

function countOf(n: number): string {
  return `${n} change${n === 1 ? '' : 's'}`;
}

/** Text for people; the failure is returned apart so the command can put it on stderr. */
export function formatOutcome(outcome: ZoneOutcome, keyLabel: string): { text: string; error: string | null } {
  const head = `zone ${outcome.zone} at ${formatServer(outcome.server)} (${keyLabel})`;
  const error = outcome.error === null ? null : `zone ${outcome.zone}: ${outcome.error.message}`;
  if (outcome.changes.length === 0) return { text: `${head}: ${outcome.result === 'failed' ? 'failed' : 'no change'}\n`, error };
  const lines = [head, ...outcome.changes.map((c) => `${c.op === 'add' ? '+' : '-'} ${presentRecord(c.record)}`)];
  const count = countOf(outcome.changes.length);
  if (outcome.result === 'dry-run') lines.push(`dry run: ${count} not sent`);
  else if (outcome.result === 'applied') lines.push(`applied: ${count}, ${outcome.rcode}${outcome.verified ? ', reply signature verified' : ', unsigned'}, read back`);
  else lines.push(`failed: ${count} ${!outcome.sent ? 'not sent' : outcome.rcode === null ? 'sent, no reply' : `sent, the server answered ${outcome.rcode}`}`);
  return { text: `${lines.join('\n')}\n`, error };
}

export interface UpdateRun {
  mode: UpdateMode;
  server: ServerAddress;
  /** The TSIG key's name; null when unsigned. */
  key: string | null;
  dryRun: boolean;
  /** `--no-delete` (publish keeps records of owned RRsets that the plan does not list). */
  noDelete: boolean;
}

/** The one `--json` document of a run (documented in docs/commands/publish.md): every zone's result. */
export function updateJson(run: UpdateRun, outcomes: readonly ZoneOutcome[]): Record<string, unknown> {
  return {
    command: run.mode,
    server: formatServer(run.server),
    key: run.key,
    dryRun: run.dryRun,
    noDelete: run.noDelete,
    zones: outcomes.map((o) => ({
      zone: o.zone,
      result: o.result,
      changes: o.changes.map((c) => ({ op: c.op, name: c.record.name, type: c.record.type, ttl: c.record.ttl, data: c.record.data })),
      rcode: o.rcode,
      signed: o.signed,
      verified: o.verified,
      error: o.error,
    })),
    failed: outcomes.filter((o) => o.result === 'failed').map((o) => o.zone),
  };
}
