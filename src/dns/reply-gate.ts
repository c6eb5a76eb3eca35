// The checks a reply passes before any of its records is read, shared by the resolver's
// `validateResponse` (wire.ts) and the audit's fast reader (audit/srv-reply.ts), so the two reject
// exactly the same messages for the same reasons. No imports: the audit's fast path loads no codec.

export const HEADER_BYTES = 12;
const FLAG_QR = 0x8000;
export const FLAG_TC = 0x0200;
export const FLAG_RD = 0x0100;
const OPCODE_MASK = 0x7800;
/** Every record takes at least this many bytes: a root or pointer name, type, class, TTL, length. */
const MIN_RECORD_BYTES = 11;
/** The EDNS0 UDP payload size our queries advertise: DNS Flag Day 2020's value, which avoids IP fragmentation. */
export const DEFAULT_EDNS_UDP_SIZE = 1232;

/** Why a message is not the answer to our query; `idMatched` when it carried our ID all the same. */
export interface ReplyRejection {
  ok: false;
  reason: string;
  idMatched: boolean;
}

function asciiLower(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
}

/**
 * Undefined when `message` may answer `query` (our wire bytes, its question ending at `questionEnd`):
 * ID matches, QR set, opcode QUERY, exactly our question (name case-insensitive, RFC 4343; type and
 * class exact) and record counts that fit in the bytes left. Never throws.
 */
export function replyRejection(message: Buffer, query: Buffer, questionEnd: number): ReplyRejection | undefined {
  if (message.length < HEADER_BYTES) return { ok: false, reason: `message is ${message.length} bytes, shorter than a header`, idMatched: false };
  if (message[0] !== query[0] || message[1] !== query[1]) return { ok: false, reason: 'ID does not match the query', idMatched: false };
  const flags = message.readUInt16BE(2);
  if ((flags & FLAG_QR) === 0) return { ok: false, reason: 'QR bit not set (a query, not a response)', idMatched: true };
  if ((flags & OPCODE_MASK) !== 0) return { ok: false, reason: 'opcode is not QUERY', idMatched: true };
  const questions = message.readUInt16BE(4);
  if (questions !== 1) return { ok: false, reason: `question count is ${questions}, expected 1`, idMatched: true };
  // Our question is uncompressed at offset 12; a genuine answer echoes it at the same place.
  if (message.length < questionEnd) return { ok: false, reason: 'message ends inside the question', idMatched: true };
  for (let i = HEADER_BYTES; i < questionEnd; i++) {
    if (asciiLower(message[i] as number) !== asciiLower(query[i] as number)) {
      return { ok: false, reason: `question differs from the query at byte ${i}`, idMatched: true };
    }
  }
  // Checking the counts first also spares a decoder from allocating arrays for 65535 phantom records.
  const records = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
  if (records * MIN_RECORD_BYTES > message.length - questionEnd) {
    return { ok: false, reason: `${records} records cannot fit in ${message.length - questionEnd} bytes`, idMatched: true };
  }
  return undefined;
}
