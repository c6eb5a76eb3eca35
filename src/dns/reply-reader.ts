// Reading common replies straight from the bytes, without dns-packet (decoding every answer with it
// was ~18 µs of each lookup). Names and addresses come out exactly as dns-packet would print them, so
// the resolver's results do not depend on which reader ran; anything outside the plain cases gives
// undefined and goes to dns-packet (the differential test in test/dns checks both agree).
// The audit's reader (audit/srv-reply.ts) uses the same name and address helpers.
import { plainLabel } from '../names/presentation.js';
import { FLAG_TC, HEADER_BYTES } from './reply-gate.js';
import { wireTypeCode } from '../zonefile/rrtypes.js';

/** A code of the one type table (zonefile/rrtypes.ts), read once at load for the hot loops below. */
function code(type: string): number {
  const value = wireTypeCode(type);
  if (value === undefined) throw new Error(`no type ${type} in zonefile/rrtypes.ts`);
  return value;
}
export const TYPE_A = code('A');
export const TYPE_NS = code('NS');
const TYPE_CNAME = code('CNAME');
export const TYPE_SOA = code('SOA');
export const TYPE_AAAA = code('AAAA');
export const TYPE_SRV = code('SRV');
export const TYPE_OPT = code('OPT');
const CLASS_IN = 1;
// dns-packet refuses a name whose labels, each with its length byte, add up to more than this.
const MAX_NAME_BYTES = 254;
// A name within that limit has at most 127 labels; 128 pointer jumps more is generous. The bound makes
// any flaw in the pointer rule end in `Unusual` instead of a loop (RFC 1035 §4.1.4 pointers).
const MAX_NAME_STEPS = 255;
const RCODE_NAMES = ['NOERROR', undefined, undefined, 'NXDOMAIN'];

/** Thrown inside a reader for bytes outside its fast path; never escapes the readers. */
export class Unusual {
  constructor(readonly reason: string) {}
}

/**
 * Walk the name at `offset` with dns-packet's rules (pointers only to earlier bytes, the length limit)
 * and return where the record continues. With `out`, the name is returned through `out.name` as
 * absolute text, and only labels that need no escape are read (so lower-casing it is ASCII's).
 */
export function readName(buf: Buffer, offset: number, out: { name: string } | undefined): number {
  let start = offset;
  let end = -1;
  let total = 0;
  let text = '';
  for (let step = 0; ; step++) {
    if (step >= MAX_NAME_STEPS) throw new Unusual('a name with too many labels or pointers');
    if (offset >= buf.length) throw new Unusual('a name runs past the end');
    const len = buf[offset++] as number;
    if (len === 0) break;
    if ((len & 0xc0) === 0xc0) {
      if (offset >= buf.length) throw new Unusual('a name pointer runs past the end');
      const target = ((len & 0x3f) << 8) | (buf[offset] as number);
      if (target >= start) throw new Unusual('a name pointer that does not point backwards');
      if (end < 0) end = offset + 1;
      offset = start = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new Unusual('a reserved label type');
    if (offset + len > buf.length) throw new Unusual('a label runs past the end');
    total += len + 1;
    if (total > MAX_NAME_BYTES) throw new Unusual('a name longer than 255 bytes');
    if (out) {
      // A label that needs an escape (a dot, a backslash, a control octet …) goes to dns-packet.
      if (!plainLabel(buf, offset, offset + len)) throw new Unusual('a label that needs escapes');
      text += `${buf.toString('latin1', offset, offset + len)}.`;
    }
    offset += len;
  }
  if (out) out.name = text === '' ? '.' : text;
  return end < 0 ? offset : end;
}

/** The name at `offset`, with case, absolute ("kms1.example.test." or "."). */
export function nameText(buf: Buffer, offset: number): { name: string; end: number } {
  const out = { name: '' };
  const end = readName(buf, offset, out);
  return { name: out.name, end };
}

/**
 * IPv6 text exactly as dns-packet's codec prints it: lower-case hex groups without leading zeros, the
 * FIRST run of two or more zero groups written "::" (not the longest, as RFC 5952 would).
 */
export function ipv6Text(buf: Buffer, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((buf[at + i] as number) << 8) | (buf[at + i + 1] as number));
  let from = 0;
  while (from < 7 && !(groups[from] === 0 && groups[from + 1] === 0)) from++;
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (from === 7) return hex(groups);
  let to = from + 2;
  while (to < 8 && groups[to] === 0) to++;
  return `${hex(groups.slice(0, from))}::${hex(groups.slice(to))}`;
}

/** A name as dns-packet returns it: no trailing dot, the root as ".". */
function packetName(buf: Buffer, offset: number): { name: string; end: number } {
  const { name, end } = nameText(buf, offset);
  return { name: name === '.' ? '.' : name.slice(0, -1), end };
}

/** A decoded record in dns-packet's shape (the fields `toDnsRecords` reads). */
export interface PlainRecord {
  name: string;
  type: string;
  class: string;
  ttl: number;
  data: unknown;
}

export interface PlainReply {
  rcode: string;
  flag_aa: boolean;
  flag_tc: boolean;
  answers: PlainRecord[];
  authorities: PlainRecord[];
  additionals: PlainRecord[];
}

/**
 * A reply that already passed `replyRejection`, read without dns-packet when it is NOERROR or
 * NXDOMAIN, not truncated, and holds only class-IN SRV, A, AAAA, CNAME and SOA records (plus an
 * empty OPT) whose data fills exactly their RDATA length. Undefined otherwise. Never throws.
 */
export function readPlainReply(buf: Buffer, questionEnd: number): PlainReply | undefined {
  const flags = buf.readUInt16BE(2);
  const rcode = RCODE_NAMES[flags & 0xf];
  if (rcode === undefined || flags & FLAG_TC || buf.length < HEADER_BYTES) return undefined;
  try {
    let offset = questionEnd;
    const section = (count: number): PlainRecord[] => {
      const records: PlainRecord[] = [];
      for (let i = 0; i < count; i++) {
        const record = readRecord(buf, offset);
        offset = record.end;
        if (record.value) records.push(record.value);
      }
      return records;
    };
    const answers = section(buf.readUInt16BE(6));
    const authorities = section(buf.readUInt16BE(8));
    const additionals = section(buf.readUInt16BE(10));
    return { rcode, flag_aa: (flags & 0x0400) !== 0, flag_tc: false, answers, authorities, additionals };
  } catch (error) {
    if (error instanceof Unusual) return undefined;
    throw error;
  }
}

/** One record at `offset`; `value` undefined for the (empty) OPT pseudo-record, which results omit. */
function readRecord(buf: Buffer, offset: number): { value: PlainRecord | undefined; end: number } {
  const owner = packetName(buf, offset);
  const at = owner.end;
  if (at + 10 > buf.length) throw new Unusual('a record header runs past the end');
  const type = buf.readUInt16BE(at);
  const rdStart = at + 10;
  const rdEnd = rdStart + buf.readUInt16BE(at + 8);
  if (rdEnd > buf.length) throw new Unusual('record data runs past the end');
  if (type === TYPE_OPT) {
    if (rdEnd !== rdStart) throw new Unusual('an OPT record with options');
    return { value: undefined, end: rdEnd };
  }
  if (buf.readUInt16BE(at + 2) !== CLASS_IN) throw new Unusual('a class other than IN');
  const ttl = buf.readUInt32BE(at + 4);
  const record = (typeName: string, data: unknown) => ({ value: { name: owner.name, type: typeName, class: 'IN', ttl, data }, end: rdEnd });
  switch (type) {
    case TYPE_A:
      if (rdEnd - rdStart !== 4) throw new Unusual('an A record that is not 4 bytes');
      return record('A', `${buf[rdStart]}.${buf[rdStart + 1]}.${buf[rdStart + 2]}.${buf[rdStart + 3]}`);
    case TYPE_AAAA:
      if (rdEnd - rdStart !== 16) throw new Unusual('an AAAA record that is not 16 bytes');
      return record('AAAA', ipv6Text(buf, rdStart));
    case TYPE_CNAME: {
      const target = packetName(buf, rdStart);
      if (target.end !== rdEnd) throw new Unusual('CNAME data length does not match its name');
      return record('CNAME', target.name);
    }
    case TYPE_SRV: {
      if (rdEnd - rdStart < 7) throw new Unusual('SRV data too short');
      const target = packetName(buf, rdStart + 6);
      if (target.end !== rdEnd) throw new Unusual('SRV data length does not match its target');
      return record('SRV', { priority: buf.readUInt16BE(rdStart), weight: buf.readUInt16BE(rdStart + 2), port: buf.readUInt16BE(rdStart + 4), target: target.name });
    }
    case TYPE_SOA: {
      const mname = packetName(buf, rdStart);
      const rname = packetName(buf, mname.end);
      if (rname.end + 20 !== rdEnd) throw new Unusual('SOA data length does not match its fields');
      const n = (i: number) => buf.readUInt32BE(rname.end + 4 * i);
      return record('SOA', { mname: mname.name, rname: rname.name, serial: n(0), refresh: n(1), retry: n(2), expire: n(3), minimum: n(4) });
    }
    default:
      throw new Unusual(`a record of type ${type}`);
  }
}
