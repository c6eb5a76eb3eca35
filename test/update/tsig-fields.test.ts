// verifyResponse on TSIG records built field by field here (an encoder of the test's own, from
// RFC 8945 §4.2), so each rule of the verifier is seen on its own: which record counts as the
// signature, the bounds of the RDATA, a server's error with and without a MAC, and the error names.
import { describe, expect, it } from 'vitest';
import { extractTsig, signMessage, verifyResponse } from '../../src/update/tsig.js';
import type { TsigKey } from '../../src/update/tsig-key.js';

const KEY: TsigKey = { name: 'lab-key', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 7) };
const NOW = 1_700_000_000;

function wireName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, 'ascii')])), Buffer.from([0])]);
}

const u16 = (v: number): Buffer => Buffer.from([v >> 8, v & 0xff]);
const u48 = (v: number): Buffer => {
  const b = Buffer.alloc(6);
  b.writeUIntBE(v, 0, 6);
  return b;
};

interface Fields {
  keyName?: string;
  type?: number;
  algorithm?: string;
  timeSigned?: number;
  fudge?: number;
  mac?: Buffer;
  error?: number;
  other?: Buffer;
  /** Replaces the RDATA after the algorithm name (to cut it short). */
  rawAfterAlgorithm?: Buffer;
}

/** A response header (QR set, NOERROR, ARCOUNT 1) and one additional record built from `f`. */
function reply(f: Fields = {}): Buffer {
  const after = f.rawAfterAlgorithm ?? Buffer.concat([
    u48(f.timeSigned ?? NOW),
    u16(f.fudge ?? 300),
    u16((f.mac ?? Buffer.alloc(32, 1)).length),
    f.mac ?? Buffer.alloc(32, 1),
    u16(0x1234),
    u16(f.error ?? 0),
    u16((f.other ?? Buffer.alloc(0)).length),
    f.other ?? Buffer.alloc(0),
  ]);
  const rdata = Buffer.concat([wireName(f.algorithm ?? 'hmac-sha256.'), after]);
  const header = Buffer.from([0x12, 0x34, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0, 1]);
  const fixed = Buffer.concat([u16(f.type ?? 250), u16(255), Buffer.alloc(4), u16(rdata.length)]);
  return Buffer.concat([header, wireName(f.keyName ?? 'lab-key.'), fixed, rdata]);
}

const REQUEST_MAC = Buffer.alloc(32, 2);

describe('which record is the signature', () => {
  it('reads a well-formed TSIG record field by field', () => {
    const parts = extractTsig(reply({ timeSigned: NOW - 5, fudge: 17, error: 0, other: Buffer.from([1, 2]) }));
    expect(parts?.record).toMatchObject({ keyName: 'lab-key.', algorithmName: 'hmac-sha256.', timeSigned: NOW - 5, fudge: 17, originalId: 0x1234, error: 0 });
    expect([...parts!.record.otherData]).toEqual([1, 2]);
    expect(parts!.unsigned.readUInt16BE(10)).toBe(0);
  });

  it('finds none when the last additional record is of another type', () => {
    const notTsig = reply({ type: 1 });
    expect(extractTsig(notTsig)).toBeUndefined();
    expect(verifyResponse(notTsig, KEY, REQUEST_MAC, NOW)).toMatchObject({ ok: false, reason: 'missing' });
  });
});

describe('bounds of the TSIG RDATA', () => {
  it('an RDATA that ends after the MAC size names the missing MAC, not the fixed fields', () => {
    // Exactly time, fudge and MAC size (10 octets) after the algorithm: the fixed fields fit.
    const wire = reply({ rawAfterAlgorithm: Buffer.concat([u48(NOW), u16(300), u16(0)]) });
    expect(() => extractTsig(wire)).toThrow(/MAC of 0 octets runs past the record/);
  });

  it('an RDATA one octet short of the fixed fields says so', () => {
    const wire = reply({ rawAfterAlgorithm: Buffer.concat([u48(NOW), u16(300), Buffer.from([0])]) });
    expect(() => extractTsig(wire)).toThrow(/time signed, fudge and MAC size cut short/);
  });

  it('a MAC that fills the RDATA leaving no room for original ID, error and other length is refused with its byte', () => {
    const wire = reply({ rawAfterAlgorithm: Buffer.concat([u48(NOW), u16(300), u16(4), Buffer.alloc(4, 9)]) });
    expect(() => extractTsig(wire)).toThrow(expect.objectContaining({ code: 'DNS_BADRESP', message: expect.stringMatching(/MAC of 4 octets runs past the record/) }));
  });

  it('a MAC leaving 5 of the 6 trailing octets is refused too', () => {
    const wire = reply({ rawAfterAlgorithm: Buffer.concat([u48(NOW), u16(300), u16(4), Buffer.alloc(4, 9), Buffer.alloc(5)]) });
    expect(() => extractTsig(wire)).toThrow(/MAC of 4 octets runs past the record/);
    expect(verifyResponse(wire, KEY, REQUEST_MAC, NOW)).toMatchObject({ ok: false, reason: 'malformed', tsigError: 'FORMERR' });
  });
});

describe('a server error', () => {
  it.each([
    [9, 'NOTAUTH'],
    [16, 'BADSIG'],
    [17, 'BADKEY'],
    [18, 'BADTIME'],
    [22, 'BADTRUNC'],
    [99, 'TSIG_ERROR_99'],
  ])('error %i with an empty MAC is the server\'s %s', (error, name) => {
    const result = verifyResponse(reply({ error, mac: Buffer.alloc(0) }), KEY, REQUEST_MAC, NOW);
    expect(result).toMatchObject({ ok: false, reason: 'server-error', tsigError: name });
    expect(result.ok ? '' : result.message).toMatch(new RegExp(`^TSIG error ${name}: `));
  });

  it.each([
    ['BADKEY', 17, /does not know this key name or algorithm/],
    ['BADTIME', 18, /clocks differ by more than the fudge/],
    ['BADTRUNC', 22, /rejected the MAC length/],
    ['an unknown error', 99, /the server rejected the signature/],
  ])('%s comes with its hint', (_label, error, hint) => {
    const result = verifyResponse(reply({ error, mac: Buffer.alloc(0) }), KEY, REQUEST_MAC, NOW);
    expect(result.ok ? '' : result.message).toMatch(hint);
  });

  it('an empty MAC without an error is a truncation, not a server error', () => {
    expect(verifyResponse(reply({ error: 0, mac: Buffer.alloc(0) }), KEY, REQUEST_MAC, NOW)).toMatchObject({ ok: false, reason: 'bad-mac', tsigError: 'BADTRUNC' });
  });

  it('an error under a MAC that does not verify is a forgery, not the server\'s word', () => {
    expect(verifyResponse(reply({ error: 18, mac: Buffer.alloc(32, 5) }), KEY, REQUEST_MAC, NOW)).toMatchObject({ ok: false, reason: 'bad-mac', tsigError: 'BADSIG' });
  });
});

describe('what each verdict says', () => {
  it('a missing signature', () => {
    expect(verifyResponse(reply({ type: 1 }), KEY, REQUEST_MAC, NOW)).toEqual({
      ok: false, reason: 'missing', tsigError: 'BADSIG', message: 'the response carries no TSIG signature, so it cannot be trusted',
    });
  });

  it('a MAC of a length the algorithm does not allow', () => {
    expect(verifyResponse(reply({ mac: Buffer.alloc(9, 1) }), KEY, REQUEST_MAC, NOW)).toEqual({
      ok: false, reason: 'bad-mac', tsigError: 'BADTRUNC', message: 'the response MAC is 9 octets, outside the range allowed for hmac-sha256',
    });
  });

  it('a MAC that does not match', () => {
    expect(verifyResponse(reply(), KEY, REQUEST_MAC, NOW)).toEqual({
      ok: false, reason: 'bad-mac', tsigError: 'BADSIG', message: 'the response signature does not match: the reply was altered or forged',
    });
  });

  it('a malformed record names the offset in its details', () => {
    const wire = reply({ rawAfterAlgorithm: Buffer.concat([u48(NOW), u16(300), Buffer.from([0])]) });
    expect(() => extractTsig(wire)).toThrow(expect.objectContaining({ details: { offset: expect.any(Number) } }));
  });

  it('refuses to sign a message shorter than a DNS header', () => {
    expect(() => signMessage(Buffer.alloc(11), KEY, NOW)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', message: 'cannot sign a DNS message shorter than its header' }),
    );
  });
});

describe('key names', () => {
  it('a key name in another case is the same key (it then fails on the MAC, not as another key)', () => {
    const result = verifyResponse(reply({ keyName: 'LAB-Key.' }), KEY, REQUEST_MAC, NOW);
    expect(result).toMatchObject({ ok: false, reason: 'bad-mac', tsigError: 'BADSIG' });
  });

  it('another key name is a key mismatch', () => {
    expect(verifyResponse(reply({ keyName: 'lab-key2.' }), KEY, REQUEST_MAC, NOW)).toMatchObject({ ok: false, reason: 'key-mismatch', tsigError: 'BADKEY' });
  });
});
