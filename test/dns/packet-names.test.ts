// Names read from the wire keep their label boundaries and reach the program in presentation form:
// a dot inside a label is `\.`, a backslash `\\`, ESC `\027`, so nothing a server puts in a label can
// reach a terminal raw or pass for another name. Replies are built octet by octet here, so the test
// does not depend on the codec it checks.
import { describe, expect, it } from 'vitest';
import dnsPacket from '../../src/dns/packet.js';
import { readPlainReply } from '../../src/dns/reply-reader.js';
import { prepareQuery, toDnsRecords, validateResponse } from '../../src/dns/wire.js';

/** Wire form of a name given as its labels' octets. */
function wireName(...labels: (string | number[])[]): number[] {
  return [...labels.flatMap((l) => (typeof l === 'string' ? [l.length, ...Buffer.from(l, 'latin1')] : [l.length, ...l])), 0];
}

/** A reply to `query` with one A record for the question name (by pointer) and one SRV record whose target is `target`. */
function srvReply(queryWire: Buffer, questionEnd: number, target: number[]): Buffer {
  const header = [...queryWire.subarray(0, 12)];
  header[2] = 0x84; // QR, AA, opcode QUERY
  header[3] = 0;
  header[7] = 1; // one answer
  header[11] = 0; // no additional
  const srvData = [0, 0, 0, 5, 0x06, 0x98, ...target];
  const answer = [0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 60, srvData.length >> 8, srvData.length & 0xff, ...srvData];
  return Buffer.from([...header, ...queryWire.subarray(12, questionEnd), ...answer]);
}

const HOSTILE: [string, number[], string][] = [
  ['ESC', [0x1b, ...Buffer.from('[31mred')], '\\027[31mred'],
  ['a newline', [...Buffer.from('INJECTED LINE'), 0x0a, ...Buffer.from('x')], 'INJECTED\\032LINE\\010x'],
  ['NUL', [0x61, 0x00, 0x62], 'a\\000b'],
  ['a literal dot', [...Buffer.from('a.b')], 'a\\.b'],
  ['a backslash', [...Buffer.from('a\\b')], 'a\\\\b'],
  ['quote, parenthesis, semicolon, @ and $', [...Buffer.from('"();@$')], '\\"\\(\\)\\;\\@\\$'],
  ['octets above 0x7e', [0x7f, 0xc3, 0xbc, 0xff], '\\127\\195\\188\\255'],
];

describe('names from the wire are in presentation form', () => {
  it.each(HOSTILE)('a label with %s', (_what, label, shown) => {
    const query = prepareQuery(0x4242, '_vlmcs._tcp.fault.lab', 'SRV');
    const reply = srvReply(query.wire, query.questionEnd, wireName(label, 'fault', 'lab'));
    // The direct reader leaves such a name to dns-packet …
    expect(readPlainReply(reply, query.questionEnd)).toBeUndefined();
    // … whose name codec src/dns/packet.ts replaces: one label, escaped.
    const verdict = validateResponse(reply, query);
    expect(verdict.ok).toBe(true);
    const [record] = toDnsRecords(verdict.ok ? verdict.value.answers : []);
    expect(record?.data).toMatchObject({ target: `${shown}.fault.lab.` });
    // No raw control octet survives.
    // eslint-disable-next-line no-control-regex
    expect(JSON.stringify(record)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('writes a name with escapes back to the same octets (encode ∘ decode is the identity)', () => {
    for (const [, label] of HOSTILE) {
      const wire = Buffer.from(wireName(label, 'fault', 'lab'));
      const text = dnsPacket.decode(Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), wire, Buffer.from([0, 1, 0, 1])])).questions?.[0]?.name;
      expect(text).toBeDefined();
      const again = dnsPacket.encode({ type: 'query', id: 0, questions: [{ name: text!, type: 'A', class: 'IN' }] });
      expect([...again.subarray(12, 12 + wire.length)]).toEqual([...wire]);
    }
  });

  it('sends a name given with escapes as those octets', () => {
    const query = prepareQuery(1, 'a\\.b.esc\\027.fault.lab.', 'A');
    expect([...query.wire.subarray(12, query.questionEnd - 4)]).toEqual(wireName('a.b', [0x65, 0x73, 0x63, 0x1b], 'fault', 'lab'));
  });

  it('keeps plain names as they were, case included', () => {
    const query = prepareQuery(0x4242, '_vlmcs._tcp.Fault.lab', 'SRV');
    const reply = srvReply(query.wire, query.questionEnd, wireName('KMS1', 'fault', 'lab'));
    const verdict = validateResponse(reply, query);
    const [record] = toDnsRecords(verdict.ok ? verdict.value.answers : []);
    expect(record).toMatchObject({ name: '_vlmcs._tcp.Fault.lab.', data: { target: 'KMS1.fault.lab.' } });
  });

  it('ends, as dns-packet does, on a record whose strings run past the end (its decoders then pass offset NaN)', () => {
    // A NAPTR record cut short, from the fuzz run (seed 1, iteration 166301) that once looped for ever here.
    const message = Buffer.from('4b4d84030001000000010000076d697373696e67076578616d706c6504746573740000210001076578616d706c650474657374000023740600010000012c003f036e7331076578616d706c6504746573', 'hex');
    expect(() => dnsPacket.decode(message)).toThrow(/Cannot decode name/);
  });
});
