import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { prepareQuery, toDnsRecords, validateResponse } from '../../src/dns/wire.js';
import { wireTypeCode as typeCode } from '../../src/zonefile/rrtypes.js';

const NAME = '_vlmcs._tcp.example.test';
const query = prepareQuery(0x1234, NAME, 'SRV');

type Q = { type: 'SRV' | 'A'; name: string; class: 'IN' | 'CH' };
function reply(overrides: { id?: number; type?: 'query' | 'response'; flags?: number; questions?: Q[] } = {}): Buffer {
  return dnsPacket.encode({
    type: overrides.type ?? 'response',
    id: overrides.id ?? 0x1234,
    flags: overrides.flags ?? dnsPacket.AUTHORITATIVE_ANSWER,
    questions: overrides.questions ?? [{ type: 'SRV', name: NAME, class: 'IN' }],
    answers: [{ type: 'SRV', name: NAME, ttl: 60, data: { priority: 0, weight: 5, port: 1688, target: 'kms1.example.test' } }],
  });
}

describe('prepareQuery', () => {
  it('writes ID, RD, one question and an EDNS0 OPT advertising 1232 bytes', () => {
    const decoded = dnsPacket.decode(query.wire);
    expect(decoded).toMatchObject({ id: 0x1234, flag_rd: true, questions: [{ name: NAME, type: 'SRV', class: 'IN' }] });
    expect(decoded.additionals).toEqual([expect.objectContaining({ type: 'OPT', udpPayloadSize: 1232 })]);
  });
  it('omits the OPT record when EDNS is off', () => {
    expect(dnsPacket.decode(prepareQuery(1, NAME, 'SRV', 0).wire).additionals).toEqual([]);
  });
  it.each([
    ['a..b', /empty label/],
    [`${'x'.repeat(64)}.test`, /longer than 63/],
    [Array.from({ length: 60 }, () => 'abcd').join('.'), /longer than 255/],
  ])('rejects the name %s', (name, message) => {
    expect(() => prepareQuery(1, name, 'A')).toThrow(message);
  });
  it.each([
    ['srv', 33],
    ['TYPE65', 65],
    ['BOGUS', undefined],
  ])('type %s is %s', (type, code) => {
    expect(typeCode(type)).toBe(code);
  });
});

describe('validateResponse: the only gate a reply passes (docs/behaviour.md#dns)', () => {
  it.each([
    ['the matching reply', reply(), true, ''],
    ['the name in other case (RFC 4343)', reply({ questions: [{ type: 'SRV', name: NAME.toUpperCase(), class: 'IN' }] }), true, ''],
    ['another ID', reply({ id: 0x1235 }), false, 'ID does not match'],
    // Both bytes of the 16-bit ID count (RFC 1035 §4.1.1): this one shares the low byte with ours.
    ['an ID differing only in its high byte', reply({ id: 0x1234 ^ 0x0100 }), false, 'ID does not match'],
    ['QR not set', reply({ type: 'query' }), false, 'QR bit not set'],
    ['another opcode', reply({ flags: 2 << 11 }), false, 'opcode'],
    ['another name', reply({ questions: [{ type: 'SRV', name: 'x.example.test', class: 'IN' }] }), false, 'question differs'],
    ['another type', reply({ questions: [{ type: 'A', name: NAME, class: 'IN' }] }), false, 'question differs'],
    ['another class', reply({ questions: [{ type: 'SRV', name: NAME, class: 'CH' }] }), false, 'question differs'],
    ['no question', reply({ questions: [] }), false, 'question count is 0'],
    ['two questions', reply({ questions: [{ type: 'SRV', name: NAME, class: 'IN' }, { type: 'SRV', name: NAME, class: 'IN' }] }), false, 'question count is 2'],
    ['a record cut short', reply().subarray(0, reply().length - 5), false, 'cannot decode'],
    ['only a header', reply().subarray(0, 12), false, 'ends inside the question'],
    ['shorter than a header', Buffer.from([0x12, 0x34, 0x81]), false, 'shorter than a header'],
  ])('%s', (_label, message, ok, reason) => {
    const verdict = validateResponse(message, query);
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.reason).toContain(reason);
  });

  it('refuses, before decoding, record counts that cannot fit in the bytes left', () => {
    const message = reply();
    // One SRV answer is there; claim 65535 in each section. No record is shorter than 11 bytes.
    for (const at of [6, 8, 10]) message.writeUInt16BE(0xffff, at);
    const verdict = validateResponse(message, query);
    expect(verdict).toMatchObject({ ok: false, idMatched: true });
    if (!verdict.ok) expect(verdict.reason).toMatch(/^196605 records cannot fit in \d+ bytes$/);
  });

  it('refuses a count one record more than fits, and names the bytes left', () => {
    const message = reply();
    const left = message.length - query.questionEnd;
    // The smallest record takes 11 bytes: one more than the bytes left can hold is too many.
    message.writeUInt16BE(Math.floor(left / 11) + 1, 6);
    expect(validateResponse(message, query)).toMatchObject({ ok: false, idMatched: true, reason: `${Math.floor(left / 11) + 1} records cannot fit in ${left} bytes` });
    message.writeUInt16BE(Math.floor(left / 11), 6);
    const fits = validateResponse(message, query);
    expect(fits.ok ? '' : fits.reason).not.toMatch(/cannot fit/);
  });

  it.each([
    ['shorter than a header: the ID cannot be ours', Buffer.from([0x12, 0x34, 0x81]), false],
    ['another ID', reply({ id: 0x1235 }), false],
    ['our ID, another opcode', reply({ flags: 2 << 11 }), true],
    ['our ID, QR not set', reply({ type: 'query' }), true],
    ['our ID, another name', reply({ questions: [{ type: 'SRV', name: 'x.example.test', class: 'IN' }] }), true],
  ])('says whether a refused message carried our ID: %s', (_label, message, idMatched) => {
    expect(validateResponse(message, query)).toMatchObject({ ok: false, idMatched });
  });

  it('folds only the letters A–Z when comparing the question (RFC 4343)', () => {
    const zQuery = prepareQuery(0x1234, '_vlmcs._tcp.zz.test', 'SRV');
    const zReply = (name: string) =>
      dnsPacket.encode({ type: 'response', id: 0x1234, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions: [{ type: 'SRV', name, class: 'IN' }], answers: [] });
    expect(validateResponse(zReply('_VLMCS._TCP.ZZ.TEST'), zQuery).ok).toBe(true);
    // "_" (0x5F) and DEL (0x7F) differ only in the bit that case folding sets: not the same name.
    const del = zReply('_vlmcs._tcp.zz.test');
    expect(del[13]).toBe(0x5f);
    del[13] = 0x7f;
    expect(validateResponse(del, zQuery)).toMatchObject({ ok: false, reason: 'question differs from the query at byte 13' });
  });

  it('converts records to the lookup --json shape', () => {
    const verdict = validateResponse(reply(), query);
    if (!verdict.ok) throw new Error(verdict.reason);
    expect(toDnsRecords(verdict.value.answers)).toEqual([
      { name: `${NAME}.`, type: 'SRV', class: 'IN', ttl: 60, data: { priority: 0, weight: 5, port: 1688, target: 'kms1.example.test.' } },
    ]);
  });
});
