// The audit's fast reading of an SRV reply: header, question echo, SRV records, the A/AAAA glue of the
// additional section, and nothing else, straight from the bytes (decoding every reply in full with
// dns-packet was a sixth of the audit's CPU). It rejects through the same `replyRejection` gate as
// `validateResponse` (wire.ts) does before decoding; a reply it can read only partly is `unusual` and
// goes to the full resolver path, which decides what it is. So an answer it takes is always one the
// resolver would have taken, with the same records (the differential fuzz test in test/audit checks this).
import { FLAG_TC, HEADER_BYTES, replyRejection } from '../dns/reply-gate.js';
import { ipv6Text, nameText, readName, TYPE_A, TYPE_AAAA, TYPE_NS, TYPE_OPT, TYPE_SOA, TYPE_SRV, Unusual } from '../dns/reply-reader.js';

export const RCODE_NOERROR = 0;
const RCODE_SERVFAIL = 2;
const FLAG_AA = 0x0400;
export const RCODE_NXDOMAIN = 3;
export const RCODE_REFUSED = 5;

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
  | {
      kind: 'answer';
      rcode: number;
      srv: SrvData[];
      addresses: Map<string, string[]>;
      /** The AA bit: only an authoritative reply's addresses may be used (answer-gate.ts). */
      authoritative: boolean;
      /** Owners of the authority section's SOA and NS records, which bound the zone the server spoke for. */
      zoneOwners: string[];
    };

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
    return readSections(message, questionEnd, rcode, answers, authorities, additionals, qname, (flags & FLAG_AA) !== 0);
  } catch (error) {
    if (error instanceof Unusual) return { kind: 'unusual', reason: error.reason };
    throw error;
  }
}

function readSections(buf: Buffer, offset: number, rcode: number, answers: number, authorities: number, additionals: number, qname: string, authoritative: boolean): SrvReply {
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
  // Authority records bound the server's zone; the resolver path decodes them, so they must decode.
  const zoneOwners: string[] = [];
  for (let i = 0; i < authorities; i++) {
    const owner = { name: '' };
    const { type, rdStart, rdEnd } = header(readName(buf, offset, owner));
    zoneOwners.push(owner.name);
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
  return { kind: 'answer', rcode, srv, addresses: v4, authoritative, zoneOwners };
}

function add(map: Map<string, string[]>, name: string, ...values: string[]): void {
  const list = map.get(name);
  if (list) list.push(...values);
  else map.set(name, values);
}
