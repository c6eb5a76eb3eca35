import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBind,
  decodeBindReply,
  decodeHeader,
  decodeUuid,
  encodeBind,
  encodeBindAck,
  encodeBindNak,
  encodeUuid,
  KMS_INTERFACE,
  NDR_TRANSFER_SYNTAX,
  PTYPE,
} from '../../src/kms/rpc-bind.js';

describe('UUID wire layout', () => {
  it('writes the first three fields little-endian and the last eight bytes as written', () => {
    // 51c82175-844e-4750-b0d8-ec255555bc06: 51c82175 → 75 21 c8 51, 844e → 4e 84, 4750 → 50 47.
    expect(encodeUuid(KMS_INTERFACE.uuid).toString('hex')).toBe('7521c8514e845047b0d8ec255555bc06');
  });

  it('round-trips any UUID', () => {
    fc.assert(fc.property(fc.uuid(), (uuid) => decodeUuid(encodeUuid(uuid)) === uuid.toLowerCase()));
  });

  it.each(['', 'not-a-uuid', '51c82175-844e-4750-b0d8-ec255555bc0'])('rejects %j', (text) => {
    expect(() => encodeUuid(text)).toThrow(/not a UUID/);
  });
});

describe('bind PDU', () => {
  const pdu = encodeBind(7);
  it.each([
    { field: 'rpc_vers', offset: 0, read: (b: Buffer) => b.readUInt8(0), value: 5 },
    { field: 'rpc_vers_minor', offset: 1, read: (b: Buffer) => b.readUInt8(1), value: 0 },
    { field: 'PTYPE bind', offset: 2, read: (b: Buffer) => b.readUInt8(2), value: 11 },
    { field: 'pfc_flags first|last', offset: 3, read: (b: Buffer) => b.readUInt8(3), value: 3 },
    { field: 'drep little-endian ASCII IEEE', offset: 4, read: (b: Buffer) => b.readUInt32BE(4), value: 0x10000000 },
    { field: 'frag_length', offset: 8, read: (b: Buffer) => b.readUInt16LE(8), value: 72 },
    { field: 'auth_length', offset: 10, read: (b: Buffer) => b.readUInt16LE(10), value: 0 },
    { field: 'call_id', offset: 12, read: (b: Buffer) => b.readUInt32LE(12), value: 7 },
    { field: 'max_xmit_frag', offset: 16, read: (b: Buffer) => b.readUInt16LE(16), value: 5840 },
    { field: 'max_recv_frag', offset: 18, read: (b: Buffer) => b.readUInt16LE(18), value: 5840 },
    { field: 'assoc_group_id', offset: 20, read: (b: Buffer) => b.readUInt32LE(20), value: 0 },
    { field: 'n_context_elem', offset: 24, read: (b: Buffer) => b.readUInt8(24), value: 1 },
    { field: 'p_cont_id', offset: 28, read: (b: Buffer) => b.readUInt16LE(28), value: 0 },
    { field: 'n_transfer_syn', offset: 30, read: (b: Buffer) => b.readUInt8(30), value: 1 },
    { field: 'abstract if_version 1.0', offset: 48, read: (b: Buffer) => b.readUInt32LE(48), value: 1 },
    { field: 'transfer if_version 2.0', offset: 68, read: (b: Buffer) => b.readUInt32LE(68), value: 2 },
  ])('$field at offset $offset is $value', ({ read, value }) => {
    expect(read(pdu)).toBe(value);
  });

  it('is 72 bytes and names the KMS interface over NDR', () => {
    expect(pdu.length).toBe(72);
    expect(pdu.subarray(32, 48).equals(encodeUuid(KMS_INTERFACE.uuid))).toBe(true);
    expect(pdu.subarray(52, 68).equals(encodeUuid(NDR_TRANSFER_SYNTAX.uuid))).toBe(true);
  });

  it('decodes back to the same presentation context', () => {
    expect(decodeBind(pdu)?.contexts).toEqual([{ id: 0, abstract: { ...KMS_INTERFACE }, transfers: [{ ...NDR_TRANSFER_SYNTAX }] }]);
    expect(decodeBind(pdu.subarray(0, 40))).toBeNull();
  });
});

describe('bind reply', () => {
  it('accepts a bind_ack whose context result is acceptance, whatever the secondary address length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,12}$/), fc.nat(0xffffffff), (port, callId) => {
        const reply = decodeBindReply(encodeBindAck(callId, true, port));
        return reply?.kind === 'ack' && reply.accepted && reply.callId === callId;
      }),
    );
  });

  it('reads a big-endian bind_ack by its data representation', () => {
    const le = encodeBindAck(9, false);
    const be = Buffer.from(le);
    be.writeUInt8(0x00, 4);
    be.writeUInt16BE(le.length, 8);
    be.writeUInt32BE(9, 12);
    be.writeUInt16BE(le.readUInt16LE(24), 24);
    const resultList = (26 + le.readUInt16LE(24) + 3) & ~3;
    be.writeUInt16BE(le.readUInt16LE(resultList + 4), resultList + 4);
    be.writeUInt16BE(le.readUInt16LE(resultList + 6), resultList + 6);
    expect(decodeBindReply(be)).toEqual({ kind: 'ack', callId: 9, accepted: false, result: 2, reason: 1 });
  });

  it.each([
    { what: 'bind_nak', bytes: encodeBindNak(3, 4), expected: { kind: 'nak', callId: 3, reason: 4 } },
    { what: 'rejected context', bytes: encodeBindAck(3, false), expected: { kind: 'ack', callId: 3, accepted: false, result: 2, reason: 1 } },
    { what: 'HTTP', bytes: Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), expected: { kind: 'other', detail: 'not a DCE/RPC v5 reply (first byte 0x48)' } },
    { what: 'a bind (wrong direction)', bytes: encodeBind(1), expected: { kind: 'other', detail: 'unexpected PDU type 11' } },
    // Version byte 5 is right here; the length is what is wrong, and the message must not blame the first byte.
    { what: 'frag_length 8', bytes: withFragLength(encodeBindAck(1, true), 8), expected: { kind: 'other', detail: 'frag_length 8 is shorter than the 16-byte DCE/RPC header' } },
    { what: 'frag_length 0', bytes: withFragLength(encodeBindAck(1, true), 0), expected: { kind: 'other', detail: 'frag_length 0 is shorter than the 16-byte DCE/RPC header' } },
  ])('$what', ({ bytes, expected }) => {
    expect(decodeBindReply(bytes)).toEqual(expected);
  });

  it('waits for the whole fragment', () => {
    const ack = encodeBindAck(1, true);
    expect(decodeBindReply(ack.subarray(0, 10))).toBeNull();
    expect(decodeBindReply(ack.subarray(0, ack.length - 1))).toBeNull();
    expect(decodeHeader(ack)?.ptype).toBe(PTYPE.bindAck);
  });
});

function withFragLength(pdu: Buffer, length: number): Buffer {
  const copy = Buffer.from(pdu);
  copy.writeUInt16LE(length, 8);
  return copy;
}
