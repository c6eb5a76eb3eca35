// A TSIG record whose fields do not add up is one DNS_BADRESP error naming the field and its byte.
import { describe, expect, it } from 'vitest';
import { extractTsig, signMessage, verifyResponse } from '../../src/update/tsig.js';
import type { TsigKey } from '../../src/update/tsig-key.js';

const KEY: TsigKey = { name: 'lab-key', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 7) };

/** A signed header-only message; TSIG without other data ends: MAC size, MAC, original ID, error, other length. */
function signed(): { wire: Buffer; mac: Buffer; macSizeAt: number; otherLengthAt: number } {
  const { message, mac } = signMessage(Buffer.alloc(12), KEY, 1_700_000_000);
  const otherLengthAt = message.length - 2;
  return { wire: message, mac, otherLengthAt, macSizeAt: otherLengthAt - 4 - mac.length - 2 };
}

describe('extractTsig on a malformed record', () => {
  it('reads the intact record', () => {
    expect(extractTsig(signed().wire)?.record.keyName).toBe('lab-key.');
  });

  it.each([
    {
      field: 'MAC size',
      corrupt: (s: ReturnType<typeof signed>) => s.wire.writeUInt16BE(200, s.macSizeAt),
      message: (s: ReturnType<typeof signed>) => `malformed TSIG record: MAC of 200 octets runs past the record at byte ${s.macSizeAt + 2}`,
    },
    {
      field: 'other data length',
      corrupt: (s: ReturnType<typeof signed>) => s.wire.writeUInt16BE(5, s.otherLengthAt),
      message: (s: ReturnType<typeof signed>) => `malformed TSIG record: other data length 5 does not match the record length at byte ${s.otherLengthAt}`,
    },
  ])('a wrong $field is named with its byte', ({ corrupt, message }) => {
    const s = signed();
    corrupt(s);
    expect(() => extractTsig(s.wire)).toThrow(expect.objectContaining({ code: 'DNS_BADRESP', message: message(s) }));
  });
});

describe('extractTsig takes only the last additional record (RFC 8945 §4.2)', () => {
  it('finds no signature in a TSIG record moved to the answer section', () => {
    const { wire, mac } = signed();
    expect(extractTsig(wire)).toBeDefined();
    const moved = Buffer.from(wire);
    moved.writeUInt16BE(1, 6); // ANCOUNT
    moved.writeUInt16BE(0, 10); // ARCOUNT
    expect(extractTsig(moved)).toBeUndefined();
    expect(verifyResponse(moved, KEY, mac, 1_700_000_000)).toMatchObject({ ok: false, reason: 'missing' });
  });
});
