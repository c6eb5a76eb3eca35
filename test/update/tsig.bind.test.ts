// The verifier against real BIND replies: a genuine signed reply verifies; every tampering, a wrong
// key, a stale clock or a stripped signature is caught; BIND's own BADTIME / BADSIG answers are read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUpdate } from '../../src/update/build.js';
import { exchangeTcp } from '../../src/update/exchange.js';
import { extractTsig, signMessage, verifyResponse, type TsigVerification } from '../../src/update/tsig.js';
import { parseTsigKeys, type TsigKey } from '../../src/update/tsig-key.js';
import { walkMessage } from '../../src/update/wire.js';
import { bindMissing, runTool, startBind, type BindServer } from '../helpers/bind.js';

const ZONE = `$TTL 1h
@   IN SOA ns1.sig.test. hostmaster.sig.test. ( 1 3600 900 1209600 300 )
    IN NS  ns1
ns1 IN A   127.0.0.1
`;

describe.skipIf(bindMissing() || bindMissing('tsig-keygen'))('TSIG verification of BIND replies', () => {
  let bind: BindServer;
  let key: TsigKey;
  let mixedCaseKey: TsigKey;
  let id = 100;
  const now = (): number => Date.now() / 1000;

  /** One signed UPDATE adding a fresh A record; the clock of the signer may be skewed. */
  async function signedExchange(signWith: TsigKey, skewSeconds = 0): Promise<{ reply: Buffer; mac: Buffer }> {
    id++;
    const message = buildUpdate({
      id,
      zone: 'sig.test.',
      prerequisites: [],
      changes: [{ op: 'add', record: { name: `h${id}.sig.test.`, type: 'A', ttl: 60, data: '192.0.2.1' } }],
    });
    const signed = signMessage(message, signWith, now() + skewSeconds);
    const reply = await exchangeTcp(signed.message, { host: bind.host, port: bind.port }, { timeoutMs: 5000 });
    return { reply, mac: signed.mac };
  }

  beforeAll(async () => {
    const text = runTool('tsig-keygen', ['-a', 'hmac-sha256', 'verify-key']).stdout;
    key = parseTsigKeys(text)[0]!;
    // Key names are compared and MACed in canonical (lower-case) form: BIND is the reference.
    const mixedText = runTool('tsig-keygen', ['-a', 'hmac-sha256', 'Mixed-Case.Key']).stdout;
    // Our key-file reader folds the name to lower case; the signer must cope with a caller who does not.
    mixedCaseKey = { ...parseTsigKeys(mixedText)[0]!, name: 'Mixed-Case.Key' };
    bind = await startBind({
      extra: text + mixedText,
      zones: [{ name: 'sig.test', text: ZONE, clause: '  update-policy { grant verify-key zonesub A; grant Mixed-Case.Key zonesub A; };' }],
    });
  });
  afterAll(async () => bind?.stop());

  it('a genuine reply verifies and reports NOERROR', async () => {
    const { reply, mac } = await signedExchange(key);
    expect(walkMessage(reply).rcode).toBe(0);
    expect(verifyResponse(reply, key, mac, now())).toMatchObject({ ok: true });
  });

  it('a key whose name has capitals signs requests BIND accepts and verifies its replies (canonical names in the MAC)', async () => {
    const { reply, mac } = await signedExchange(mixedCaseKey);
    expect(walkMessage(reply).rcode).toBe(0);
    expect(verifyResponse(reply, mixedCaseKey, mac, now())).toMatchObject({ ok: true });
    expect(verifyResponse(reply, { ...mixedCaseKey, name: 'mixed-case.key' }, mac, now())).toMatchObject({ ok: true });
  });

  const flipLastByte = (b: Buffer): Buffer => {
    const c = Buffer.from(b);
    c[c.length - 1] = (c[c.length - 1] ?? 0) ^ 1;
    return c;
  };
  const flipInMac = (b: Buffer): Buffer => {
    const c = Buffer.from(b);
    const tsig = walkMessage(c).records.at(-1)!;
    // Algorithm name "hmac-sha256." is 13 octets; then time 6, fudge 2, MAC size 2, MAC.
    c[tsig.rdataStart + 13 + 10] = (c[tsig.rdataStart + 13 + 10] ?? 0) ^ 0x80;
    return c;
  };
  const flipRcode = (b: Buffer): Buffer => {
    const c = Buffer.from(b);
    c[3] = ((c[3] ?? 0) & 0xf0) | 5; // forge REFUSED into a NOERROR reply
    return c;
  };
  const stripTsig = (b: Buffer): Buffer => extractTsig(b)!.unsigned;

  it.each<[string, (reply: Buffer) => Buffer, Partial<{ key: 'other'; mac: 'other'; clock: number }>, Partial<TsigVerification>]>([
    ['a forged RCODE', flipRcode, {}, { ok: false, reason: 'bad-mac', tsigError: 'BADSIG' }],
    ['a flipped MAC bit', flipInMac, {}, { ok: false, reason: 'bad-mac', tsigError: 'BADSIG' }],
    ['a changed other-data length', flipLastByte, {}, { ok: false, reason: 'malformed' }],
    ['a stripped signature', stripTsig, {}, { ok: false, reason: 'missing' }],
    ['the right name but another secret', (b) => b, { key: 'other' }, { ok: false, reason: 'bad-mac' }],
    ['another request MAC', (b) => b, { mac: 'other' }, { ok: false, reason: 'bad-mac' }],
    ['a clock 301 s ahead', (b) => b, { clock: 301 }, { ok: false, reason: 'bad-time', tsigError: 'BADTIME' }],
    // RFC 8945 §5.2.3: the difference counts either way, so a reply signed in our future is refused too.
    ['a clock 301 s behind (a reply signed in the future)', (b) => b, { clock: -301 }, { ok: false, reason: 'bad-time', tsigError: 'BADTIME' }],
  ])('detects %s', async (_label, tamper, opts, expected) => {
    const { reply, mac } = await signedExchange(key);
    const otherKey = { ...key, secret: Buffer.alloc(32, 7) };
    const result = verifyResponse(tamper(reply), opts.key ? otherKey : key, opts.mac ? Buffer.alloc(mac.length) : mac, now() + (opts.clock ?? 0));
    expect(result).toMatchObject(expected);
  });

  it('refuses a reply signed with another key name, even with the same secret (RFC 8945 §5.3.2)', async () => {
    const { reply, mac } = await signedExchange(key);
    const result = verifyResponse(reply, { ...key, name: 'other-key' }, mac, now());
    expect(result).toMatchObject({ ok: false, reason: 'key-mismatch', tsigError: 'BADKEY' });
    expect(result.ok ? '' : result.message).toContain('signed with key verify-key.');
  });

  it('refuses a reply signed with another algorithm under the same key name', async () => {
    const { reply, mac } = await signedExchange(key);
    expect(verifyResponse(reply, { ...key, algorithm: 'hmac-sha512' }, mac, now())).toMatchObject({ ok: false, reason: 'key-mismatch', tsigError: 'BADKEY' });
  });

  it('takes a reply signed exactly the fudge away from our clock, in either direction, and not one second more (RFC 8945 §5.2.3)', async () => {
    const { reply, mac } = await signedExchange(key);
    const { timeSigned, fudge } = extractTsig(reply)!.record;
    expect(fudge).toBe(300);
    for (const offset of [fudge, -fudge]) expect(verifyResponse(reply, key, mac, timeSigned + offset)).toMatchObject({ ok: true });
    for (const offset of [fudge + 1, -fudge - 1]) expect(verifyResponse(reply, key, mac, timeSigned + offset)).toMatchObject({ ok: false, reason: 'bad-time' });
    expect(verifyResponse(reply, key, mac, timeSigned + fudge + 1)).toMatchObject({
      message: `the response was signed at ${timeSigned}, more than 300 s from our clock (${timeSigned + fudge + 1})`,
    });
  });

  /** BIND's reply with its MAC cut to its first `octets`, as a server that truncates would send it (RFC 8945 §5.2.2.1). */
  function truncateMac(reply: Buffer, octets: number): Buffer {
    const tsig = walkMessage(reply).records.at(-1)!;
    // Algorithm name "hmac-sha256." is 13 octets; then time 6, fudge 2, MAC size 2, MAC.
    const macSizeAt = tsig.rdataStart + 13 + 8;
    const full = reply.readUInt16BE(macSizeAt);
    const cut = Buffer.concat([reply.subarray(0, macSizeAt + 2 + octets), reply.subarray(macSizeAt + 2 + full)]);
    cut.writeUInt16BE(octets, macSizeAt);
    cut.writeUInt16BE(cut.readUInt16BE(tsig.rdataStart - 2) - (full - octets), tsig.rdataStart - 2);
    return cut;
  }

  it('takes a MAC truncated to half of SHA-256 (16 octets) and refuses 15 (RFC 8945 §5.2.2.1)', async () => {
    const { reply, mac } = await signedExchange(key);
    expect(verifyResponse(truncateMac(reply, 16), key, mac, now())).toMatchObject({ ok: true });
    expect(verifyResponse(truncateMac(reply, 15), key, mac, now())).toMatchObject({ ok: false, reason: 'bad-mac', tsigError: 'BADTRUNC' });
    expect(verifyResponse(truncateMac(reply, 1), key, mac, now())).toMatchObject({ ok: false, reason: 'bad-mac', tsigError: 'BADTRUNC' });
  });

  it('refuses a MAC longer than the digest (33 octets for SHA-256)', async () => {
    const { reply, mac } = await signedExchange(key);
    const tsig = walkMessage(reply).records.at(-1)!;
    const macEnd = tsig.rdataStart + 13 + 10 + 32;
    const longer = Buffer.concat([reply.subarray(0, macEnd), Buffer.from([0]), reply.subarray(macEnd)]);
    longer.writeUInt16BE(33, tsig.rdataStart + 13 + 8);
    longer.writeUInt16BE(longer.readUInt16BE(tsig.rdataStart - 2) + 1, tsig.rdataStart - 2);
    expect(verifyResponse(longer, key, mac, now())).toMatchObject({ ok: false, reason: 'bad-mac', tsigError: 'BADTRUNC' });
  });

  it('reads BIND\'s BADTIME answer to a request signed an hour off', async () => {
    const { reply, mac } = await signedExchange(key, 3600);
    expect(walkMessage(reply).rcode).toBe(9); // NOTAUTH
    const result = verifyResponse(reply, key, mac, now());
    expect(result).toMatchObject({ ok: false, reason: 'server-error', tsigError: 'BADTIME' });
    // BIND signs its BADTIME answer, so this is the verdict after the MAC checked out, with the hint.
    expect(extractTsig(reply)!.record.mac.length).toBe(32);
    expect(result.ok ? '' : result.message).toBe('TSIG error BADTIME: the clocks differ by more than the fudge: check the time on this machine and the server');
  });

  it('reads BIND\'s BADSIG answer to a request signed with the wrong secret', async () => {
    const wrong = { ...key, secret: Buffer.alloc(32, 9) };
    const { reply, mac } = await signedExchange(wrong);
    expect(walkMessage(reply).rcode).toBe(9);
    const result = verifyResponse(reply, key, mac, now());
    expect(result).toMatchObject({ ok: false, reason: 'server-error', tsigError: 'BADSIG' });
    expect(result.ok ? '' : result.message).toMatch(/secret differs/);
  });
});
