// DNS messages on the wire: building a query, and the ONE decode-and-validate step every received
// message goes through before the resolver believes it (docs/behaviour.md#dns; the fuzz test drives this function).
import dnsPacket from './packet.js';
import { absoluteName } from '../names/canonical.js';
import { labelOctets, labelText, NameError } from '../names/presentation.js';
import { usageError } from '../util/errors.js';
import { typeName, wireTypeCode } from '../zonefile/rrtypes.js';
import { DEFAULT_EDNS_UDP_SIZE, FLAG_RD, replyRejection, type ReplyRejection } from './reply-gate.js';
import { readPlainReply } from './reply-reader.js';
import type { DnsRecord } from './types.js';

/** dns-packet's decoded message; its typings omit the RCODE and opcode it does return. */
export type DecodedMessage = dnsPacket.DecodedPacket & { rcode?: string; opcode?: string };

const TYPE_OPT = 41;
const CLASS_IN = 1;

/** A query ready to send, with what a matching answer must echo. */
export interface PreparedQuery {
  wire: Buffer;
  id: number;
  /** Offset just past the question (name, type, class) in `wire`. */
  questionEnd: number;
  name: string;
  type: string;
  edns: boolean;
}

/** Encode an owner name, given in presentation form, as wire labels. */
function encodeName(name: string, into: number[]): void {
  let labels: Uint8Array[];
  try {
    labels = labelOctets(name);
  } catch (error) {
    if (error instanceof NameError) throw usageError(`name "${name}": ${error.message}`);
    throw error;
  }
  let total = 1;
  for (const bytes of labels) {
    if (bytes.length > 63) throw usageError(`name "${name}": label "${labelText(bytes)}" is longer than 63 bytes`);
    total += bytes.length + 1;
    into.push(bytes.length, ...bytes);
  }
  if (total > 255) throw usageError(`name "${name}" is longer than 255 bytes`);
  into.push(0);
}

/** A query's bytes with ID 0, by name, type and EDNS size: the resolver asks the same few questions again and again. */
const templates = new Map<string, { wire: Buffer; questionEnd: number; type: string }>();
const MAX_TEMPLATES = 512;

/** Build a standard query (RD set, one question, class IN) with an EDNS0 OPT record unless `ednsUdpSize` is 0. */
export function prepareQuery(id: number, name: string, type: string, ednsUdpSize = DEFAULT_EDNS_UDP_SIZE): PreparedQuery {
  const key = `${ednsUdpSize} ${type} ${name}`;
  let template = templates.get(key);
  if (!template) {
    const code = wireTypeCode(type);
    if (code === undefined) throw usageError(`unknown record type "${type}"`);
    const bytes: number[] = [0, 0, FLAG_RD >> 8, 0, 0, 1, 0, 0, 0, 0, 0, ednsUdpSize > 0 ? 1 : 0];
    encodeName(name, bytes);
    bytes.push(code >> 8, code & 0xff, 0, CLASS_IN);
    const questionEnd = bytes.length;
    if (ednsUdpSize > 0) {
      // OPT pseudo-RR (RFC 6891 §6.1.2): root owner, type 41, class = payload size, TTL 0, no options.
      bytes.push(0, 0, TYPE_OPT, ednsUdpSize >> 8, ednsUdpSize & 0xff, 0, 0, 0, 0, 0, 0);
    }
    // Bounded: a long audit asks millions of different names, each once.
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    template = { wire: Buffer.from(bytes), questionEnd, type: typeName(code) };
    templates.set(key, template);
  }
  const wire = Buffer.allocUnsafe(template.wire.length);
  template.wire.copy(wire);
  wire.writeUInt16BE(id, 0);
  return { wire, id, questionEnd: template.questionEnd, name, type: template.type, edns: ednsUdpSize > 0 };
}

export type Validation = { ok: true; value: DecodedMessage } | ReplyRejection;

/**
 * Accept `response` as the answer to `query` only if it passes `replyRejection` (ID, QR, opcode QUERY,
 * exactly our question, counts that fit) and the whole message decodes within its bytes. Never
 * throws: any bad input is a rejection with a reason.
 */
export function validateResponse(response: Buffer, query: PreparedQuery): Validation {
  const rejection = replyRejection(response, query.wire, query.questionEnd);
  if (rejection) return rejection;
  // Plain answers are read directly, in dns-packet's shape; the rest goes through dns-packet.
  const plain = readPlainReply(response, query.questionEnd);
  if (plain) return { ok: true, value: plain as unknown as DecodedMessage };
  let message: DecodedMessage;
  try {
    message = dnsPacket.decode(response);
  } catch (error) {
    return { ok: false, reason: `cannot decode: ${(error as Error).message}`, idMatched: true };
  }
  if (dnsPacket.decode.bytes > response.length) {
    return { ok: false, reason: 'a record runs past the end of the message', idMatched: true };
  }
  return { ok: true, value: message };
}

function bufferHex(data: Buffer): string {
  return `\\# ${data.length}${data.length > 0 ? ` ${data.toString('hex').toUpperCase()}` : ''}`;
}

/** Record data in the shape `lookup --json` prints (issue #2). */
function recordData(type: string, data: unknown): unknown {
  if (Buffer.isBuffer(data)) return bufferHex(data);
  if (data === null || typeof data !== 'object') {
    return typeof data === 'string' && (type === 'CNAME' || type === 'NS' || type === 'PTR' || type === 'DNAME') ? absoluteName(data) : data;
  }
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'SRV':
      return { priority: d.priority, weight: d.weight, port: d.port, target: absoluteName(String(d.target)) };
    case 'SOA':
      return {
        mname: absoluteName(String(d.mname)),
        rname: absoluteName(String(d.rname)),
        serial: d.serial,
        refresh: d.refresh,
        retry: d.retry,
        expire: d.expire,
        minimum: d.minimum,
      };
    case 'MX':
      return { preference: d.preference, exchange: absoluteName(String(d.exchange)) };
    case 'TXT':
      return Array.isArray(data) ? data.map((s) => (Buffer.isBuffer(s) ? s.toString('utf8') : String(s))) : data;
    default:
      return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('hex') : v]));
  }
}

type WireRecord = NonNullable<DecodedMessage['answers']>[number];

export function toDnsRecords(records: WireRecord[] | undefined): DnsRecord[] {
  const out: DnsRecord[] = [];
  for (const r of records ?? []) {
    if (r.type === 'OPT') continue;
    const rr = r as { name: string; type: string; class?: string; ttl?: number; data?: unknown };
    out.push({ name: absoluteName(rr.name), type: rr.type, class: rr.class ?? 'IN', ttl: rr.ttl ?? 0, data: recordData(rr.type, rr.data) });
  }
  return out;
}

/** The RDATA of a record as one line of dig-like presentation text. */
export function presentData(record: DnsRecord): string {
  const d = record.data;
  if (typeof d === 'string' || typeof d === 'number') return String(d);
  if (Array.isArray(d)) return d.map((s) => JSON.stringify(String(s))).join(' ');
  const o = (d ?? {}) as Record<string, unknown>;
  switch (record.type) {
    case 'SRV':
      return `${o.priority} ${o.weight} ${o.port} ${o.target}`;
    case 'SOA':
      return `${o.mname} ${o.rname} ${o.serial} ${o.refresh} ${o.retry} ${o.expire} ${o.minimum}`;
    case 'MX':
      return `${o.preference} ${o.exchange}`;
    default:
      return JSON.stringify(d);
  }
}
