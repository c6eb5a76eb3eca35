import { describe, expect, it } from 'vitest';
import { gatherFacts } from '../../src/doctor/gather.js';
import { splitHostPort } from '../../src/names/host-port.js';
import { tcpFailure } from '../../src/gather/probes.js';
import { findZoneApex } from '../../src/doctor/zone-cut.js';
import { countingAsk } from '../../src/doctor/gather.js';
import type { GatherOptions } from '../../src/doctor/types.js';
import type { ServerAddress } from '../../src/dns/types.js';
import { fakeProbe, fakeServer, rr, srv, type FakeZone } from './fakes.js';

const APEX = 'example.test';
const NAME = '_vlmcs._tcp.example.test.';

function zone(records: FakeZone['records'], extra: Partial<FakeZone> = {}): FakeZone {
  return { apex: APEX, records: [rr(APEX, 'NS', 'ns1.example.test'), rr('ns1.example.test', 'A', '192.0.2.1'), ...records], ...extra };
}

const base: GatherOptions = { domains: [APEX], profile: 'win7', probe: 'none' };

async function gather(z: FakeZone, options: Partial<GatherOptions> = {}, probeTable: Parameters<typeof fakeProbe>[0] = {}) {
  const dns = fakeServer(z);
  const atCalls: string[] = [];
  const queryAt = async (server: ServerAddress, name: string, type: string) => {
    atCalls.push(`${server.host}:${server.port} ${name} ${type}`);
    return dns.query(name, type, { noFollowCname: true });
  };
  const probe = fakeProbe(probeTable);
  const result = await gatherFacts({ ...base, ...options }, { query: dns.query, queryAt, probe: probe.probe });
  return { ...result, asked: dns.asked, atCalls, probeCalls: probe.calls };
}

describe('gatherFacts: the SRV answer of each domain', () => {
  it('reads records, absolute targets and their addresses, and names the server that answered', async () => {
    const z = zone([srv(NAME, 0, 60, 1688, 'kms1.example.test'), srv(NAME, 0, 40, 1688, 'kms2.example.test'), rr('kms1.example.test', 'A', '192.0.2.11'), rr('kms2.example.test', 'AAAA', '2001:db8::12')]);
    const { facts } = await gather(z);
    const [domain] = facts.domains;
    expect(domain).toMatchObject({ domain: 'example.test.', srvName: NAME, rcode: 'NOERROR', server: '127.0.0.1:53' });
    expect(domain?.win32).toBeUndefined();
    expect(domain?.records.map((r) => [r.target, r.targetAddresses])).toEqual([
      ['kms1.example.test.', ['192.0.2.11']],
      ['kms2.example.test.', ['2001:db8::12']],
    ]);
  });

  it.each([
    ['NXDOMAIN', zone([]), undefined, 9003],
    ['NOERROR', zone([rr(NAME, 'TXT', 'stray')]), undefined, 9501],
    ['SERVFAIL', zone([]), { [`${NAME} SRV`]: 'SERVFAIL' }, 9002],
    ['REFUSED', zone([]), { [`${NAME} SRV`]: 'REFUSED' }, 9002],
  ])('an answer with %s and no SRV carries the Win32 code a client meets', async (rcode, z, rcodes, win32) => {
    const { facts } = await gather({ ...z, ...(rcodes ? { rcodes } : {}) });
    expect(facts.domains[0]).toMatchObject({ rcode, win32, records: [] });
  });

  it('records a CNAME at the SRV name, then follows it to the records', async () => {
    const z = zone([rr(NAME, 'CNAME', 'kms-records.example.test'), srv('kms-records.example.test', 0, 0, 1688, 'kms1.example.test.'), rr('kms1.example.test', 'A', '192.0.2.11')]);
    const { facts, asked } = await gather(z);
    expect(facts.domains[0]?.ownerCname).toBe('kms-records.example.test.');
    expect(facts.domains[0]?.records.map((r) => r.target)).toEqual(['kms1.example.test.']);
    // One question follows the chain, as the client's own lookup does.
    expect(asked[0]).toBe(`${NAME} SRV`);
    expect(asked.filter((q) => q === `${NAME} SRV`)).toHaveLength(1);
  });

  it('marks a target that is an alias and takes the canonical name\'s addresses', async () => {
    const z = zone([srv(NAME, 0, 0, 1688, 'kms.example.test.'), rr('kms.example.test', 'CNAME', 'kms1.example.test'), rr('kms1.example.test', 'A', '192.0.2.11')]);
    const { facts } = await gather(z);
    expect(facts.domains[0]?.records[0]).toMatchObject({ targetCname: 'kms1.example.test.', targetAddresses: ['192.0.2.11'] });
  });

  it('keeps a target written without its trailing dot as BIND served it, with no address', async () => {
    const z = zone([srv(NAME, 0, 0, 1688, 'kms1.example.test.example.test'), rr('kms1.example.test', 'A', '192.0.2.11')]);
    const { facts } = await gather(z);
    expect(facts.domains[0]?.records[0]).toMatchObject({ target: 'kms1.example.test.example.test.', targetAddresses: [] });
  });

  it('does not look up a root target or an IP-literal target', async () => {
    const z = zone([srv(NAME, 0, 0, 0, '.'), srv(NAME, 0, 0, 1688, '192.0.2.11')]);
    const { facts, asked } = await gather(z, { authoritative: [] });
    expect(facts.domains[0]?.records.every((r) => r.targetAddresses === undefined)).toBe(true);
    expect(asked.filter((q) => / (A|AAAA)( |$)/.test(q))).toEqual([]);
  });

  it('reports TIMEOUT and counts no answer when the server is silent', async () => {
    const { facts, log } = await gather(zone([], { silent: true }));
    expect(facts.domains[0]).toMatchObject({ rcode: 'TIMEOUT', records: [] });
    // The event "no DNS server answered": the Win32 timeout as its DNS-level detail (0x8007232A to the client).
    expect(facts.domains[0]?.win32).toBe(1460);
    expect(log.answered).toBe(0);
    expect(log.unanswered).toBeGreaterThan(0);
  });

  it('looks each target up once, however many domains name it', async () => {
    const other = '_vlmcs._tcp.sub.example.test.';
    const z = zone([srv(NAME, 0, 0, 1688, 'kms1.example.test.'), srv(other, 0, 0, 1688, 'kms1.example.test.'), rr('kms1.example.test', 'A', '192.0.2.11')]);
    const { facts, asked } = await gather(z, { domains: [APEX, 'sub.example.test'] });
    expect(facts.domains).toHaveLength(2);
    expect(asked.filter((q) => q === 'kms1.example.test. A')).toHaveLength(1);
    expect(asked.filter((q) => q === 'kms1.example.test. AAAA')).toHaveLength(1);
  });
});

describe('gatherFacts: the authoritative servers', () => {
  it('finds the zone cut above the domain, its NS hosts, and asks each on port 53', async () => {
    const z = zone([srv('_vlmcs._tcp.branch.example.test.', 0, 0, 1688, 'kms1.example.test.'), rr(APEX, 'NS', 'ns2.example.test'), rr('ns2.example.test', 'A', '192.0.2.2')]);
    const { facts, atCalls, log } = await gather(z, { domains: ['branch.example.test'] });
    expect(log.authoritative[0]?.zone).toBe('example.test.');
    expect(atCalls).toEqual(['192.0.2.1:53 _vlmcs._tcp.branch.example.test. SRV', '192.0.2.2:53 _vlmcs._tcp.branch.example.test. SRV']);
    expect(facts.nsAnswers?.map((n) => n.server)).toEqual(['ns1.example.test. (192.0.2.1:53)', 'ns2.example.test. (192.0.2.2:53)']);
  });

  it('asks the --authoritative servers instead, labelled by address', async () => {
    const z = zone([srv(NAME, 0, 0, 1688, 'kms1.example.test.')]);
    const authoritative = [{ host: '127.0.0.1', port: 5301 }, { host: '127.0.0.1', port: 5302 }];
    const { facts, atCalls, asked } = await gather(z, { authoritative });
    expect(atCalls).toEqual([`127.0.0.1:5301 ${NAME} SRV`, `127.0.0.1:5302 ${NAME} SRV`]);
    expect(facts.nsAnswers?.map((n) => [n.server, n.rcode, n.records.length])).toEqual([['127.0.0.1:5301', 'NOERROR', 1], ['127.0.0.1:5302', 'NOERROR', 1]]);
    expect(asked.some((q) => q.includes(' SOA'))).toBe(false);
  });

  it.each([
    ['the apex itself', 'example.test', 'example.test.'],
    ['a name below it, from the SOA in the negative answer', 'a.b.example.test', 'example.test.'],
  ])('findZoneApex: %s', async (_label, domain, apex) => {
    const dns = fakeServer(zone([]));
    const log = { answered: 0, unanswered: 0, authoritative: [], notes: [] };
    expect(await findZoneApex(domain, countingAsk(dns.query, log))).toBe(apex);
  });

  it('findZoneApex walks to the root and gives up when nobody holds the name', async () => {
    const dns = fakeServer(zone([], { silent: true }));
    const log = { answered: 0, unanswered: 0, authoritative: [], notes: [] };
    expect(await findZoneApex('a.b.c', countingAsk(dns.query, log))).toBeNull();
    expect(dns.asked).toEqual(['a.b.c. SOA nofollow', 'b.c. SOA nofollow', 'c. SOA nofollow', '. SOA nofollow']);
  });
});

describe('gatherFacts: probes and the client', () => {
  const z = zone([
    srv(NAME, 0, 0, 1688, 'kms1.example.test.'),
    srv(NAME, 0, 0, 1688, 'kms2.example.test.'),
    srv(NAME, 0, 0, 1688, 'kms3.example.test.'),
    srv(NAME, 0, 0, 1688, 'kms9.example.test.'),
    rr('kms1.example.test', 'A', '127.0.0.11'),
    rr('kms2.example.test', 'A', '127.0.0.12'),
    rr('kms3.example.test', 'A', '127.0.0.13'),
  ]);
  const table = { '127.0.0.11:1688': { tcp: true, rpc: true }, '127.0.0.12:1688': { tcp: true, rpc: false }, '127.0.0.13:1688': { tcp: false, error: 'connect timeout after 50 ms' } };

  it('with rpc: TCP first, then the bind only where TCP connected; hosts without address are not probed', async () => {
    const { facts, probeCalls } = await gather(z, { probe: 'rpc', authoritative: [] }, table);
    expect(facts.probes?.map((p) => [p.target, p.tcp, p.rpc])).toEqual([
      ['kms1.example.test.', 'ok', 'bind_ack'],
      ['kms2.example.test.', 'ok', 'no'],
      ['kms3.example.test.', 'timeout', undefined],
    ]);
    expect(probeCalls.filter((c) => c.startsWith('rpc'))).toHaveLength(2);
  });

  it('with tcp: no bind is attempted', async () => {
    const { facts, probeCalls } = await gather(z, { probe: 'tcp', authoritative: [] }, table);
    expect(facts.probes?.every((p) => p.rpc === undefined)).toBe(true);
    expect(probeCalls.every((c) => c.startsWith('tcp'))).toBe(true);
  });

  it('probes the manual host of the client too, and keeps the client facts', async () => {
    const client = { manualHost: 'kms2.example.test:1700', hostCachingDisabled: true };
    const { facts } = await gather(z, { probe: 'tcp', authoritative: [], client }, table);
    expect(facts.client).toEqual(client);
    expect(facts.hostCaching).toBe(false);
    expect(facts.probes?.find((p) => p.port === 1700)).toMatchObject({ target: 'kms2.example.test', address: '127.0.0.12', tcp: 'refused' });
  });

  it.each([
    ['connection refused (ECONNREFUSED)', 'refused'],
    ['connect timeout after 2000 ms', 'timeout'],
    ['host unreachable (EHOSTUNREACH)', 'unreachable'],
    // A reset is the peer answering and hanging up: not a missing route.
    ['connection reset by the peer (ECONNRESET)', 'reset'],
    ['connection closed by the peer (EPIPE)', 'reset'],
    [null, 'unreachable'],
  ] as const)('tcpFailure(%s) = %s', (error, outcome) => {
    expect(tcpFailure(error)).toBe(outcome);
  });

  it.each([
    ['kms1.contoso.com', 'kms1.contoso.com', 1688],
    ['kms1.contoso.com:1700', 'kms1.contoso.com', 1700],
    ['[fd00::1]:1700', 'fd00::1', 1700],
    ['fd00::1', 'fd00::1', 1688],
  ])('splitHostPort(%s)', (text, host, port) => {
    expect(splitHostPort(text)).toEqual({ host, port });
  });
});
