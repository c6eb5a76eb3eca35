// DCE/RPC connection-oriented bind for the KMS interface (The Open Group C706, chapter 12.6): the
// smallest exchange that proves a KMS host listens, without activating anything. Pure encode/decode.

export const KMS_INTERFACE = { uuid: '51c82175-844e-4750-b0d8-ec255555bc06', major: 1, minor: 0 } as const;
export const NDR_TRANSFER_SYNTAX = { uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', major: 2, minor: 0 } as const;

export const PTYPE = { bind: 11, bindAck: 12, bindNak: 13 } as const;
const PFC_FIRST_FRAG = 0x01;
const PFC_LAST_FRAG = 0x02;
/** Data representation: integers little-endian, characters ASCII, floats IEEE (C706 §14.1). */
const DREP_LITTLE_ASCII_IEEE = [0x10, 0x00, 0x00, 0x00] as const;
const COMMON_HEADER_LENGTH = 16;
const MAX_FRAG = 5840;

export interface SyntaxId {
  uuid: string;
  major: number;
  minor: number;
}

/** A UUID in the GUID wire layout: the first three fields little-endian, the last eight bytes as written. */
export function encodeUuid(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a UUID: ${uuid}`);
  const raw = Buffer.from(hex, 'hex');
  const out = Buffer.alloc(16);
  out.writeUInt32LE(raw.readUInt32BE(0), 0);
  out.writeUInt16LE(raw.readUInt16BE(4), 4);
  out.writeUInt16LE(raw.readUInt16BE(6), 6);
  raw.copy(out, 8, 8, 16);
  return out;
}

export function decodeUuid(bytes: Uint8Array, offset = 0): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset + offset, 16);
  const hex =
    b.readUInt32LE(0).toString(16).padStart(8, '0') +
    b.readUInt16LE(4).toString(16).padStart(4, '0') +
    b.readUInt16LE(6).toString(16).padStart(4, '0') +
    b.subarray(8, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function writeSyntax(buf: Buffer, offset: number, syntax: SyntaxId): void {
  encodeUuid(syntax.uuid).copy(buf, offset);
  // p_syntax_id_t.if_version: major version in the low 16 bits, minor in the high 16 bits.
  buf.writeUInt16LE(syntax.major, offset + 16);
  buf.writeUInt16LE(syntax.minor, offset + 18);
}

/** A bind PDU with one presentation context: the KMS interface over NDR. 72 bytes. */
export function encodeBind(callId: number, abstract: SyntaxId = KMS_INTERFACE, transfer: SyntaxId = NDR_TRANSFER_SYNTAX): Buffer {
  const length = COMMON_HEADER_LENGTH + 8 + 4 + 4 + 20 + 20;
  const buf = Buffer.alloc(length);
  buf.writeUInt8(5, 0); // rpc_vers
  buf.writeUInt8(0, 1); // rpc_vers_minor
  buf.writeUInt8(PTYPE.bind, 2);
  buf.writeUInt8(PFC_FIRST_FRAG | PFC_LAST_FRAG, 3);
  Buffer.from(DREP_LITTLE_ASCII_IEEE).copy(buf, 4);
  buf.writeUInt16LE(length, 8); // frag_length
  buf.writeUInt16LE(0, 10); // auth_length
  buf.writeUInt32LE(callId >>> 0, 12);
  buf.writeUInt16LE(MAX_FRAG, 16); // max_xmit_frag
  buf.writeUInt16LE(MAX_FRAG, 18); // max_recv_frag
  buf.writeUInt32LE(0, 20); // assoc_group_id: 0 asks for a new association group
  buf.writeUInt8(1, 24); // n_context_elem
  // 25..27 reserved
  buf.writeUInt16LE(0, 28); // p_cont_id
  buf.writeUInt8(1, 30); // n_transfer_syn
  writeSyntax(buf, 32, abstract);
  writeSyntax(buf, 52, transfer);
  return buf;
}

export interface PduHeader {
  version: number;
  minorVersion: number;
  ptype: number;
  flags: number;
  littleEndian: boolean;
  fragLength: number;
  authLength: number;
  callId: number;
}

/** Reads the 16-byte common header, or says why it is not a DCE/RPC 5.x connection-oriented one. */
function readHeader(bytes: Uint8Array): { header: PduHeader } | { problem: string } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (b[0] !== 5) return { problem: `not a DCE/RPC v5 reply (first byte 0x${(b[0] ?? 0).toString(16).padStart(2, '0')})` };
  const littleEndian = ((b[4] ?? 0) & 0xf0) === 0x10;
  const u16 = (o: number) => (littleEndian ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (littleEndian ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const fragLength = u16(8);
  // The version byte was right: the fault is the length, and the message must say so.
  if (fragLength < COMMON_HEADER_LENGTH) return { problem: `frag_length ${fragLength} is shorter than the ${COMMON_HEADER_LENGTH}-byte DCE/RPC header` };
  return { header: { version: 5, minorVersion: b[1] ?? 0, ptype: b[2] ?? 0, flags: b[3] ?? 0, littleEndian, fragLength, authLength: u16(10), callId: u32(12) } };
}

/** Reads the 16-byte common header; null if it is not a DCE/RPC 5.x connection-oriented header. */
export function decodeHeader(bytes: Uint8Array): PduHeader | null {
  if (bytes.length < COMMON_HEADER_LENGTH) return null;
  const read = readHeader(bytes);
  return 'header' in read ? read.header : null;
}

export interface BindRequest {
  header: PduHeader;
  contexts: Array<{ id: number; abstract: SyntaxId; transfers: SyntaxId[] }>;
}

function readSyntax(b: Buffer, offset: number): SyntaxId {
  return { uuid: decodeUuid(b, offset), major: b.readUInt16LE(offset + 16), minor: b.readUInt16LE(offset + 18) };
}

/** Decodes a little-endian bind PDU (what `encodeBind` writes); for responders in tests and the stand-in. */
export function decodeBind(bytes: Uint8Array): BindRequest | null {
  const header = decodeHeader(bytes);
  if (!header || header.ptype !== PTYPE.bind || !header.littleEndian || bytes.length < header.fragLength || header.fragLength < 28) return null;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, header.fragLength);
  const count = b.readUInt8(24);
  const contexts: BindRequest['contexts'] = [];
  let offset = 28;
  for (let i = 0; i < count; i++) {
    if (offset + 24 > b.length) return null;
    const id = b.readUInt16LE(offset);
    const nTransfer = b.readUInt8(offset + 2);
    const end = offset + 4 + 20 * (1 + nTransfer);
    if (end > b.length) return null;
    const abstract = readSyntax(b, offset + 4);
    const transfers = Array.from({ length: nTransfer }, (_, t) => readSyntax(b, offset + 24 + 20 * t));
    contexts.push({ id, abstract, transfers });
    offset = end;
  }
  return { header, contexts };
}

export type BindReply =
  | { kind: 'ack'; callId: number; accepted: boolean; result: number; reason: number }
  | { kind: 'nak'; callId: number; reason: number }
  | { kind: 'other'; detail: string };

/**
 * Interprets the server's reply to our bind. A KMS answers only with a bind_ack whose first
 * presentation context result is 0 (acceptance). Returns null while more bytes are needed.
 */
export function decodeBindReply(bytes: Uint8Array): BindReply | null {
  if (bytes.length < COMMON_HEADER_LENGTH) return null;
  const read = readHeader(bytes);
  if ('problem' in read) return { kind: 'other', detail: read.problem };
  const { header } = read;
  if (bytes.length < header.fragLength) return null;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, header.fragLength);
  const u16 = (o: number) => (header.littleEndian ? b.readUInt16LE(o) : b.readUInt16BE(o));
  if (header.ptype === PTYPE.bindNak) {
    return { kind: 'nak', callId: header.callId, reason: b.length >= 18 ? u16(16) : -1 };
  }
  if (header.ptype !== PTYPE.bindAck) return { kind: 'other', detail: `unexpected PDU type ${header.ptype}` };
  // bind_ack: max_xmit/recv, assoc group, then sec_addr (u16 length + string), padded to 4 octets.
  if (b.length < 26) return { kind: 'other', detail: 'bind_ack too short' };
  const secAddrLength = u16(24);
  const resultList = (26 + secAddrLength + 3) & ~3;
  if (b.length < resultList + 8) return { kind: 'other', detail: 'bind_ack without a result list' };
  const count = b.readUInt8(resultList);
  if (count < 1) return { kind: 'other', detail: 'bind_ack with no presentation context result' };
  const result = u16(resultList + 4);
  const reason = u16(resultList + 6);
  return { kind: 'ack', callId: header.callId, accepted: result === 0, result, reason };
}

/** Builds a bind_ack or bind_nak, as a responder would; used by the stand-in and the tests. */
export function encodeBindAck(callId: number, accepted: boolean, secondaryAddress = '1688'): Buffer {
  const secAddr = Buffer.from(`${secondaryAddress}\0`, 'ascii');
  const resultList = (26 + secAddr.length + 3) & ~3;
  const length = resultList + 4 + 24;
  const buf = Buffer.alloc(length);
  writeReplyHeader(buf, PTYPE.bindAck, callId);
  buf.writeUInt16LE(MAX_FRAG, 16);
  buf.writeUInt16LE(MAX_FRAG, 18);
  buf.writeUInt32LE(0x1234, 20); // assoc_group_id chosen by the server
  buf.writeUInt16LE(secAddr.length, 24);
  secAddr.copy(buf, 26);
  buf.writeUInt8(1, resultList); // n_results
  buf.writeUInt16LE(accepted ? 0 : 2, resultList + 4); // acceptance | provider_rejection
  buf.writeUInt16LE(accepted ? 0 : 1, resultList + 6); // reason: abstract syntax not supported
  writeSyntax(buf, resultList + 8, accepted ? NDR_TRANSFER_SYNTAX : { uuid: '00000000-0000-0000-0000-000000000000', major: 0, minor: 0 });
  return buf;
}

export function encodeBindNak(callId: number, reason = 0): Buffer {
  const buf = Buffer.alloc(COMMON_HEADER_LENGTH + 4);
  writeReplyHeader(buf, PTYPE.bindNak, callId);
  buf.writeUInt16LE(reason, 16);
  buf.writeUInt8(0, 18); // n_protocols supported: none listed
  return buf;
}

function writeReplyHeader(buf: Buffer, ptype: number, callId: number): void {
  buf.writeUInt8(5, 0);
  buf.writeUInt8(0, 1);
  buf.writeUInt8(ptype, 2);
  buf.writeUInt8(PFC_FIRST_FRAG | PFC_LAST_FRAG, 3);
  Buffer.from(DREP_LITTLE_ASCII_IEEE).copy(buf, 4);
  buf.writeUInt16LE(buf.length, 8);
  buf.writeUInt16LE(0, 10);
  buf.writeUInt32LE(callId >>> 0, 12);
}
