import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiscoverText } from '../../src/kms/discover-text.js';
import { parseKmsHost, runDiscover, toDiscoverJson } from '../../src/kms/run-discover.js';
import { parseResolvConf } from '../../src/dns/resolv-conf.js';
import { a, fakeClock, fakeDns, fakeProbe, fixedRng, srv } from './fakes.js';

describe('parseKmsHost', () => {
  it.each([
    { text: 'kms1.contoso.com', host: 'kms1.contoso.com', port: 1688 },
    { text: 'KMS1.contoso.com.:1700', host: 'KMS1.contoso.com', port: 1700 },
    { text: '10.0.0.5:1688', host: '10.0.0.5', port: 1688 },
    { text: 'fd00::5', host: 'fd00::5', port: 1688 },
    { text: '[fd00::5]:1699', host: 'fd00::5', port: 1699 },
    { text: 'kms', host: 'kms', port: 1688 },
    { text: '_kms.contoso.com', host: '_kms.contoso.com', port: 1688 },
  ])('$text → $host port $port', ({ text, host, port }) => {
    expect(parseKmsHost(text)).toEqual({ host, port });
  });

  it.each([
    { text: '', why: /the host is empty/ },
    { text: ':1688', why: /the host is empty/ },
    { text: 'kms1.test:0', why: /port must be 1 to 65535, got "0"/ },
    { text: 'kms1.test:x', why: /port must be 1 to 65535, got "x"/ },
    { text: '-kms.test', why: /is not a host name or IP address: it has label "-kms", which starts or ends with a hyphen/ },
    { text: 'kms\u001b.test', why: /is not a host name or IP address: it contains a control character \(U\+001B\)/ },
    { text: 'a..b', why: /is not a host name or IP address/ },
    { text: '[kms1]:1688', why: /"kms1" is not an IPv6 address/ },
  ])('rejects $text', ({ text, why }) => {
    expect(() => parseKmsHost(text)).toThrow(why);
  });
});

const zone = {
  '_vlmcs._tcp.home.test SRV': { answers: [srv('_vlmcs._tcp.home.test', 0, 0, 1688, 'kms.home.test')], additionals: [a('kms.home.test', '10.0.0.7')] },
};

describe('runDiscover', () => {
  it('takes the domains from resolv.conf: domain, then search', async () => {
    const dns = fakeDns(zone);
    const conf = parseResolvConf('search a.test b.test\nnameserver 127.0.0.1\n');
    const report = await runDiscover(
      {},
      { loadResolvConf: async () => ({ ...conf, domain: 'home.test' }), query: dns.query, probe: fakeProbe(['10.0.0.7']).probe, rng: fixedRng, now: fakeClock() },
    );
    expect(report.domains.map((d) => d.domain)).toEqual(['home.test']);
    expect(report.exitCode).toBe(0);
    const none = await runDiscover({}, { loadResolvConf: async () => conf, query: dns.query, probe: fakeProbe([]).probe, rng: fixedRng, now: fakeClock() });
    expect(none.domains.map((d) => d.domain)).toEqual(['a.test', 'b.test']);
    expect(none.exitCode).toBe(1);
  });

  it('--json has exactly the documented keys', async () => {
    const report = await runDiscover({ domains: ['home.test'] }, { query: fakeDns(zone).query, probe: fakeProbe(['10.0.0.7']).probe, rng: fixedRng, now: fakeClock() });
    const json = toDiscoverJson(report);
    expect(Object.keys(json)).toEqual(['domains', 'candidates', 'attempts', 'selected', 'errorCode', 'cache']);
    expect(Object.keys(json.domains[0]!)).toEqual(['domain', 'name', 'rcode', 'win32', 'event', 'records']);
    expect(Object.keys(json.domains[0]!.records[0]!)).toEqual(['priority', 'weight', 'port', 'target', 'ttl']);
    expect(Object.keys(json.candidates[0]!)).toEqual(['target', 'port', 'priority', 'weight', 'addresses', 'probability']);
    expect(Object.keys(json.attempts[0]!)).toEqual(['target', 'port', 'address', 'ok', 'error', 'elapsedMs']);
    expect(Object.keys(json.selected!)).toEqual(['target', 'port', 'address']);
    expect(Object.keys(json.cache)).toEqual(['before', 'after']);
  });

  it.each([
    { domains: ['gone.test'], code: '0x8007232B', meaning: /DNS name does not exist/ },
    { domains: ['home.test'], code: '0xC004F074', meaning: /No Key Management Service \(KMS\) could be contacted/ },
  ])('text for no host names $code and its meaning', async ({ domains, code, meaning }) => {
    const report = await runDiscover({ domains, hostCaching: false }, { query: fakeDns(zone).query, probe: fakeProbe([]).probe, rng: fixedRng, now: fakeClock() });
    const text = formatDiscoverText(report);
    expect(text).toContain(`A Windows client would show ${code}: `);
    expect(text).toMatch(meaning);
    expect(text).toContain('Host cache: off');
  });

  it.each([
    { profile: 'win7' as const, shares: [0.6, 0.4, 0] },
    { profile: 'vista' as const, shares: [1 / 3, 1 / 3, 1 / 3] },
  ])('first-pick probabilities follow the $profile profile', async ({ profile, shares }) => {
    const name = '_vlmcs._tcp.w.test';
    const records = [srv(name, 0, 60, 1688, 'k1.w.test'), srv(name, 0, 40, 1688, 'k2.w.test'), srv(name, 5, 0, 1688, 'k3.w.test')];
    const dns = fakeDns({ [`${name} SRV`]: { answers: records, additionals: [a('k1.w.test', '10.0.0.1'), a('k2.w.test', '10.0.0.2'), a('k3.w.test', '10.0.0.3')] } });
    const report = await runDiscover({ domains: ['w.test'], profile, probe: 'none' }, { query: dns.query, rng: fixedRng, now: fakeClock() });
    report.candidates.forEach((c, i) => expect(c.probability).toBeCloseTo(shares[i]!, 12));
    expect(report.attempts).toEqual([]);
    expect(report.selected).not.toBeNull();
  });

  describe('the state file', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-run-discover-'));
    });
    afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

    const cached = (target: string, address: string) => ({ version: 1, hosts: { 'home.test': { target, port: 1688, address, cachedAt: '2026-01-01T00:00:00.000Z' } } });

    it('is not rewritten when the cached host answered and nothing changed', async () => {
      const state = path.join(dir, 'unchanged.json');
      // Compact JSON: a rewrite (always indented) would change the bytes.
      const text = JSON.stringify(cached('kms.home.test', '10.0.0.7'));
      await fs.writeFile(state, text);
      const report = await runDiscover({ domains: ['home.test'], stateFile: state }, { query: fakeDns(zone).query, probe: fakeProbe(['10.0.0.7']).probe, rng: fixedRng, now: fakeClock() });
      expect(report.source).toBe('cache');
      expect(report.stateFileError).toBeNull();
      expect(await fs.readFile(state, 'utf8')).toBe(text);
    });

    it('is rewritten with the host found when the cached host failed', async () => {
      const state = path.join(dir, 'changed.json');
      await fs.writeFile(state, JSON.stringify(cached('old.home.test', '10.0.0.9')));
      const report = await runDiscover({ domains: ['home.test'], stateFile: state }, { query: fakeDns(zone).query, probe: fakeProbe(['10.0.0.7']).probe, rng: fixedRng, now: fakeClock() });
      expect(report.source).toBe('dns');
      // fakeClock starts at 2026-01-02T03:04:05Z and the cache entry is stamped at a later reading.
      expect(JSON.parse(await fs.readFile(state, 'utf8'))).toEqual({
        version: 1,
        hosts: { 'home.test': { target: 'kms.home.test', port: 1688, address: '10.0.0.7', cachedAt: expect.stringMatching(/^2026-01-02T03:04:05\.\d{3}Z$/) } },
      });
    });
  });
});
