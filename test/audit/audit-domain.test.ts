// One audited domain, verdict by verdict, each produced by its own DNS outcome (an in-memory server and
// probe, no sockets), and the order in which they win: the SRV question's outcome, then a host's lookup
// that no server answered, then a host without an address, then a host that does not answer the probe.
// The codes are those a Windows client shows: 0x8007232B name not found, 0x8007251D no records,
// 0x8007232A server failure (also REFUSED and silence), 0xC004F074 no KMS host could be contacted.
import { describe, expect, it } from 'vitest';
import { auditDomain } from '../../src/audit/audit-domain.js';
import type { AuditResult } from '../../src/audit/types.js';
import { DnsError, type DnsFailure } from '../../src/dns/errors.js';
import type { ProbeRequest } from '../../src/gather/probes.js';
import { a, aaaa, fakeDns, srv, type FakeAnswer } from '../kms/fakes.js';

const SRV = '_vlmcs._tcp.a.test';

/** The in-memory server, with some questions failing without a reply (`kind` as the resolver throws it). */
function dnsWith(zone: Record<string, FakeAnswer>, failures: Record<string, DnsFailure> = {}) {
  const dns = fakeDns(zone);
  const query = async (asked: string, type: string) => {
    const name = asked.replace(/\.$/, '');
    const failure = failures[`${name} ${type}`];
    if (failure) throw new DnsError(failure, { name, type, server: { host: '127.0.0.1', port: 53 } });
    return dns.query(asked, type);
  };
  return { query, queries: dns.queries };
}

/** A probe that answers on the listed "address:port" endpoints and refuses every other. */
function probeUp(up: readonly string[]) {
  const calls: string[] = [];
  const probe = async (r: ProbeRequest) => {
    calls.push(`${r.target} ${r.address}:${r.port}`);
    return up.includes(`${r.address}:${r.port}`) ? { ok: true, error: null } : { ok: false, error: 'connection refused (ECONNREFUSED)' };
  };
  return { probe, calls };
}

/** A clock read at the start (1000 ms) and at the end (1250.4 ms): the domain took 250 ms. */
function twoReadings() {
  const readings = [1000, 1250.4];
  return () => (readings.length > 1 ? readings.shift()! : readings[0]!);
}

async function audit(zone: Record<string, FakeAnswer>, options: { failures?: Record<string, DnsFailure>; up?: readonly string[] } = {}): Promise<AuditResult> {
  const dns = dnsWith(zone, options.failures);
  return auditDomain('a.test', { query: dns.query, now: twoReadings(), ...(options.up ? { probe: probeUp(options.up).probe } : {}) });
}

/** Two hosts, kms1 (10.0.0.1) and kms2 (10.0.0.2), both on 1688, plus what `extra` changes. */
function twoHosts(extra: Record<string, FakeAnswer> = {}): Record<string, FakeAnswer> {
  return {
    [`${SRV} SRV`]: { answers: [srv(SRV, 0, 0, 1688, 'kms1.a.test'), srv(SRV, 0, 0, 1688, 'kms2.a.test')] },
    'kms1.a.test A': { answers: [a('kms1.a.test', '10.0.0.1')] },
    'kms2.a.test A': { answers: [a('kms2.a.test', '10.0.0.2')] },
    ...extra,
  };
}

const hostLine = (r: AuditResult) => r.hosts.map((h) => [h.target, h.port, h.addresses, h.reachable]);

describe('the SRV question decides first: each outcome its own verdict', () => {
  it.each([
    { outcome: 'NXDOMAIN', answer: undefined, verdict: 'no-srv', errorCode: '0x8007232B' },
    { outcome: 'NOERROR without SRV records', answer: { rcode: 'NOERROR' }, verdict: 'nodata', errorCode: '0x8007251D' },
    { outcome: 'SERVFAIL', answer: { rcode: 'SERVFAIL' }, verdict: 'servfail', errorCode: '0x8007232A' },
    // Any other error RCODE leaves the client without an answer just the same: a server failure.
    { outcome: 'FORMERR', answer: { rcode: 'FORMERR' }, verdict: 'servfail', errorCode: '0x8007232A' },
    { outcome: 'NOTIMP', answer: { rcode: 'NOTIMP' }, verdict: 'servfail', errorCode: '0x8007232A' },
    { outcome: 'REFUSED', answer: { rcode: 'REFUSED' }, verdict: 'refused', errorCode: '0x8007232A' },
  ])('$outcome → $verdict ($errorCode), with the server that said it and no host', async ({ outcome, answer, verdict, errorCode }) => {
    const rcode = outcome.split(' ')[0];
    const result = await audit(answer ? { [`${SRV} SRV`]: answer } : {});
    expect(result).toEqual({ domain: 'a.test', verdict, hosts: [], errorCode, rcode, server: '127.0.0.1:53', elapsedMs: 250 });
  });

  it.each([
    { failure: { kind: 'timeout' }, rcode: 'TIMEOUT', verdict: 'timeout' },
    { failure: { kind: 'unreachable', reason: 'ECONNREFUSED' }, rcode: 'UNREACHABLE', verdict: 'timeout' },
    { failure: { kind: 'badresp', reason: 'truncated header' }, rcode: 'BADRESP', verdict: 'timeout' },
    { failure: { kind: 'aborted' }, rcode: 'ABORTED', verdict: 'timeout' },
    // BIND answers a CNAME loop with SERVFAIL: a server failure, not silence.
    { failure: { kind: 'cname-loop', chain: [SRV, 'b.a.test', SRV] }, rcode: 'CNAME-LOOP', verdict: 'servfail' },
  ] satisfies Array<{ failure: DnsFailure; rcode: string; verdict: string }>)('no usable reply ($rcode) → $verdict, no server named', async ({ failure, rcode, verdict }) => {
    const result = await audit(twoHosts(), { failures: { [`${SRV} SRV`]: failure } });
    expect(result).toEqual({ domain: 'a.test', verdict, hosts: [], errorCode: '0x8007232A', rcode, server: null, elapsedMs: 250 });
  });

  it('an error RCODE wins over any host: the probe is never asked', async () => {
    const { probe, calls } = probeUp([]);
    const result = await auditDomain('a.test', { query: dnsWith(twoHosts({ [`${SRV} SRV`]: { rcode: 'SERVFAIL' } })).query, probe, now: twoReadings() });
    expect(result.verdict).toBe('servfail');
    expect(calls).toEqual([]);
  });
});

describe('target "." (RFC 2782: service not offered here)', () => {
  it('alone: no-address, the client finds no host to try (0xC004F074)', async () => {
    const result = await audit({ [`${SRV} SRV`]: { answers: [srv(SRV, 0, 0, 0, '.')] } });
    expect(result).toMatchObject({ verdict: 'no-address', errorCode: '0xC004F074', rcode: 'NOERROR', hosts: [{ target: '.', addresses: [], reachable: null }] });
  });

  it('beside a host: ignored, neither looked up nor probed, the domain ok', async () => {
    const zone = { [`${SRV} SRV`]: { answers: [srv(SRV, 0, 0, 0, '.'), srv(SRV, 10, 0, 1688, 'kms1.a.test')] }, 'kms1.a.test A': { answers: [a('kms1.a.test', '10.0.0.1')] } };
    const dns = dnsWith(zone);
    const { probe, calls } = probeUp(['10.0.0.1:1688']);
    const result = await auditDomain('a.test', { query: dns.query, probe, now: twoReadings() });
    expect(result).toMatchObject({ verdict: 'ok', errorCode: null });
    expect(hostLine(result)).toEqual([
      ['.', 0, [], null],
      ['kms1.a.test.', 1688, ['10.0.0.1'], true],
    ]);
    expect(dns.queries.filter((q) => !q.startsWith('kms1.') && !q.startsWith(SRV))).toEqual([]);
    expect(calls).toEqual(['kms1.a.test. 10.0.0.1:1688']);
  });
});

describe('the hosts: every one must have an address', () => {
  it('two hosts, both with addresses (A and AAAA, or only in the SRV reply\'s glue): ok', async () => {
    const zone = {
      [`${SRV} SRV`]: { answers: [srv(SRV, 0, 0, 1688, 'kms1.a.test'), srv(SRV, 0, 0, 1688, 'kms2.a.test')], additionals: [a('kms2.a.test', '10.0.0.2')] },
      'kms1.a.test A': { answers: [a('kms1.a.test', '10.0.0.1')] },
      'kms1.a.test AAAA': { answers: [aaaa('kms1.a.test', 'fd00::1')] },
    };
    const result = await audit(zone);
    expect(result).toMatchObject({ verdict: 'ok', errorCode: null, rcode: 'NOERROR', server: '127.0.0.1:53', elapsedMs: 250 });
    expect(hostLine(result)).toEqual([
      ['kms1.a.test.', 1688, ['10.0.0.1', 'fd00::1'], null],
      ['kms2.a.test.', 1688, ['10.0.0.2'], null],
    ]);
  });

  it.each<{ how: string; extra: Record<string, FakeAnswer> }>([
    { how: 'the second host does not exist (NXDOMAIN)', extra: { 'kms2.a.test A': { rcode: 'NXDOMAIN' } } },
    { how: 'the second host\'s lookup gets SERVFAIL', extra: { 'kms2.a.test A': { rcode: 'SERVFAIL' }, 'kms2.a.test AAAA': { rcode: 'SERVFAIL' } } },
    { how: 'the first host has no A or AAAA record (NODATA)', extra: { 'kms1.a.test A': {} } },
  ])('one host of two without an address: no-address, while the client still finds the other ($how)', async ({ extra }) => {
    const result = await audit(twoHosts(extra));
    expect(result).toMatchObject({ verdict: 'no-address', errorCode: null, rcode: 'NOERROR' });
    expect(result.hosts.map((h) => h.addresses.length).sort()).toEqual([0, 1]);
  });

  it('a host whose address lookup runs into a CNAME loop is a host without an address', async () => {
    const loop: DnsFailure = { kind: 'cname-loop', chain: ['kms2.a.test', 'x.a.test', 'kms2.a.test'] };
    const result = await audit(twoHosts(), { failures: { 'kms2.a.test A': loop, 'kms2.a.test AAAA': loop } });
    expect(result.verdict).toBe('no-address');
  });

  it('no host with an address: no-address, and the client finds no host to contact', async () => {
    const result = await audit(twoHosts({ 'kms1.a.test A': {}, 'kms2.a.test A': {} }));
    expect(result).toMatchObject({ verdict: 'no-address', errorCode: '0xC004F074' });
    expect(hostLine(result)).toEqual([
      ['kms1.a.test.', 1688, [], null],
      ['kms2.a.test.', 1688, [], null],
    ]);
  });

  it('a host whose lookup no server answered: timeout, not no-address', async () => {
    const silent: DnsFailure = { kind: 'timeout' };
    const result = await audit(twoHosts(), { failures: { 'kms2.a.test A': silent, 'kms2.a.test AAAA': silent } });
    expect(result).toMatchObject({ verdict: 'timeout', rcode: 'NOERROR' });
  });

  it('timeout wins over no-address: one host unanswered, the other nonexistent', async () => {
    const silent: DnsFailure = { kind: 'timeout' };
    const result = await audit(twoHosts({ 'kms1.a.test A': { rcode: 'NXDOMAIN' } }), { failures: { 'kms2.a.test A': silent, 'kms2.a.test AAAA': silent } });
    expect(result.verdict).toBe('timeout');
  });

  it('a lookup unanswered for AAAA only, with an A address: the host has an address, ok', async () => {
    const result = await audit(twoHosts(), { failures: { 'kms2.a.test AAAA': { kind: 'timeout' } } });
    expect(result.verdict).toBe('ok');
    expect(hostLine(result)[1]).toEqual(['kms2.a.test.', 1688, ['10.0.0.2'], null]);
  });

  it('no-address wins over the probe: a host without an address means no probe at all', async () => {
    const { probe, calls } = probeUp(['10.0.0.1:1688']);
    const result = await auditDomain('a.test', { query: dnsWith(twoHosts({ 'kms2.a.test A': {} })).query, probe, now: twoReadings() });
    expect(result.verdict).toBe('no-address');
    expect(calls).toEqual([]);
    expect(result.hosts.map((h) => h.reachable)).toEqual([null, null]);
  });
});

describe('--probe: every host must answer', () => {
  it('without a probe, hosts are not probed: ok, reachable null', async () => {
    const result = await audit(twoHosts());
    expect(result).toMatchObject({ verdict: 'ok', errorCode: null });
    expect(result.hosts.map((h) => h.reachable)).toEqual([null, null]);
  });

  it('both hosts answer: ok', async () => {
    const result = await audit(twoHosts(), { up: ['10.0.0.1:1688', '10.0.0.2:1688'] });
    expect(result).toMatchObject({ verdict: 'ok', errorCode: null });
    expect(result.hosts.map((h) => h.reachable)).toEqual([true, true]);
  });

  it('one host of two refuses: unreachable, while the client still reaches the other', async () => {
    const result = await audit(twoHosts(), { up: ['10.0.0.2:1688'] });
    expect(result).toMatchObject({ verdict: 'unreachable', errorCode: null });
    expect(result.hosts.map((h) => [h.target, h.reachable])).toEqual([
      ['kms1.a.test.', false],
      ['kms2.a.test.', true],
    ]);
  });

  it('no host answers: unreachable, and the client contacts no host', async () => {
    const result = await audit(twoHosts(), { up: [] });
    expect(result).toMatchObject({ verdict: 'unreachable', errorCode: '0xC004F074' });
    expect(result.hosts.map((h) => h.reachable)).toEqual([false, false]);
  });

  it('a host answers when one of its addresses does (AAAA up, A refused)', async () => {
    const result = await audit(twoHosts({ 'kms1.a.test AAAA': { answers: [aaaa('kms1.a.test', 'fd00::1')] } }), { up: ['fd00::1:1688', '10.0.0.2:1688'] });
    expect(result.verdict).toBe('ok');
    expect(result.hosts.map((h) => h.reachable)).toEqual([true, true]);
  });

  it('two hosts on one address, different ports: each judged by its own port', async () => {
    const zone = {
      [`${SRV} SRV`]: { answers: [srv(SRV, 0, 0, 1688, 'kms1.a.test'), srv(SRV, 0, 0, 1689, 'kms1.a.test')] },
      'kms1.a.test A': { answers: [a('kms1.a.test', '10.0.0.1')] },
    };
    const result = await audit(zone, { up: ['10.0.0.1:1689'] });
    expect(result.verdict).toBe('unreachable');
    expect(result.hosts.map((h) => [h.port, h.reachable])).toEqual([
      [1688, false],
      [1689, true],
    ]);
  });
});

describe('port 0: no client can connect', () => {
  it('the only host on port 0: no-address (0xC004F074), neither looked up nor probed', async () => {
    const dns = dnsWith({ [`${SRV} SRV`]: { answers: [srv(SRV, 0, 0, 0, 'kms1.a.test')] }, 'kms1.a.test A': { answers: [a('kms1.a.test', '10.0.0.1')] } });
    const { probe, calls } = probeUp(['10.0.0.1:0']);
    const result = await auditDomain('a.test', { query: dns.query, probe, now: twoReadings() });
    expect(result).toMatchObject({ verdict: 'no-address', errorCode: '0xC004F074' });
    expect(dns.queries.filter((q) => q.startsWith('kms1.'))).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('beside a host on 1688: left out, the domain judged by the usable host', async () => {
    const zone = twoHosts({ [`${SRV} SRV`]: { answers: [srv(SRV, 0, 0, 0, 'kms1.a.test'), srv(SRV, 0, 0, 1688, 'kms2.a.test')] } });
    expect(await audit(zone, { up: ['10.0.0.2:1688'] })).toMatchObject({ verdict: 'ok', errorCode: null });
    expect(await audit(zone, { up: [] })).toMatchObject({ verdict: 'unreachable', errorCode: '0xC004F074' });
  });
});
