import { describe, expect, it } from 'vitest';
import { cacheKeyFor, discover, DOMAIN_ORDER_NOTE, domainsToSearch } from '../../src/kms/discovery.js';
import { OS_RESOLVER } from '../../src/dns/os-lookup.js';
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
    { domains: [' a.test.. ', 'b.test'], lookupDomain: '.', expected: ['a.test', 'b.test'] },
    { domains: ['a.test'], lookupDomain: ' kms.test.. ', expected: ['kms.test'] },
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

  it('a failed cached host that DNS lists alone is not probed again; the cache keeps it when nothing answered', async () => {
    const only = { '_vlmcs._tcp.corp.test SRV': { answers: [srv('_vlmcs._tcp.corp.test', 0, 0, 1689, 'KMS2.corp.test.')], additionals: [a('kms2.corp.test', '10.0.0.2')] } };
    const cached = { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', cachedAt: '2026-01-01T00:00:00.000Z' };
    const t = deps(only, []);
    const before = createHostCache({ version: 1, hosts: { 'corp.test': cached } });
    const out = await discover(config(), { ...t.deps, cache: before });
    expect(t.probes).toEqual(['kms2.corp.test:1689@10.0.0.2']);
    expect(out.order).toEqual([]);
    expect(out.selected).toBeNull();
    expect(out.errorCode).toBe('0xC004F074');
    expect(out.cache).toEqual({ before: cached, after: cached });
    expect(before.dirty).toBe(false);
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

describe('discover: the whole outcome of each path', () => {
  const none = { cnameChain: [] as string[] };
  const common = { profile: 'win7', dnsUnanswered: false, probed: true } as const;

  it('a manual host name resolved by the OS resolver', async () => {
    const asked: string[] = [];
    const t = deps(corp, ['10.0.0.9'], { lookupHost: async (name) => (asked.push(name), { addresses: ['10.0.0.9', 'fd00::9'] }) });
    const out = await discover(config({ manual: { global: { host: 'kms9.corp.test', port: 1700 } } }), t.deps);
    expect(asked).toEqual(['kms9.corp.test']);
    expect(out).toEqual({
      ...common,
      domains: [],
      candidates: [{ target: 'kms9.corp.test', port: 1700, priority: 0, weight: 0, addresses: ['10.0.0.9', 'fd00::9'], probability: 1 }],
      attempts: [{ target: 'kms9.corp.test', port: 1700, address: '10.0.0.9', ok: true, error: null, elapsedMs: 7 }],
      selected: { target: 'kms9.corp.test', port: 1700, address: '10.0.0.9' },
      errorCode: null,
      cache: { before: null, after: null },
      source: 'manual',
      lookupDomainUsed: false,
      domainDetails: [],
      order: ['kms9.corp.test:1700'],
      notes: [`the manual host kms9.corp.test was resolved through ${OS_RESOLVER}, as the client resolves it: 10.0.0.9, fd00::9`],
    });
  });

  it('a manual host name the OS resolver cannot resolve: no connection is tried, 0xC004F074', async () => {
    const t = deps(corp, [], { lookupHost: async () => ({ addresses: [], failure: 'not found (ENOTFOUND)' }) });
    const out = await discover(config({ manual: { global: { host: 'kms9.corp.test', port: 1688 } } }), t.deps);
    expect(t.probes).toEqual([]);
    expect(out.attempts).toEqual([{ target: 'kms9.corp.test', port: 1688, address: null, ok: false, error: 'no address for this target', elapsedMs: 0 }]);
    expect(out.selected).toBeNull();
    expect(out.errorCode).toBe('0xC004F074');
    expect(out.notes).toEqual([`the manual host kms9.corp.test was resolved through ${OS_RESOLVER}, as the client resolves it: not found (ENOTFOUND)`]);
    const silent = await discover(config({ manual: { global: { host: 'kms9.corp.test', port: 1688 } } }), deps(corp, [], { lookupHost: async () => ({ addresses: [] }) }).deps);
    expect(silent.notes).toEqual([`the manual host kms9.corp.test was resolved through ${OS_RESOLVER}, as the client resolves it: no address`]);
  });

  it('a manual IP address is neither looked up nor noted; the DNS path notes that it used DNS for a name', async () => {
    const asked: string[] = [];
    const t = deps(corp, ['10.9.9.9'], { lookupHost: async (name) => (asked.push(name), { addresses: [] }) });
    const out = await discover(config({ manual: { global: { host: '10.9.9.9', port: 1688 } } }), t.deps);
    expect(asked).toEqual([]);
    expect(out.notes).toEqual([]);
    expect(out.selected).toEqual({ target: '10.9.9.9', port: 1688, address: '10.9.9.9' });
    const viaDns = await discover(config({ manual: { global: { host: 'kms1.corp.test', port: 1688 } } }), deps({ 'kms1.corp.test A': { answers: [a('kms1.corp.test', '10.0.0.1')] } }, ['10.0.0.1']).deps);
    expect(viaDns.notes).toEqual(['the manual host kms1.corp.test was looked up in DNS (A/AAAA) through the DNS servers given with --server, not through the operating system\'s resolver']);
  });

  it('DNS discovery that fails over to the second host and caches it', async () => {
    const t = deps(corp, ['10.0.0.2']);
    const out = await discover(config(), t.deps);
    expect(out).toEqual({
      ...common,
      domains: [
        {
          domain: 'corp.test',
          name: '_vlmcs._tcp.corp.test',
          rcode: 'NOERROR',
          win32: 0,
          event: null,
          records: [
            { priority: 0, weight: 50, port: 1688, target: 'kms1.corp.test', ttl: 300 },
            { priority: 0, weight: 50, port: 1689, target: 'kms2.corp.test', ttl: 300 },
          ],
        },
      ],
      // Equal weights at one priority: each is drawn first half the time (RFC 2782).
      candidates: [
        { target: 'kms1.corp.test', port: 1688, priority: 0, weight: 50, addresses: ['10.0.0.1', 'fd00::1'], probability: 0.5 },
        { target: 'kms2.corp.test', port: 1689, priority: 0, weight: 50, addresses: ['10.0.0.2'], probability: 0.5 },
      ],
      attempts: [
        { target: 'kms1.corp.test', port: 1688, address: '10.0.0.1', ok: false, error: 'connection refused (ECONNREFUSED)', elapsedMs: 7 },
        { target: 'kms1.corp.test', port: 1688, address: 'fd00::1', ok: false, error: 'connection refused (ECONNREFUSED)', elapsedMs: 7 },
        { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', ok: true, error: null, elapsedMs: 7 },
      ],
      selected: { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2' },
      errorCode: null,
      cache: { before: null, after: { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', cachedAt: expect.stringMatching(/^2026-01-02T03:04:05\.\d{3}Z$/) } },
      source: 'dns',
      lookupDomainUsed: false,
      domainDetails: [{ domain: 'corp.test', ...none, finalName: '_vlmcs._tcp.corp.test' }],
      order: ['kms1.corp.test:1688', 'kms2.corp.test:1689'],
      notes: [],
    });
  });

  it('DNS discovery where no host answers: source dns, 0xC004F074, nothing cached', async () => {
    const t = deps(corp, []);
    const out = await discover(config(), t.deps);
    expect(out).toMatchObject({ source: 'dns', selected: null, errorCode: '0xC004F074', cache: { before: null, after: null }, notes: [] });
    expect(t.cache.dirty).toBe(false);
  });

  it('no domain to search', async () => {
    const out = await discover(config({ domains: [] }), deps(corp, []).deps);
    expect(out).toEqual({
      ...common,
      domains: [],
      candidates: [],
      attempts: [],
      selected: null,
      errorCode: '0x8007232B',
      cache: { before: null, after: null },
      source: 'none',
      lookupDomainUsed: false,
      domainDetails: [],
      order: [],
      notes: ['no domain to search: give --domain or --lookup-domain'],
    });
  });

  it('two domains without records: each reported, the order note, source none', async () => {
    const out = await discover(config({ domains: ['gone.test', 'down.test'] }), deps({ '_vlmcs._tcp.down.test SRV': { silent: true } }, []).deps);
    expect(out.source).toBe('none');
    expect(out.errorCode).toBe('0x8007232A');
    expect(out.dnsUnanswered).toBe(true);
    expect(out.notes).toEqual([DOMAIN_ORDER_NOTE]);
    expect(out.domains[0]).toEqual({ domain: 'gone.test', name: '_vlmcs._tcp.gone.test', rcode: 'NXDOMAIN', win32: 9003, event: 'nxdomain', records: [] });
    expect(out.domains[1]).toMatchObject({ domain: 'down.test', rcode: null });
    expect(out.domainDetails[0]).toEqual({ domain: 'gone.test', ...none, finalName: '_vlmcs._tcp.gone.test' });
    expect(out.domainDetails[1]).toEqual({ domain: 'down.test', ...none, finalName: '_vlmcs._tcp.down.test', failure: expect.any(String) });
  });

  it('a lookup domain is noted and used; one that names no domain is ignored and the search list used', async () => {
    const zone = { '_vlmcs._tcp.kms.test SRV': { answers: [srv('_vlmcs._tcp.kms.test', 0, 0, 1688, 'k.kms.test')], additionals: [a('k.kms.test', '10.0.0.2')] } };
    const used = await discover(config({ lookupDomain: 'kms.test' }), deps({ ...corp, ...zone }, ['10.0.0.2']).deps);
    expect(used.lookupDomainUsed).toBe(true);
    expect(used.notes).toEqual(['a lookup domain is set: the DNS suffix search list is ignored']);
    const empty = await discover(config({ lookupDomain: '.' }), deps(corp, ['10.0.0.2']).deps);
    expect(empty.lookupDomainUsed).toBe(false);
    expect(empty.notes).toEqual([]);
    expect(empty.domains.map((d) => d.domain)).toEqual(['corp.test']);
  });

  it('the cached host that answers: only it is tried, with the cache note', async () => {
    const cached = { target: 'kms2.corp.test', port: 1689, address: '10.0.0.2', cachedAt: '2026-01-01T00:00:00.000Z' };
    const t = deps(corp, ['10.0.0.2']);
    t.cache.set('corp.test', cached);
    const out = await discover(config(), t.deps);
    expect(out).toMatchObject({ source: 'cache', order: ['kms2.corp.test:1689'], domains: [], candidates: [], lookupDomainUsed: false, cache: { before: cached, after: cached } });
    expect(out.notes).toEqual(['the cached host was used and DNS was not queried: with host caching on, priority and weight only shape the first discovery (slmgr /ckhc balances every activation)']);
    const unprobed = createHostCache();
    unprobed.set('corp.test', cached);
    const notProbed = await discover(config(), { ...deps(corp, []).deps, probe: undefined, cache: unprobed });
    expect(notProbed.notes[0]).toBe('not probed: the cached host is reported as the client would try it first');
    expect(notProbed.selected).toEqual({ target: 'kms2.corp.test', port: 1689, address: '10.0.0.2' });
  });

  it('a cached host without an address is looked up: an IP target as itself, a name by A/AAAA', async () => {
    const byIp = deps(corp, ['10.0.0.5']);
    byIp.cache.set('corp.test', { target: '10.0.0.5', port: 1688, address: null, cachedAt: '2026-01-01T00:00:00.000Z' });
    expect((await discover(config(), byIp.deps)).selected).toEqual({ target: '10.0.0.5', port: 1688, address: '10.0.0.5' });
    expect(byIp.queries).toEqual([]);
    const byName = deps({ 'kms5.corp.test A': { answers: [a('kms5.corp.test', '10.0.0.5')] } }, ['10.0.0.5']);
    byName.cache.set('corp.test', { target: 'kms5.corp.test', port: 1688, address: null, cachedAt: '2026-01-01T00:00:00.000Z' });
    expect((await discover(config(), byName.deps)).source).toBe('cache');
    expect(byName.queries).toEqual(['kms5.corp.test A', 'kms5.corp.test AAAA']);
  });

  it('without a probe the DNS path notes that the first host in order is reported', async () => {
    const out = await discover(config(), { ...deps(corp, []).deps, probe: undefined });
    expect(out.notes).toEqual(['not probed: the first host in selection order is reported and the cache is left unchanged']);
    expect(out.probed).toBe(false);
  });
});

describe('discover: records and targets', () => {
  const name = '_vlmcs._tcp.corp.test';

  it('orders the records canonically before the draw: priority, then weight (largest first), then target, then port', async () => {
    const records = [srv(name, 1, 0, 1688, 'z.corp.test'), srv(name, 0, 10, 1690, 'b.corp.test'), srv(name, 0, 10, 1689, 'b.corp.test'), srv(name, 0, 20, 1688, 'c.corp.test'), srv(name, 0, 10, 1688, 'a.corp.test')];
    const zone = { [`${name} SRV`]: { answers: records, additionals: ['z', 'b', 'c', 'a'].map((h, i) => a(`${h}.corp.test`, `10.2.0.${i}`)) } };
    const out = await discover(config(), deps(zone, []).deps);
    expect(out.order).toEqual(['c.corp.test:1688', 'a.corp.test:1688', 'b.corp.test:1689', 'b.corp.test:1690', 'z.corp.test:1688']);
  });

  it('a record with target "." is reported but never a candidate', async () => {
    const zone = { [`${name} SRV`]: { answers: [srv(name, 0, 0, 1688, '.'), srv(name, 0, 0, 1689, 'kms2.corp.test')], additionals: [a('kms2.corp.test', '10.0.0.2')] } };
    const out = await discover(config(), deps(zone, ['10.0.0.2']).deps);
    expect(out.domains[0]?.records.map((r) => r.target)).toEqual(['.', 'kms2.corp.test']);
    expect(out.candidates.map((c) => c.target)).toEqual(['kms2.corp.test']);
    const only = await discover(config(), deps({ [`${name} SRV`]: { answers: [srv(name, 0, 0, 0, '.')] } }, []).deps);
    expect(only.domains[0]?.records.map((r) => r.target)).toEqual(['.']);
    expect(only.domains[0]?.event).toBeNull();
    expect(only.candidates).toEqual([]);
    expect(only.attempts).toEqual([]);
    expect(only.source).toBe('none');
    expect(only.notes).toEqual([`${name} holds only target "." (service explicitly not offered)`]);
  });

  it('port 0 and a target without an address are attempts that fail without a connection', async () => {
    const zone = { [`${name} SRV`]: { answers: [srv(name, 0, 0, 0, 'kms1.corp.test'), srv(name, 1, 0, 1688, 'kms3.corp.test')], additionals: [a('kms1.corp.test', '10.0.0.1')] } };
    const t = deps(zone, ['10.0.0.1']);
    const out = await discover(config(), t.deps);
    expect(t.probes).toEqual([]);
    expect(out.attempts).toEqual([
      { target: 'kms1.corp.test', port: 0, address: null, ok: false, error: 'port 0: no client can connect', elapsedMs: 0 },
      { target: 'kms3.corp.test', port: 1688, address: null, ok: false, error: 'no address for this target', elapsedMs: 0 },
    ]);
    expect(out.notes).toEqual([]);
  });

  it('an IP address as SRV target is its own address; a failed address lookup is noted', async () => {
    const zone = {
      [`${name} SRV`]: { answers: [srv(name, 0, 0, 1688, 'kms3.corp.test'), srv(name, 1, 0, 1688, '10.0.0.5')] },
      'kms3.corp.test A': { silent: true },
      'kms3.corp.test AAAA': { silent: true },
    };
    const t = deps(zone, ['10.0.0.5']);
    const out = await discover(config(), t.deps);
    expect(out.candidates.map((c) => c.addresses)).toEqual([[], ['10.0.0.5']]);
    expect(t.queries.filter((q) => q.startsWith('10.0.0.5'))).toEqual([]);
    expect(out.notes).toHaveLength(1);
    expect(out.notes[0]).toMatch(/^address lookup of kms3\.corp\.test failed: \S/);
    expect(out.selected?.address).toBe('10.0.0.5');
  });

  it('a record the answer gate set aside is noted with its section, name, type and reason', async () => {
    const ignored = [{ section: 'additional' as const, name: 'kms1.elsewhere.test', type: 'A', reason: 'out of bailiwick' }];
    const out = await discover(config(), deps({ '_vlmcs._tcp.corp.test SRV': { ...corp['_vlmcs._tcp.corp.test SRV'], ignored } }, ['10.0.0.1']).deps);
    expect(out.notes).toEqual([`${name}: ignored additional record kms1.elsewhere.test A: out of bailiwick`]);
  });

  it('a probe that fails without saying why is recorded as "no answer"', async () => {
    const out = await discover(config(), { ...deps(corp, []).deps, probe: async () => ({ ok: false, error: null }) });
    expect(out.attempts.map((x) => x.error)).toEqual(['no answer', 'no answer', 'no answer']);
  });
});
