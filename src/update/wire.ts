// Low-level DNS wire pieces UPDATE and TSIG need and dns-packet's typed API lacks: classes NONE and
// ANY with empty RDATA (RFC 2136 §2.4–2.5), raw RR framing, and a walker that finds each RR's bytes
// so a TSIG RR can be located and stripped. Names and RDATA are still encoded by dns-packet.
import dnsPacket from '../dns/packet.js';
import { absoluteName } from '../names/canonical.js';
import { KmsSrvError } from '../util/errors.js';
import { wireTypeCode } from '../zonefile/rrtypes.js';

/** The untyped parts of dns-packet we use: the name codec and per-type RDATA codecs. */
interface RdataCodec {
  encode(data: unknown): Buffer;
}
const codec = dnsPacket as unknown as {
  name: { encode(name: string): Buffer; decode: ((buf: Buffer, offset?: number) => string) & { bytes: number } };
  record(type: string): RdataCodec;
};

export const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;
/** The codes UPDATE and TSIG write, from the one type table. */
export const TYPE = { A: wireCode('A'), SOA: wireCode('SOA'), AAAA: wireCode('AAAA'), SRV: wireCode('SRV'), TSIG: wireCode('TSIG'), ANY: wireCode('ANY') } as const;

function wireCode(type: string): number {
  const value = wireTypeCode(type);
  if (value === undefined) throw new Error(`no type ${type} in zonefile/rrtypes.ts`);
  return value;
}
export const OPCODE_UPDATE = 5;
export const HEADER_LENGTH = 12;

/** Encodes an absolute name in uncompressed wire form; `lower` gives the canonical form (RFC 4034 §6.2). */
export function encodeName(name: string, lower = false): Buffer {
  const text = lower ? name.toLowerCase() : name;
  const labels = text.replace(/\.$/, '').split('.');
  if (text !== '.' && text !== '') {
    for (const label of labels) {
      const len = Buffer.byteLength(label);
      if (len === 0 || len > 63) throw new KmsSrvError('INPUT_INVALID', `name "${name}": label "${label}" must be 1 to 63 octets`);
    }
  }
  const wire = codec.name.encode(text);
  if (wire.length > 255) throw new KmsSrvError('INPUT_INVALID', `name "${name}" is longer than 255 octets`);
  return wire;
}

/** RDATA with its 2-byte length prefix, via dns-packet's codec for the type. */
export function encodeRdata(type: string, data: unknown): Buffer {
  return codec.record(type).encode(data);
}

export interface RawRr {
  name: string;
  type: number;
  klass: number;
  ttl: number;
  /** RDATA with its length prefix; omitted = RDLENGTH 0 (RRset prerequisites and deletes). */
  rdata?: Buffer;
}

export function encodeRr(rr: RawRr): Buffer {
  const fixed = Buffer.alloc(8);
  fixed.writeUInt16BE(rr.type, 0);
  fixed.writeUInt16BE(rr.klass, 2);
  fixed.writeUInt32BE(rr.ttl, 4);
  return Buffer.concat([encodeName(rr.name), fixed, rr.rdata ?? Buffer.alloc(2)]);
}

function malformed(what: string, offset: number): KmsSrvError {
  return new KmsSrvError('DNS_BADRESP', `malformed DNS message: ${what} at byte ${offset}`, { details: { offset } });
}

/**
 * Reads a possibly compressed name with the one name decoder (dns/packet.ts: pointers only backwards,
 * 255 octets, RFC 1035 escapes); returns it in presentation form, lower case with a trailing dot, and
 * the offset after it.
 */
export function readName(buf: Buffer, offset: number): { name: string; next: number } {
  let name: string;
  try {
    name = codec.name.decode(buf, offset);
  } catch (error) {
    throw malformed(`name ${(error as Error).message.replace(/^Cannot decode name /, '')}`, offset);
  }
  return { name: absoluteName(name).toLowerCase(), next: offset + codec.name.decode.bytes };
}

export interface RrSpan {
  section: 'question' | 'answer' | 'authority' | 'additional';
  start: number;
  end: number;
  name: string;
  type: number;
  klass: number;
  ttl: number;
  rdataStart: number;
}

export interface MessageLayout {
  id: number;
  flags: number;
  rcode: number;
  opcode: number;
  counts: [number, number, number, number];
  records: RrSpan[];
}

/** Finds the byte span of every entry in a DNS message without decoding RDATA. */
export function walkMessage(buf: Buffer): MessageLayout {
  if (buf.length < HEADER_LENGTH) throw malformed('message shorter than the 12-byte header', buf.length);
  const flags = buf.readUInt16BE(2);
  const counts: [number, number, number, number] = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  const sections = ['question', 'answer', 'authority', 'additional'] as const;
  const records: RrSpan[] = [];
  let pos = HEADER_LENGTH;
  sections.forEach((section, index) => {
    for (let i = 0; i < counts[index]!; i++) {
      const start = pos;
      const { name, next } = readName(buf, pos);
      pos = next;
      const fixedLength = section === 'question' ? 4 : 10;
      if (pos + fixedLength > buf.length) throw malformed(`${section} entry cut short`, pos);
      const type = buf.readUInt16BE(pos);
      const klass = buf.readUInt16BE(pos + 2);
      if (section === 'question') {
        pos += 4;
        records.push({ section, start, end: pos, name, type, klass, ttl: 0, rdataStart: pos });
        continue;
      }
      const ttl = buf.readUInt32BE(pos + 4);
      const rdlength = buf.readUInt16BE(pos + 8);
      const rdataStart = pos + 10;
      pos = rdataStart + rdlength;
      if (pos > buf.length) throw malformed(`${section} RDATA runs past the end`, rdataStart);
      records.push({ section, start, end: pos, name, type, klass, ttl, rdataStart });
    }
  });
  if (pos !== buf.length) throw malformed(`${buf.length - pos} trailing bytes`, pos);
  return { id: buf.readUInt16BE(0), flags, rcode: flags & 0xf, opcode: (flags >> 11) & 0xf, counts, records };
}
