// RFC 2136 UPDATE messages. Sections: zone (1 entry, type SOA), prerequisites, updates, additional.
// Prerequisites pin every touched RRset to what we read just before, so a concurrent change makes the
// server answer NXRRSET or YXRRSET instead of our update landing on a state we did not diff against.
import { rrsetKey, touchedRrsets, type Change, type CurrentRrsets } from './diff.js';
import type { UpdateRecord } from './records.js';
import { CLASS, HEADER_LENGTH, OPCODE_UPDATE, TYPE, encodeName, encodeRdata, encodeRr } from './wire.js';

export type Prerequisite =
  /** RFC 2136 §2.4.2: the RRset exists and equals exactly these records. */
  | { kind: 'rrset-equals'; name: string; type: UpdateRecord['type']; records: UpdateRecord[] }
  /** RFC 2136 §2.4.3: the RRset does not exist. */
  | { kind: 'rrset-absent'; name: string; type: UpdateRecord['type'] };

export interface UpdateRequest {
  id: number;
  /** Absolute, trailing dot. */
  zone: string;
  prerequisites: Prerequisite[];
  changes: Change[];
}

export function prerequisitesFor(changes: readonly Change[], current: CurrentRrsets): Prerequisite[] {
  return touchedRrsets(changes).map(({ name, type }): Prerequisite => {
    const records = current.get(rrsetKey(name, type)) ?? [];
    return records.length > 0 ? { kind: 'rrset-equals', name, type, records } : { kind: 'rrset-absent', name, type };
  });
}

function rdata(record: UpdateRecord): Buffer {
  return encodeRdata(record.type, record.data);
}

function prerequisiteRrs(p: Prerequisite): Buffer[] {
  if (p.kind === 'rrset-absent') return [encodeRr({ name: p.name, type: TYPE[p.type], klass: CLASS.NONE, ttl: 0 })];
  // Value-dependent: class IN, TTL 0 (RFC 2136 §2.4.2).
  return p.records.map((r) => encodeRr({ name: r.name, type: TYPE[r.type], klass: CLASS.IN, ttl: 0, rdata: rdata(r) }));
}

function updateRr(change: Change): Buffer {
  const r = change.record;
  return change.op === 'add'
    ? encodeRr({ name: r.name, type: TYPE[r.type], klass: CLASS.IN, ttl: r.ttl, rdata: rdata(r) })
    : // RFC 2136 §2.5.4: delete one RR = class NONE, TTL 0, the RDATA to delete.
      encodeRr({ name: r.name, type: TYPE[r.type], klass: CLASS.NONE, ttl: 0, rdata: rdata(r) });
}

/** The unsigned UPDATE message bytes. */
export function buildUpdate(request: UpdateRequest): Buffer {
  const prereqs = request.prerequisites.flatMap(prerequisiteRrs);
  const updates = request.changes.map(updateRr);
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(request.id, 0);
  header.writeUInt16BE(OPCODE_UPDATE << 11, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(prereqs.length, 6);
  header.writeUInt16BE(updates.length, 8);
  header.writeUInt16BE(0, 10);
  const zoneSection = Buffer.alloc(4);
  zoneSection.writeUInt16BE(TYPE.SOA, 0);
  zoneSection.writeUInt16BE(CLASS.IN, 2);
  return Buffer.concat([header, encodeName(request.zone), zoneSection, ...prereqs, ...updates]);
}
