// publish / unpublish: per zone, read the current RRsets, diff against the plan, build one UPDATE
// with prerequisites, sign it, send it, verify the signed reply. I/O (exchange, clock, IDs) injected.
import type { ServerAddress } from '../dns/types.js';
import type { Plan } from '../plan/types.js';
import { KmsSrvError } from '../util/errors.js';
import { buildUpdate, prerequisitesFor } from './build.js';
import { readCurrent } from './current.js';
import { publishChanges, unpublishChanges, type Change } from './diff.js';
import type { Exchange } from './exchange.js';
import { planZones } from './records.js';
import { signMessage, verifyResponse } from './tsig.js';
import type { TsigKey } from './tsig-key.js';
import { walkMessage } from './wire.js';

export type UpdateMode = 'publish' | 'unpublish';

export interface UpdateOptions {
  mode: UpdateMode;
  server: ServerAddress;
  /** Undefined = unsigned; the caller checks that `--insecure-unsigned` allowed it. */
  key?: TsigKey;
  zone?: string;
  dryRun: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface UpdateDeps {
  exchange: Exchange;
  /** Milliseconds since the epoch (TSIG time signed, RFC 8945 §4.2). */
  now: () => number;
  /** A fresh 16-bit message ID. */
  nextId: () => number;
}

export interface ZoneOutcome {
  zone: string;
  server: ServerAddress;
  changes: Change[];
  /** The server's RCODE; null when nothing was sent (no change, dry run). */
  rcode: string | null;
  signed: boolean;
  dryRun: boolean;
  /** Why the update failed, in words; null on success. */
  error: string | null;
  /** True when the reply's TSIG checked out (false for unsigned or unsent updates). */
  verified: boolean;
}

const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

const RCODE_HINTS: Record<string, string> = {
  REFUSED: 'the server\'s update policy does not allow this (check update-policy / allow-update and the key)',
  NOTAUTH: 'the server is not authoritative for the zone, or did not accept the signature',
  NOTZONE: 'a record lies outside the zone',
  NXRRSET: 'the records changed between reading and updating; run the command again',
  YXRRSET: 'the records changed between reading and updating; run the command again',
  YXDOMAIN: 'the records changed between reading and updating; run the command again',
  SERVFAIL: 'the server failed to apply the update (see its log)',
  FORMERR: 'the server could not parse the update',
  NOTIMP: 'the server does not implement dynamic update',
};

function rcodeName(code: number): string {
  return RCODE_NAMES[code] ?? `RCODE_${code}`;
}

async function updateZone(zone: string, records: Parameters<typeof publishChanges>[0], options: UpdateOptions, deps: UpdateDeps): Promise<ZoneOutcome> {
  const wanted = records.map((r) => ({ name: r.name, type: r.type }));
  const current = await readCurrent(wanted, options.server, deps.exchange, { timeoutMs: options.timeoutMs, nextId: deps.nextId, signal: options.signal });
  const changes = options.mode === 'publish' ? publishChanges(records, current) : unpublishChanges(records, current);
  const outcome: ZoneOutcome = { zone, server: options.server, changes, rcode: null, signed: options.key !== undefined, dryRun: options.dryRun, error: null, verified: false };
  if (changes.length === 0 || options.dryRun) return outcome;

  const message = buildUpdate({ id: deps.nextId(), zone, prerequisites: prerequisitesFor(changes, current), changes });
  const signed = options.key ? signMessage(message, options.key, deps.now() / 1000) : undefined;
  const reply = await deps.exchange(signed?.message ?? message, options.server, { timeoutMs: options.timeoutMs, signal: options.signal });
  const layout = walkMessage(reply);
  if ((layout.flags & 0x8000) === 0 || layout.opcode !== 5) {
    throw new KmsSrvError('DNS_BADRESP', `the reply from the server is not an UPDATE response (opcode ${layout.opcode})`);
  }
  outcome.rcode = rcodeName(layout.rcode);

  if (options.key && signed) {
    const check = verifyResponse(reply, options.key, signed.mac, deps.now() / 1000);
    if (!check.ok) {
      outcome.error =
        check.reason === 'server-error'
          ? `update refused: ${outcome.rcode} (${check.message})`
          : `the reply's signature is not valid (${check.message}); the server said ${outcome.rcode}, but that answer cannot be trusted`;
      return outcome;
    }
    outcome.verified = true;
  }
  if (outcome.rcode !== 'NOERROR') {
    const hint = !options.key && outcome.rcode === 'REFUSED' ? 'the server requires a signed update: pass --key FILE' : RCODE_HINTS[outcome.rcode];
    outcome.error = `update refused: ${outcome.rcode}${hint ? ` (${hint})` : ''}`;
  }
  return outcome;
}

/** Runs publish or unpublish for every zone of the plan (or the one `zone`), in order. */
export async function runUpdate(plan: Plan, options: UpdateOptions, deps: UpdateDeps): Promise<ZoneOutcome[]> {
  const outcomes: ZoneOutcome[] = [];
  for (const { zone, records } of planZones(plan, options.zone)) {
    outcomes.push(await updateZone(zone, records, options, deps));
  }
  return outcomes;
}
