// What to send: the difference between the plan's records and what the server holds now. Pure.
import type { UpdateRecord } from './records.js';
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

function findSame(record: UpdateRecord, current: CurrentRrsets): UpdateRecord | undefined {
  const key = rdataKey(record);
  return current.get(rrsetKey(record.name, record.type))?.find((r) => rdataKey(r) === key);
}

/**
 * Records to add: those missing, or present with another TTL (re-adding sets the RRset's TTL,
 * RFC 2136 §3.4.2.2). A record already there with the plan's TTL is left alone.
 */
export function publishChanges(desired: readonly UpdateRecord[], current: CurrentRrsets): Change[] {
  return desired.filter((r) => findSame(r, current)?.ttl !== r.ttl).map((record) => ({ op: 'add', record }));
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
export function touchedRrsets(changes: readonly Change[]): Array<{ name: string; type: UpdateRecord['type'] }> {
  const seen = new Map<string, { name: string; type: UpdateRecord['type'] }>();
  for (const { record } of changes) {
    const key = rrsetKey(record.name, record.type);
    if (!seen.has(key)) seen.set(key, { name: record.name, type: record.type });
  }
  return [...seen.values()];
}
