// DNS over TCP framing: what frameTcp writes, TcpMessageReader gives back, however the stream is cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameTcp, TcpMessageReader } from '../../src/dns/tcp-framing.js';

describe('TCP framing', () => {
  it.each([
    { message: Buffer.alloc(0), prefix: '0000' },
    { message: Buffer.from([1, 2, 3]), prefix: '0003' },
    { message: Buffer.alloc(300, 7), prefix: '012c' },
  ])('frames $message.length bytes behind the length $prefix', ({ message, prefix }) => {
    const framed = frameTcp(message);
    expect(framed.subarray(0, 2).toString('hex')).toBe(prefix);
    expect(framed.subarray(2)).toEqual(message);
  });

  it('gives back every message in order, whatever the chunks the stream arrives in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 600 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((m) => frameTcp(Buffer.from(m))));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const reader = new TcpMessageReader();
          const received: Buffer[] = [];
          let from = 0;
          for (const to of [...points, stream.length]) {
            received.push(...reader.push(stream.subarray(from, to)));
            from = to;
          }
          expect(received.map((m) => m.toString('hex'))).toEqual(messages.map((m) => Buffer.from(m).toString('hex')));
        },
      ),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('holds an incomplete message until its last byte arrives', () => {
    const reader = new TcpMessageReader();
    const framed = frameTcp(Buffer.from('abcd'));
    expect(reader.push(framed.subarray(0, 1))).toEqual([]);
    expect(reader.push(framed.subarray(1, 5))).toEqual([]);
    expect(reader.push(framed.subarray(5))).toEqual([Buffer.from('abcd')]);
  });
});
