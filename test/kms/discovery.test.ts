import { describe, expect, it } from 'vitest';
import { cacheKeyFor, discover, domainsToSearch } from '../../src/kms/discovery.js';
import { createHostCache } from '../../src/kms/host-cache.js';
import type { ClientConfig } from '../../src/kms/types.js';
import { orderRecords } from '../../src/srv/select.js';
import type { SrvRecord } from '../../src/srv/types.js';
import { seededRng } from '../../src/util/random.js';
import { a, aaaa, deps, srv, type FakeAnswer } from './fakes.js';

const config = (over: Partial<ClientConfig> = {}): ClientConfig => ({ domains: ['corp.test'], profile: 'win7', hostCaching: true, ...over });

/** corp.test publishes kms1 (dead: 10.0.0.1) and kms2 (up: 10.0.0.2), addresses in the additional section. */
const corp: Record<string, FakeAnswer> = {
  '_vlmcs._tcp.corp.test SRV': {
    answers: [srv('_vlmcs._tcp.corp.test', 0, 50, 1688, 'kms1.corp.test'), srv('_vlmcs._tcp.corp.test', 0, 50, 1689, 'kms2.corp.test')],
    additionals: [a('kms1.corp.test', '10.0.0.1'), aaaa('kms1.corp.test', 'fd00::1'), a('kms2.corp.test', '10.0.0.2')],
  },
};

describe('domain list', () => {
  it.each([
    { domains: ['a.test', 'b.test'], lookupDomain: undefined, expected: ['a.test', 'b.test'] },
    { domains: ['a.test', 'B.test.', 'b.test', 'a.TEST', ''], lookupDomain: undefined, expected: ['a.test', 'B.test'] },
    { domains: ['a.test', 'b.test'], lookupDomain: 'kms.test.', expected: ['kms.test'] },
    { domains: [], lookupDomain: undefined, expected: [] },
  ])('$domains with lookup domain $lookupDomain → $expected', ({ domains, lookupDomain, expected }) => {
    expect(domainsToSearch({ domains, lookupDomain })).toEqual(expected);
  });

  it.each([
    { domains: ['Corp.Test.', 'x.test'], lookupDomain: undefined, key: 'corp.test' },
    { domains: ['corp.test'], lookupDomain: 'KMS.test', key: 'kms.test' },
    { domains: [], lookupDomain: undefined, key: 'global' },
  ])('cache key of $domains / $lookupDomain is $key', ({ domains, lookupDomain, key }) => {
    expect(cacheKeyFor({ domains, lookupDomain })).toBe(key);
  });
});

describe('discover: search order', () => {
  it.each([
    { manual: { sku: { host: '10.9.9.1', port: 1 }, appId: { host: '10.9.9.2', port: 2 }, global: { host: '10.9.9.3', port: 3 } }, host: '10.9.9.1' },
    { manual: { appId: { host: '10.9.9.2', port: 2 }, global: { host: '10.9.9.3', port: 3 } }, host: '10.9.9.2' },
    { manual: { global: { host: '10.9.9.3', port: 3 } }, host: '10.9.9.3' },
  ])('a manual host at the first level set wins and no DNS is queried ($host)', async ({ manual, host }) => {
    const t = deps(corp, ['10.9.9.1', '10.9.9.2', '10.9.9.3']);
    t.cache.set('corp.test', { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', cachedAt: '2026-01-01T00:00:00.000Z' });
    const out = await discover(config({ manual }), t.deps);
    expect(out.source).toBe('manual');
    expect(out.selected?.address).toBe(host);
    expect(t.queries).toEqual([]);
    expect(t.probes).toEqual([`${host}:${out.selected?.port}@${host}`]);
  });

  it('a manual host name is resolved by A/AAAA, never by SRV; a dead manual host gives 0xC004F074 without falling back', async () => {
    const t = deps({ ...corp, 'kms9.corp.test A': { answers: [a('kms9.corp.test', '10.0.0.9')] } }, ['10.0.0.2']);
    const out = await discover(config({ manual: { global: { host: 'kms9.corp.test', port: 1688 } } }), t.deps);
    expect(t.queries).toEqual(['kms9.corp.test A', 'kms9.corp.test AAAA']);
    expect(out.selected).toBeNull();
    expect(out.errorCode).toBe('0xC004F074');
    expect(out.attempts.map((x) => x.address)).toEqual(['10.0.0.9']);
  });

  it('queries domains in order until one has SRV records, reporting each with rcode and win32', async () => {
    const zone = { ...corp, '_vlmcs._tcp.empty.test SRV': { rcode: 'NOERROR' } };
    const t = deps(zone, ['10.0.0.2']);
    const out = await discover(config({ domains: ['gone.test', 'empty.test', 'corp.test', 'never.test'] }), t.deps);
    expect(out.domains.map((d) => [d.domain, d.rcode, d.win32])).toEqual([
      ['gone.test', 'NXDOMAIN', 9003],
      ['empty.test', 'NOERROR', 9501],
      ['corp.test', 'NOERROR', 0],
    ]);
    expect(out.notes.join('\n')).toMatch(/assumes the order given/);
    expect(t.queries.filter((q) => q.endsWith('SRV'))).toHaveLength(3);
  });

  it('a lookup domain replaces the search list', async () => {
    const zone = { '_vlmcs._tcp.kms.test SRV': { answers: [srv('_vlmcs._tcp.kms.test', 0, 0, 1688, 'k.kms.test')], additionals: [a('k.kms.test', '10.0.0.2')] } };
    const t = deps({ ...corp, ...zone }, ['10.0.0.2']);
    const out = await discover(config({ domains: ['corp.test'], lookupDomain: 'kms.test' }), t.deps);
    expect(t.queries).toEqual(['_vlmcs._tcp.kms.test SRV']);
    expect(out.lookupDomainUsed).toBe(true);
    expect(out.selected?.target).toBe('k.kms.test');
  });

  it('reports a CNAME at _vlmcs._tcp and uses the records it leads to', async () => {
    const zone = {
      '_vlmcs._tcp.alias.test SRV': {
        answers: [
          { name: '_vlmcs._tcp.alias.test', type: 'CNAME', class: 'IN', ttl: 60, data: '_vlmcs._tcp.corp.test' },
          srv('_vlmcs._tcp.corp.test', 0, 0, 1689, 'kms2.corp.test'),
        ],
        additionals: [a('kms2.corp.test', '10.0.0.2')],
        cnameChain: ['_vlmcs._tcp.alias.test'],
      },
    };
    const out = await discover(config({ domains: ['alias.test'] }), deps(zone, ['10.0.0.2']).deps);
    expect(out.domainDetails[0]).toMatchObject({ cnameChain: ['_vlmcs._tcp.alias.test'], finalName: '_vlmcs._tcp.corp.test' });
    expect(out.domains[0]?.records.map((r) => r.target)).toEqual(['kms2.corp.test']);
    expect(out.selected?.target).toBe('kms2.corp.test');
  });

  it('takes addresses from the additional section, else asks A and AAAA', async () => {
    const zone = {
      '_vlmcs._tcp.corp.test SRV': { answers: [srv('_vlmcs._tcp.corp.test', 0, 0, 1688, 'kms3.corp.test')] },
      'kms3.corp.test A': { answers: [a('kms3.corp.test', '10.0.0.3')] },
      'kms3.corp.test AAAA': { answers: [aaaa('kms3.corp.test', 'fd00::3')] },
    };
    const t = deps(zone, ['fd00::3']);
    const out = await discover(config(), t.deps);
    expect(out.candidates[0]?.addresses).toEqual(['10.0.0.3', 'fd00::3']);
    expect(out.attempts.map((x) => [x.address, x.ok])).toEqual([
      ['10.0.0.3', false],
      ['fd00::3', true],
    ]);
    const withAdditional = deps(corp, ['10.0.0.2']);
    await discover(config(), withAdditional.deps);
    expect(withAdditional.queries).toEqual(['_vlmcs._tcp.corp.test SRV']);
  });
});

describe('discover: failover and cache', () => {
  it('removes a host that does not answer (every address tried) and selects the next', async () => {
    const t = deps(corp, ['10.0.0.2']);
    const out = await discover(config(), t.deps);
    expect(out.attempts.map((x) => `${x.target}@${x.address}:${x.ok}`)).toEqual(['kms1.corp.test@10.0.0.1:false', 'kms1.corp.test@fd00::1:false', 'kms2.corp.test@10.0.0.2:true']);
    expect(out.attempts.every((x) => x.elapsedMs === 7)).toBe(true);
    expect(out.selected).toEqual({ target: 'kms2.corp.test', port: 1689, address: '10.0.0.2' });
    expect(out.cache.before).toBeNull();
    expect(out.cache.after).toEqual({ target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', cachedAt: expect.stringMatching(/^2026-01-02T03:04:05\.\d{3}Z$/) });
    expect(t.cache.get('corp.test')).toEqual(out.cache.after);
  });

  it('probes in the order drawn by orderRecords with the injected rng', async () => {
    const records = Array.from({ length: 5 }, (_, i) => srv('_vlmcs._tcp.corp.test', i % 2, 10 * i, 2000 + i, `k${i}.corp.test`));
    const zone = { '_vlmcs._tcp.corp.test SRV': { answers: records, additionals: records.map((r, i) => a((r.data as { target: string }).target, `10.1.0.${i}`)) } };
    const t = deps(zone, [], { orderRecords, rng: seededRng(42) });
    const out = await discover(config(), t.deps);
    const expected = orderRecords(out.candidates.map((c) => ({ ...c })), 'win7', seededRng(42)).map((r) => r.target);
    expect(out.attempts.map((x) => x.target)).toEqual(expected);
    expect(out.order).toEqual(expected.map((target, i) => `${target}:${out.attempts[i]?.port}`));
    expect(out.errorCode).toBe('0xC004F074');
  });

  it('goes to the cached host first and asks no DNS when it answers', async () => {
    const t = deps(corp, ['10.0.0.2']);
    const first = await discover(config(), t.deps);
    t.queries.length = 0;
    const second = await discover(config(), t.deps);
    expect(second.source).toBe('cache');
    expect(t.queries).toEqual([]);
    expect(second.attempts.map((x) => x.address)).toEqual(['10.0.0.2']);
    expect(second.cache).toEqual({ before: first.cache.after, after: first.cache.after });
  });

  it('rediscovers through DNS when the cached host does not answer, without retrying it', async () => {
    const t = deps(corp, ['10.0.0.1']);
    t.cache.set('corp.test', { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', cachedAt: '2026-01-01T00:00:00.000Z' });
    const out = await discover(config(), t.deps);
    expect(out.source).toBe('dns');
    expect(out.attempts.map((x) => `${x.address}:${x.ok}`)).toEqual(['10.0.0.2:false', '10.0.0.1:true']);
    expect(out.notes.join('\n')).toMatch(/cached host kms2\.corp\.test:1689 did not respond/);
    expect(out.cache.after?.target).toBe('kms1.corp.test');
  });

  it('leaves the cached host that just failed out of the DNS order, even when the order would put it first', async () => {
    // The order reverses the records, so kms2 (listed second) would be tried first were it kept.
    const reversed = (records: SrvRecord[]): SrvRecord[] => [...records].reverse();
    const t = deps(corp, ['10.0.0.1'], { orderRecords: reversed });
    t.cache.set('corp.test', { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', cachedAt: '2026-01-01T00:00:00.000Z' });
    const out = await discover(config(), t.deps);
    expect(out.order).toEqual(['kms1.corp.test:1688']);
    expect(t.probes).toEqual(['kms2.corp.test:1689@10.0.0.2', 'kms1.corp.test:1688@10.0.0.1']);
    expect(out.selected).toEqual({ target: 'kms1.corp.test', port: 1688, address: '10.0.0.1' });
  });

  it('probes a host listed twice once: a client removes a host that did not answer', async () => {
    const twice = {
      '_vlmcs._tcp.corp.test SRV': {
        answers: [srv('_vlmcs._tcp.corp.test', 0, 50, 1688, 'kms1.corp.test'), srv('_vlmcs._tcp.corp.test', 0, 50, 1688, 'KMS1.corp.test.'), srv('_vlmcs._tcp.corp.test', 0, 50, 1689, 'kms2.corp.test')],
        additionals: [a('kms1.corp.test', '10.0.0.1'), a('kms2.corp.test', '10.0.0.2')],
      },
    };
    const t = deps(twice, ['10.0.0.2']);
    const out = await discover(config(), t.deps);
    expect(t.probes).toEqual(['kms1.corp.test:1688@10.0.0.1', 'kms2.corp.test:1689@10.0.0.2']);
    expect(out.selected?.target).toBe('kms2.corp.test');
  });

  it('with host caching off reads and writes no cache', async () => {
    const t = deps(corp, ['10.0.0.2']);
    t.cache.set('corp.test', { target: 'kms1.corp.test', port: 1688, address: '10.0.0.1', cachedAt: '2026-01-01T00:00:00.000Z' });
    const before = JSON.stringify(t.cache.toJSON());
    const out = await discover(config({ hostCaching: false }), t.deps);
    expect(out.cache).toEqual({ before: null, after: null });
    expect(out.attempts[0]?.target).toBe('kms1.corp.test');
    expect(JSON.stringify(t.cache.toJSON())).toBe(before);
  });

  it('without a probe reports the first host in order and leaves the cache alone', async () => {
    const cache = createHostCache();
    const out = await discover(config(), { ...deps(corp, []).deps, probe: undefined, cache });
    expect(out.attempts).toEqual([]);
    expect(out.selected).toEqual({ target: 'kms1.corp.test', port: 1688, address: '10.0.0.1' });
    expect(cache.dirty).toBe(false);
  });
});

describe('discover: the error a Windows client shows', () => {
  const nodata: FakeAnswer = { rcode: 'NOERROR' };
  it.each([
    { what: 'NXDOMAIN everywhere', zone: {}, domains: ['a.test', 'b.test'], code: '0x8007232B', unanswered: false },
    { what: 'no domain at all', zone: {}, domains: [], code: '0x8007232B', unanswered: false },
    { what: 'no records everywhere', zone: { '_vlmcs._tcp.a.test SRV': nodata }, domains: ['a.test'], code: '0x8007251D', unanswered: false },
    { what: 'no records, then NXDOMAIN', zone: { '_vlmcs._tcp.a.test SRV': nodata }, domains: ['a.test', 'b.test'], code: '0x8007251D', unanswered: false },
    { what: 'NXDOMAIN, then no records', zone: { '_vlmcs._tcp.b.test SRV': nodata }, domains: ['a.test', 'b.test'], code: '0x8007251D', unanswered: false },
    { what: 'a server failure', zone: { '_vlmcs._tcp.b.test SRV': { rcode: 'SERVFAIL' } }, domains: ['a.test', 'b.test'], code: '0x8007232A', unanswered: false },
    { what: 'a refusal', zone: { '_vlmcs._tcp.a.test SRV': { rcode: 'REFUSED' } }, domains: ['a.test'], code: '0x8007232A', unanswered: false },
    { what: 'no server answered', zone: { '_vlmcs._tcp.a.test SRV': { silent: true } }, domains: ['a.test'], code: '0x8007232A', unanswered: true },
    { what: 'no server answered, then NXDOMAIN', zone: { '_vlmcs._tcp.a.test SRV': { silent: true } }, domains: ['a.test', 'b.test'], code: '0x8007232A', unanswered: true },
    // Records came back, so the client has no DNS error; it has no host to contact either.
    { what: 'only target "."', zone: { '_vlmcs._tcp.a.test SRV': { answers: [srv('_vlmcs._tcp.a.test', 0, 0, 0, '.')] } }, domains: ['a.test'], code: '0xC004F074', unanswered: false },
    { what: 'hosts found, none answered', zone: corp, domains: ['corp.test'], code: '0xC004F074', unanswered: false },
  ])('$what → $code', async ({ zone, domains, code, unanswered }) => {
    const out = await discover(config({ domains }), deps(zone, []).deps);
    expect(out.selected).toBeNull();
    expect(out.errorCode).toBe(code);
    expect(out.dnsUnanswered).toBe(unanswered);
    expect(out.domains).toHaveLength(domains.length);
  });
});
