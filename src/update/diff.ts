// What to send: the difference between the plan's records and what the server holds now. Pure.
import type { RrsetId, UpdateRecord } from './records.js';
import { encodeRdata } from './wire.js';

export interface Change {
  op: 'add' | 'delete';
  record: UpdateRecord;
}

/** The server's current RRsets, keyed by `rrsetKey`. A missing key means the RRset is empty. */
export type CurrentRrsets = Map<string, UpdateRecord[]>;

export function rrsetKey(name: string, type: string): string {
  return `${name.toLowerCase()} ${type}`;
}

/** RDATA identity as the server compares it: wire bytes, names lower-cased (RFC 4034 §6.2). */
function rdataKey(record: UpdateRecord): string {
  const data = typeof record.data === 'string' ? record.data : { ...record.data, target: record.data.target.toLowerCase() };
  return encodeRdata(record.type, data).toString('hex');
}

/** One record's identity at the server: its RRset and its RDATA. */
export function recordKey(record: UpdateRecord): string {
  return `${rrsetKey(record.name, record.type)} ${rdataKey(record)}`;
}

function findSame(record: UpdateRecord, current: CurrentRrsets): UpdateRecord | undefined {
  const key = rdataKey(record);
  return current.get(rrsetKey(record.name, record.type))?.find((r) => rdataKey(r) === key);
}

export interface PublishOptions {
  /** The RRsets the plan owns (records.ts): what the server holds there beyond the plan is deleted. */
  owned?: readonly RrsetId[];
  /** `--no-delete`: keep records of owned RRsets that the plan does not list. */
  keep?: boolean;
}

/** The records of `rrset` in `current` that `desired` does not list (by RDATA, whatever the TTL). */
function extras(rrset: RrsetId, desired: readonly UpdateRecord[], current: CurrentRrsets): UpdateRecord[] {
  const key = rrsetKey(rrset.name, rrset.type);
  const wanted = new Set(desired.filter((d) => rrsetKey(d.name, d.type) === key).map(rdataKey));
  return (current.get(key) ?? []).filter((r) => !wanted.has(rdataKey(r)));
}

/**
 * What makes the server's owned RRsets equal to the plan: deletions of the records the plan does not
 * list (unless `keep`), then additions of those missing or present with another TTL (re-adding sets
 * the RRset's TTL, RFC 2136 §3.4.2.2). A record already there with the plan's TTL is left alone.
 */
export function publishChanges(desired: readonly UpdateRecord[], current: CurrentRrsets, options: PublishOptions = {}): Change[] {
  const deletes = options.keep ? [] : (options.owned ?? []).flatMap((rrset) => extras(rrset, desired, current));
  return [
    ...deletes.map((record): Change => ({ op: 'delete', record })),
    ...desired.filter((r) => findSame(r, current)?.ttl !== r.ttl).map((record): Change => ({ op: 'add', record })),
  ];
}

/** The server's RRsets once `changes` are applied to `current`: what a read-back must find. */
export function applyChanges(current: CurrentRrsets, changes: readonly Change[]): CurrentRrsets {
  const next: CurrentRrsets = new Map([...current].map(([k, v]) => [k, [...v]]));
  for (const { op, record } of changes) {
    const key = rrsetKey(record.name, record.type);
    const id = rdataKey(record);
    const kept = (next.get(key) ?? []).filter((r) => rdataKey(r) !== id);
    next.set(key, op === 'add' ? [...kept, record] : kept);
  }
  return next;
}

export interface RrsetDifference {
  /** In `expected`, missing from `actual`. */
  missing: UpdateRecord[];
  /** In `actual`, not in `expected`. */
  unexpected: UpdateRecord[];
}

/**
 * How the RRsets `rrsets` of `actual` differ from `expected`, by RDATA as the server compares it. TTLs
 * are not compared: an add sets the whole RRset's TTL (RFC 2136 §3.4.2.2), kept records included.
 */
export function diffRrsets(rrsets: readonly RrsetId[], expected: CurrentRrsets, actual: CurrentRrsets): RrsetDifference {
  const missing: UpdateRecord[] = [];
  const unexpected: UpdateRecord[] = [];
  for (const { name, type } of rrsets) {
    const key = rrsetKey(name, type);
    const want = expected.get(key) ?? [];
    const have = actual.get(key) ?? [];
    const held = new Set(have.map(rdataKey));
    const wanted = new Set(want.map(rdataKey));
    missing.push(...want.filter((r) => !held.has(rdataKey(r))));
    unexpected.push(...have.filter((r) => !wanted.has(rdataKey(r))));
  }
  return { missing, unexpected };
}

/** Records to delete: exactly the plan's records the server holds, whatever their TTL. */
export function unpublishChanges(desired: readonly UpdateRecord[], current: CurrentRrsets): Change[] {
  const changes: Change[] = [];
  for (const r of desired) {
    const there = findSame(r, current);
    if (there) changes.push({ op: 'delete', record: there });
  }
  return changes;
}

/** The RRsets the changes touch, each once, in first-touched order. */
export function touchedRrsets(changes: readonly Change[]): RrsetId[] {
  const seen = new Map<string, RrsetId>();
  for (const { record } of changes) {
    const key = rrsetKey(record.name, record.type);
    if (!seen.has(key)) seen.set(key, { name: record.name, type: record.type });
  }
  return [...seen.values()];
}
