// publish / unpublish: per zone, read the owned RRsets, diff against the plan, build one UPDATE with
// prerequisites, sign it, send it, verify the signed reply, then read back what was meant to change.
// Every zone gets an outcome (applied, no change, dry run, failed with a code and words): a zone that
// fails does not stop the others. I/O (exchange, lookups, clock, IDs) is injected.
import type { ServerAddress } from '../dns/types.js';
import type { Plan } from '../plan/types.js';
import { EXIT, KmsSrvError, exitCodeFor, isKmsSrvError, type ErrorCode, type ExitCode } from '../util/errors.js';
import { buildUpdate, prerequisitesFor } from './build.js';
import { readRrsets, type Lookup, type ServerState } from './current.js';
import { applyChanges, diffRrsets, publishChanges, recordKey, rrsetKey, touchedRrsets, unpublishChanges, type Change } from './diff.js';
import type { Exchange } from './exchange.js';
import { planZones, presentRecord, type RrsetId, type UpdateRecord, type ZoneRecords } from './records.js';
import { signMessage, verifyResponse } from './tsig.js';
import type { TsigKey } from './tsig-key.js';
import { walkMessage } from './wire.js';

export type UpdateMode = 'publish' | 'unpublish';

/** What `runUpdate` does: publish or unpublish, which zones, the server, the TSIG key, and whether it is a dry run. */
export interface UpdateOptions {
  mode: UpdateMode;
  server: ServerAddress;
  /** Undefined = unsigned; the caller checks that `--insecure-unsigned` allowed it. */
  key?: TsigKey;
  zone?: string;
  dryRun: boolean;
  /** `--no-delete`: publish only adds, keeping records of owned RRsets that the plan does not list. */
  keep?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The I/O `runUpdate` uses: the UPDATE exchange and the read-back lookups. */
export interface UpdateDeps {
  /** Sends the UPDATE message. */
  exchange: Exchange;
  /** Reads RRsets before and after the update (the resolver, over TCP, at the same server). */
  lookup: Lookup;
  /** Milliseconds since the epoch (TSIG time signed, RFC 8945 §4.2). */
  now: () => number;
  /** A fresh 16-bit message ID. */
  nextId: () => number;
}

export type ZoneResult = 'applied' | 'no-change' | 'dry-run' | 'failed';

export interface ZoneFailure {
  /** A stable code from src/util/errors.ts (UPDATE_*, DNS_*). */
  code: ErrorCode;
  message: string;
}

/** What happened in one zone: applied, no change, dry run or failed, with the changes and, on failure, why. */
export interface ZoneOutcome {
  zone: string;
  server: ServerAddress;
  result: ZoneResult;
  /** What was (or, on a dry run or failure, would have been) sent. */
  changes: Change[];
  /** True once the UPDATE went out (whatever came back). */
  sent: boolean;
  /** The server's RCODE; null when nothing was sent or no reply came. */
  rcode: string | null;
  signed: boolean;
  dryRun: boolean;
  /** Why the zone failed; null otherwise. */
  error: ZoneFailure | null;
  /** True when the reply's TSIG checked out (false for unsigned or unsent updates). */
  verified: boolean;
}

const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

const CHANGED_MEANWHILE = 'a prerequisite failed: the records changed between reading and updating, so nothing was applied; run the command again';

const RCODE_HINTS: Record<string, string> = {
  REFUSED: 'the server\'s update policy does not allow this (check update-policy / allow-update and the key)',
  NOTAUTH: 'the server is not authoritative for the zone, or did not accept the signature',
  NOTZONE: 'a record lies outside the zone',
  // RFC 2136 §2.4 / §3.2: the RCODEs of failed prerequisites.
  NXRRSET: CHANGED_MEANWHILE,
  YXRRSET: CHANGED_MEANWHILE,
  YXDOMAIN: CHANGED_MEANWHILE,
  NXDOMAIN: CHANGED_MEANWHILE,
  SERVFAIL: 'the server failed to apply the update (see its log)',
  FORMERR: 'the server could not parse the update',
  NOTIMP: 'the server does not implement dynamic update',
};

const PREREQUISITE_RCODES = new Set(['NXRRSET', 'YXRRSET', 'YXDOMAIN', 'NXDOMAIN']);

function rcodeName(code: number): string {
  return RCODE_NAMES[code] ?? `RCODE_${code}`;
}

/** A per-zone failure: caught by `updateZone` and reported in the zone's outcome. */
function fail(code: ErrorCode, message: string): KmsSrvError {
  return new KmsSrvError(code, message);
}

function rrsetsOf(records: readonly UpdateRecord[], owned: readonly RrsetId[]): RrsetId[] {
  const all = new Map<string, RrsetId>();
  for (const r of [...owned, ...records]) all.set(rrsetKey(r.name, r.type), { name: r.name, type: r.type });
  return [...all.values()];
}

const BESIDE_CNAME = 'no other record may sit beside a CNAME (RFC 1034 §3.6.2, RFC 2181 §10.1)';

/** The plan's records that would land on a name that is a CNAME at the server (BIND ignores them). */
function cnameConflicts(records: readonly UpdateRecord[], state: ServerState): string[] {
  const byName = new Map<string, UpdateRecord[]>();
  for (const r of records) if (state.cnames.has(r.name)) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  return [...byName].map(([name, rs]) => {
    const more = rs.length > 1 ? ` and ${rs.length - 1} more` : '';
    return `${name} is a CNAME to ${state.cnames.get(name)} at the server and ${BESIDE_CNAME}, so the server would ignore ${presentRecord(rs[0]!)}${more}; remove the CNAME or change the plan's host name`;
  });
}

/** Reads back what the update touched and names every record that is not as the update meant. */
async function readBack(changes: readonly Change[], before: ServerState, options: UpdateOptions, deps: UpdateDeps): Promise<string[]> {
  const touched = touchedRrsets(changes);
  const after = await readRrsets(touched, options.server, deps.lookup, { when: 'after the update', signal: options.signal });
  const { missing, unexpected } = diffRrsets(touched, applyChanges(before.rrsets, changes), after.rrsets);
  const why = (name: string): string =>
    after.cnames.has(name)
      ? `${name} is a CNAME to ${after.cnames.get(name)} at the server and ${BESIDE_CNAME}`
      : 'the server ignored it or another change landed at the same time; see the server\'s log';
  const deleted = new Set(changes.filter((c) => c.op === 'delete').map((c) => recordKey(c.record)));
  return [
    ...missing.map((r) => `${presentRecord(r)} is not there (${why(r.name)})`),
    ...unexpected.map((r) => `${presentRecord(r)} is ${deleted.has(recordKey(r)) ? 'still' : 'now'} there (${why(r.name)})`),
  ];
}

async function attempt(target: ZoneRecords, outcome: ZoneOutcome, options: UpdateOptions, deps: UpdateDeps): Promise<void> {
  const { zone, records, owned } = target;
  const before = await readRrsets(rrsetsOf(records, owned), options.server, deps.lookup, { when: 'before the update', signal: options.signal });
  outcome.changes =
    options.mode === 'publish' ? publishChanges(records, before.rrsets, { owned, keep: options.keep }) : unpublishChanges(records, before.rrsets);
  if (options.mode === 'publish') {
    const conflicts = cnameConflicts(records, before);
    if (conflicts.length > 0) throw fail('UPDATE_CNAME_CONFLICT', `not sent: ${conflicts.join('; ')}`);
  }
  if (outcome.changes.length === 0) return;
  if (options.dryRun) {
    outcome.result = 'dry-run';
    return;
  }

  const message = buildUpdate({ id: deps.nextId(), zone, prerequisites: prerequisitesFor(outcome.changes, before.rrsets), changes: outcome.changes });
  const signed = options.key ? signMessage(message, options.key, deps.now() / 1000) : undefined;
  outcome.sent = true;
  let reply: Buffer;
  try {
    reply = await deps.exchange(signed?.message ?? message, options.server, { timeoutMs: options.timeoutMs, signal: options.signal });
  } catch (error) {
    if (!isKmsSrvError(error)) throw error;
    // Without a reply nobody knows whether the server applied it; the next run reads and tells.
    throw new KmsSrvError(error.code, `sending the update: ${error.message}; it may or may not have been applied: run the command again (or with --dry-run) to see`, {
      cause: error,
      details: error.details,
    });
  }
  const layout = walkMessage(reply);
  if ((layout.flags & 0x8000) === 0 || layout.opcode !== 5) {
    throw new KmsSrvError('DNS_BADRESP', `the reply from the server is not an UPDATE response (opcode ${layout.opcode})`);
  }
  const rcode = rcodeName(layout.rcode);
  outcome.rcode = rcode;

  if (options.key && signed) {
    const check = verifyResponse(reply, options.key, signed.mac, deps.now() / 1000);
    if (!check.ok) {
      if (check.reason === 'server-error') throw fail('UPDATE_REFUSED', `update refused: ${rcode} (${check.message})`);
      throw fail('UPDATE_BAD_SIGNATURE', `the reply's signature is not valid (${check.message}); the server said ${rcode}, but that answer cannot be trusted`);
    }
    outcome.verified = true;
  }
  if (rcode !== 'NOERROR') {
    const hint = !options.key && rcode === 'REFUSED' ? 'the server requires a signed update: pass --key FILE' : RCODE_HINTS[rcode];
    throw fail(PREREQUISITE_RCODES.has(rcode) ? 'UPDATE_PREREQUISITE' : 'UPDATE_REFUSED', `update refused: ${rcode}${hint ? ` (${hint})` : ''}`);
  }
  const differences = await readBack(outcome.changes, before, options, deps);
  if (differences.length > 0) {
    throw fail('UPDATE_NOT_APPLIED', `the server answered NOERROR, but reading back over TCP: ${differences.join('; ')}`);
  }
  outcome.result = 'applied';
}

async function updateZone(target: ZoneRecords, options: UpdateOptions, deps: UpdateDeps): Promise<ZoneOutcome> {
  const outcome: ZoneOutcome = {
    zone: target.zone,
    server: options.server,
    result: 'no-change',
    changes: [],
    sent: false,
    rcode: null,
    signed: options.key !== undefined,
    dryRun: options.dryRun,
    error: null,
    verified: false,
  };
  try {
    await attempt(target, outcome, options, deps);
  } catch (error) {
    if (!isKmsSrvError(error)) throw error;
    outcome.result = 'failed';
    outcome.error = { code: error.code, message: error.message };
  }
  return outcome;
}

/** Runs publish or unpublish for every zone of the plan (or the one `zone`), in order, each to its end. */
export async function runUpdate(plan: Plan, options: UpdateOptions, deps: UpdateDeps): Promise<ZoneOutcome[]> {
  const outcomes: ZoneOutcome[] = [];
  for (const target of planZones(plan, options.zone)) outcomes.push(await updateZone(target, options, deps));
  return outcomes;
}

/**
 * The command's exit code: 0 when no zone failed; 1 when a zone failed on what the server answered
 * (a refusal, a failed prerequisite, a CNAME in the way, a read-back that differs, a bad signature);
 * otherwise the code of the first failure (3 when the server did not answer).
 */
export function updateExitCode(outcomes: readonly ZoneOutcome[]): ExitCode {
  const codes = outcomes.flatMap((o) => (o.error ? [exitCodeFor(o.error.code)] : []));
  if (codes.length === 0) return EXIT.ok;
  return codes.includes(EXIT.dnsNo) ? EXIT.dnsNo : codes[0]!;
}
