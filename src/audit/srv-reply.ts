// The audit's fast reading of an SRV reply: header, question echo, SRV records, the A/AAAA glue of the
// additional section, and nothing else, straight from the bytes (decoding every reply in full with
// dns-packet was a sixth of the audit's CPU). It rejects through the same `replyRejection` gate as
// `validateResponse` (wire.ts) does before decoding; a reply it can read only partly is `unusual` and
// goes to the full resolver path, which decides what it is. So an answer it takes is always one the
// resolver would have taken, with the same records (the differential fuzz test in test/audit checks this).
import { FLAG_TC, HEADER_BYTES, replyRejection } from '../dns/reply-gate.js';

const TYPE_A = 1;
const TYPE_NS = 2;
const TYPE_SOA = 6;
const TYPE_AAAA = 28;
const TYPE_SRV = 33;
const TYPE_OPT = 41;
// dns-packet refuses a name whose labels, each with its length byte, add up to more than this.
const MAX_NAME_BYTES = 254;

export const RCODE_NOERROR = 0;
const RCODE_SERVFAIL = 2;
export const RCODE_NXDOMAIN = 3;
const RCODE_REFUSED = 5;

export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  /** Absolute, as the resolver reports it: "kms1.example.test." or ".". */
  target: string;
}

export type SrvReply =
  /** Not an answer to this query; the wait goes on (`idMatched` as in `validateResponse`). */
  | { kind: 'reject'; reason: string; idMatched: boolean }
  /** An answer this reader does not fully read (TC, CNAME, other RCODEs or record types, odd bytes). */
  | { kind: 'unusual'; reason: string }
  /** NOERROR, NXDOMAIN, SERVFAIL or REFUSED with every record read; addresses by lower-case absolute owner, A before AAAA. */
  | { kind: 'answer'; rcode: number; srv: SrvData[]; addresses: Map<string, string[]> };

/** Thrown inside the reader for bytes outside its fast path; never escapes `readSrvReply`. */
class Unusual {
  constructor(readonly reason: string) {}
}

/**
 * Walk the name at `offset` with dns-packet's rules (pointers only to earlier bytes, the length limit)
 * and return where the record continues. With `out`, the name is returned through `out.name` as
 * absolute text, and only printable ASCII labels without "." are read (so lower-casing it is ASCII's).
 */
function readName(buf: Buffer, offset: number, out: { name: string } | undefined): number {
  let start = offset;
  let end = -1;
  let total = 0;
  let text = '';
  for (;;) {
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
      for (let i = offset; i < offset + len; i++) {
        const byte = buf[i] as number;
        if (byte < 0x21 || byte > 0x7e || byte === 0x2e) throw new Unusual('a label with bytes other than printable ASCII');
      }
      text += `${buf.toString('latin1', offset, offset + len)}.`;
    }
    offset += len;
  }
  if (out) out.name = text === '' ? '.' : text;
  return end < 0 ? offset : end;
}

/** The name at `offset`, with case, as the resolver prints it (absolute). */
function nameText(buf: Buffer, offset: number): { name: string; end: number } {
  const out = { name: '' };
  const end = readName(buf, offset, out);
  return { name: out.name, end };
}

/**
 * IPv6 text exactly as the resolver path prints it (dns-packet's codec): lower-case hex groups without
 * leading zeros, the FIRST run of two or more zero groups written "::" (not the longest, as RFC 5952
 * would), so both paths report the same strings.
 */
function ipv6Text(buf: Buffer, at: number): string {
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

/** Names compared for audit: the owner of an answer record must be the question name. */
function sameNameAt(buf: Buffer, offset: number, qname: string): number {
  // The usual owner is a pointer to the question at byte 12.
  if (buf[offset] === 0xc0 && buf[offset + 1] === HEADER_BYTES) return offset + 2;
  const { name, end } = nameText(buf, offset);
  if (name.toLowerCase() !== qname) throw new Unusual('an answer record for another name');
  return end;
}

/**
 * Read `message` as the reply to `query` (our wire bytes, question ending at `questionEnd`), whose
 * question name is `qname` (lower-case, absolute).
 */
export function readSrvReply(message: Buffer, query: Buffer, questionEnd: number, qname: string): SrvReply {
  const rejection = replyRejection(message, query, questionEnd);
  if (rejection) return { kind: 'reject', reason: rejection.reason, idMatched: rejection.idMatched };
  const flags = message.readUInt16BE(2);
  const answers = message.readUInt16BE(6);
  const authorities = message.readUInt16BE(8);
  const additionals = message.readUInt16BE(10);
  if (flags & FLAG_TC) return { kind: 'unusual', reason: 'truncated (TC)' };
  const rcode = flags & 0xf;
  if (rcode !== RCODE_NOERROR && rcode !== RCODE_NXDOMAIN && rcode !== RCODE_SERVFAIL && rcode !== RCODE_REFUSED) return { kind: 'unusual', reason: `RCODE ${rcode}` };
  if (rcode !== RCODE_NOERROR && answers > 0) return { kind: 'unusual', reason: 'answer records with an error RCODE' };
  try {
    return readSections(message, questionEnd, rcode, answers, authorities, additionals, qname);
  } catch (error) {
    if (error instanceof Unusual) return { kind: 'unusual', reason: error.reason };
    throw error;
  }
}

function readSections(buf: Buffer, offset: number, rcode: number, answers: number, authorities: number, additionals: number, qname: string): SrvReply {
  const length = buf.length;
  /** Type and RDATA bounds of the record whose owner ends at `at`. */
  const header = (at: number) => {
    if (at + 10 > length) throw new Unusual('a record header runs past the end');
    const rdStart = at + 10;
    const rdEnd = rdStart + buf.readUInt16BE(at + 8);
    if (rdEnd > length) throw new Unusual('record data runs past the end');
    return { type: buf.readUInt16BE(at), rdStart, rdEnd };
  };
  const srv: SrvData[] = [];
  for (let i = 0; i < answers; i++) {
    const { type, rdStart, rdEnd } = header(sameNameAt(buf, offset, qname));
    if (type !== TYPE_SRV) throw new Unusual(`an answer record of type ${type}`);
    if (rdEnd - rdStart < 7) throw new Unusual('SRV data too short');
    const target = nameText(buf, rdStart + 6);
    if (target.end !== rdEnd) throw new Unusual('SRV data length does not match its target');
    srv.push({ priority: buf.readUInt16BE(rdStart), weight: buf.readUInt16BE(rdStart + 2), port: buf.readUInt16BE(rdStart + 4), target: target.name });
    offset = rdEnd;
  }
  // Authority records are not used, but the resolver path decodes them, so they must decode.
  for (let i = 0; i < authorities; i++) {
    const { type, rdStart, rdEnd } = header(readName(buf, offset, undefined));
    if (type === TYPE_SOA) {
      const after = readName(buf, readName(buf, rdStart, undefined), undefined) + 20;
      if (after !== rdEnd) throw new Unusual('SOA data length does not match its fields');
    } else if (type === TYPE_NS) {
      if (readName(buf, rdStart, undefined) !== rdEnd) throw new Unusual('NS data length does not match its name');
    } else throw new Unusual(`an authority record of type ${type}`);
    offset = rdEnd;
  }
  const v4 = new Map<string, string[]>();
  const v6 = new Map<string, string[]>();
  for (let i = 0; i < additionals; i++) {
    const owner = { name: '' };
    const { type, rdStart, rdEnd } = header(readName(buf, offset, owner));
    if (type === TYPE_A) {
      if (rdEnd - rdStart !== 4) throw new Unusual('an A record that is not 4 bytes');
      add(v4, owner.name.toLowerCase(), `${buf[rdStart]}.${buf[rdStart + 1]}.${buf[rdStart + 2]}.${buf[rdStart + 3]}`);
    } else if (type === TYPE_AAAA) {
      if (rdEnd - rdStart !== 16) throw new Unusual('an AAAA record that is not 16 bytes');
      add(v6, owner.name.toLowerCase(), ipv6Text(buf, rdStart));
    } else if (type !== TYPE_OPT || rdEnd !== rdStart) throw new Unusual(`an additional record of type ${type}`);
    offset = rdEnd;
  }
  // A before AAAA for each name, as audit lists a host's addresses.
  for (const [name, list] of v6) add(v4, name, ...list);
  return { kind: 'answer', rcode, srv, addresses: v4 };
}

function add(map: Map<string, string[]>, name: string, ...values: string[]): void {
  const list = map.get(name);
  if (list) list.push(...values);
  else map.set(name, values);
}
