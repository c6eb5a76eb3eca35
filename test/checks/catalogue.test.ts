import { describe, expect, it } from 'vitest';
import { CHECKS, CHECK_IDS, checkById } from '../../src/checks/catalogue.js';
import type { Facts } from '../../src/checks/facts.js';
import { firstPickShares } from '../../src/srv/probability.js';
import { domain, soundFacts, srv, withRecords } from './builders.js';

const seven = Array.from({ length: 7 }, (_, i) => srv(`kms${i + 1}.contoso.test.`));

/** Checks whose findings carry a fix for the exact place instead of the catalogue's general one. */
const NAMED_FIXES = ['srv-missing'];

/** [check ID, facts where it fires, facts where it does not (a near miss)]. */
const CASES: Array<[string, Facts, Facts]> = [
  ['srv-missing',
    soundFacts({ domains: [domain('a.test.', [], { rcode: 'NXDOMAIN' }), domain('b.test.', [], { rcode: 'NXDOMAIN' })] }),
    soundFacts({ domains: [domain('a.test.', [], { rcode: 'NXDOMAIN' }), domain('b.test.', [srv('kms1.b.test.')])] })],
  ['srv-nodata',
    soundFacts({ domains: [domain('a.test.', [])] }),
    soundFacts({ domains: [domain('a.test.', [], { rcode: 'NXDOMAIN' })] })],
  ['dns-servfail',
    soundFacts({ domains: [domain('a.test.', [], { rcode: 'SERVFAIL', server: '127.0.0.1:53' })] }),
    soundFacts({ domains: [domain('a.test.', [], { rcode: 'NXDOMAIN' })] })],
  ['cname-loop',
    soundFacts({ domains: [domain('a.test.', [], { rcode: 'CNAME-LOOP', failure: 'CNAME chain loops' })] }),
    soundFacts({ domains: [domain('a.test.', [], { rcode: 'SERVFAIL' })] })],
  ['dns-answer-ignored',
    soundFacts({ domains: [domain('a.test.', [srv('kms1.a.test.'), srv('kms2.a.test.')], { ignored: [{ section: 'answer', name: '_vlmcs._tcp.victim.test.', type: 'SRV', reason: 'owned by another name' }] })] }),
    soundFacts()],
  ['srv-target-relative',
    withRecords([srv('kms1.contoso.test.contoso.test.'), srv('kms2.contoso.test.')]),
    withRecords([srv('kms1.contoso.test.', { targetWrittenRelative: true }), srv('kms2.contoso.test.')])],
  ['srv-target-cname',
    withRecords([srv('kms.contoso.test.', { targetCname: 'kms1.contoso.test.' }), srv('kms2.contoso.test.')]),
    soundFacts()],
  ['srv-owner-cname',
    soundFacts({ domains: [domain('contoso.test.', [srv('kms1.contoso.test.'), srv('kms2.contoso.test.')], { ownerCname: 'kms-records.contoso.test.' })] }),
    soundFacts()],
  ['srv-target-no-address',
    withRecords([srv('kms1.contoso.test.', { targetAddresses: [] }), srv('kms2.contoso.test.')]),
    withRecords([srv('kms1.elsewhere.test.', { targetAddresses: undefined }), srv('kms2.contoso.test.')])],
  ['srv-target-lookup-failed',
    withRecords([srv('kms1.contoso.test.', { targetAddresses: [], targetLookup: 'TIMEOUT' }), srv('kms2.contoso.test.')]),
    withRecords([srv('kms1.contoso.test.', { targetAddresses: ['192.0.2.1'], targetLookup: 'TIMEOUT' }), srv('kms2.contoso.test.')])],
  ['srv-target-ip',
    withRecords([srv('192.0.2.10.'), srv('kms2.contoso.test.')]),
    withRecords([srv('kms192.contoso.test.'), srv('kms2.contoso.test.')])],
  ['srv-target-root',
    withRecords([srv('.', { port: 0, targetAddresses: undefined })]),
    soundFacts()],
  ['port-zero',
    withRecords([srv('kms1.contoso.test.', { port: 0 }), srv('kms2.contoso.test.')]),
    withRecords([srv('.', { port: 0, targetAddresses: undefined })])],
  ['port-nonstandard',
    withRecords([srv('kms1.contoso.test.', { port: 1700 }), srv('kms2.contoso.test.')]),
    soundFacts()],
  ['srv-duplicate-host',
    withRecords([srv('kms1.contoso.test.'), srv('KMS1.contoso.test.', { port: 1689 }), srv('kms2.contoso.test.')]),
    soundFacts()],
  ['single-host',
    withRecords([srv('kms1.contoso.test.')]),
    soundFacts()],
  ['too-many-hosts',
    withRecords(seven),
    withRecords(seven.slice(0, 6))],
  ['weight-zero-starved',
    withRecords([srv('kms1.contoso.test.', { weight: 60 }), srv('kms2.contoso.test.', { weight: 40 }), srv('kms3.contoso.test.', { weight: 0 })]),
    withRecords([srv('kms1.contoso.test.', { weight: 60 }), srv('kms2.contoso.test.', { weight: 40 }), srv('kms3.contoso.test.', { priority: 10, weight: 0 })])],
  ['caching-defeats-weights',
    withRecords([srv('kms1.contoso.test.', { weight: 60 }), srv('kms2.contoso.test.', { weight: 40 })]),
    withRecords([srv('kms1.contoso.test.', { weight: 60 }), srv('kms2.contoso.test.', { weight: 40 })], { client: { hostCachingDisabled: true } })],
  ['vista-ignores-weights',
    withRecords([srv('kms1.contoso.test.'), srv('kms2.contoso.test.', { priority: 10 })]),
    withRecords([srv('kms1.contoso.test.', { weight: 5 }), srv('kms2.contoso.test.', { weight: 5 })])],
  ['ttl-range',
    withRecords([srv('kms1.contoso.test.', { ttl: 59 }), srv('kms2.contoso.test.')]),
    withRecords([srv('kms1.contoso.test.', { ttl: 60 }), srv('kms2.contoso.test.', { ttl: 86_400 })])],
  ['ns-inconsistent',
    soundFacts({ nsAnswers: [
      { domain: 'contoso.test.', server: 'ns1', rcode: 'NOERROR', records: [srv('kms1.contoso.test.')] },
      { domain: 'contoso.test.', server: 'ns2', rcode: 'NOERROR', records: [srv('kms1.contoso.test.'), srv('kms2.contoso.test.')] },
    ] }),
    soundFacts({ nsAnswers: [
      { domain: 'contoso.test.', server: 'ns1', rcode: 'NOERROR', records: [srv('kms1.contoso.test.'), srv('kms2.contoso.test.')] },
      { domain: 'CONTOSO.test.', server: 'ns2', rcode: 'NOERROR', records: [srv('kms2.contoso.test.'), srv('KMS1.contoso.test.')] },
    ] })],
  ['domains-inconsistent',
    soundFacts({ domains: [domain('a.test.', [srv('kms1.a.test.'), srv('kms2.a.test.')]), domain('b.test.', [srv('kms1.a.test.')])] }),
    soundFacts({ domains: [domain('a.test.', [srv('kms1.a.test.'), srv('kms2.a.test.')]), domain('b.test.', [srv('KMS2.a.test.'), srv('kms1.a.test.')])] })],
  ['host-unreachable',
    soundFacts({ probes: [{ target: 'kms1.contoso.test.', port: 1688, address: '192.0.2.1', tcp: 'timeout' }] }),
    soundFacts({ probes: [{ target: 'kms1.contoso.test.', port: 1688, address: '192.0.2.1', tcp: 'ok' }] })],
  ['host-not-kms',
    soundFacts({ probes: [{ target: 'kms1.contoso.test.', port: 1688, tcp: 'ok', rpc: 'no' }] }),
    soundFacts({ probes: [{ target: 'kms1.contoso.test.', port: 1688, tcp: 'ok', rpc: 'bind_ack' }] })],
  ['client-manual-host',
    soundFacts({ client: { manualHost: 'kms9.contoso.test:1688' } }),
    soundFacts({ client: {} })],
  ['client-lookup-domain',
    soundFacts({ client: { lookupDomain: 'corp.contoso.test' } }),
    soundFacts({ client: { hostCachingDisabled: true } })],
];

/** The catalogue as docs/checks.md documents it: IDs and where each runs, in order. */
const DOCUMENTED_CHECKS: Array<[string, string]> = [
  ['srv-missing', 'both'], ['srv-nodata', 'both'], ['dns-servfail', 'live'], ['cname-loop', 'both'], ['dns-answer-ignored', 'live'],
  ['srv-target-relative', 'both'], ['srv-target-cname', 'both'], ['srv-owner-cname', 'both'], ['srv-target-no-address', 'both'],
  ['srv-target-lookup-failed', 'live'], ['srv-target-ip', 'both'],
  ['srv-target-root', 'both'], ['port-zero', 'both'], ['port-nonstandard', 'both'], ['srv-duplicate-host', 'both'],
  ['single-host', 'both'], ['too-many-hosts', 'both'], ['weight-zero-starved', 'both'], ['caching-defeats-weights', 'both'],
  ['vista-ignores-weights', 'both'], ['ttl-range', 'both'], ['ns-inconsistent', 'live'], ['domains-inconsistent', 'live'],
  ['host-unreachable', 'live'], ['host-not-kms', 'live'], ['client-manual-host', 'live'], ['client-lookup-domain', 'live'],
];

describe('check catalogue', () => {
  it('has exactly the documented IDs and "where", in their order', () => {
    expect(CHECKS.map((c) => [c.id, c.where])).toEqual(DOCUMENTED_CHECKS);
  });

  it('has one fires/quiet case per check', () => {
    expect(CASES.map(([id]) => id).sort()).toEqual([...CHECK_IDS].sort());
  });

  it('gives every check a severity, a summary, a fix and references; port-nonstandard is info', () => {
    for (const c of CHECKS) {
      expect(['error', 'warning', 'notice', 'info']).toContain(c.severity);
      expect(c.summary.length).toBeGreaterThan(10);
      expect(c.fix.length).toBeGreaterThan(10);
      expect(c.refs.length).toBeGreaterThan(0);
    }
    expect(checkById('port-nonstandard')?.severity).toBe('info');
  });

  it.each(CASES)('%s fires on its fixture', (id, fires) => {
    const check = checkById(id)!;
    const findings = check.run(fires);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f).toMatchObject({ id, severity: check.severity, refs: check.refs });
      // A finding's fix is the catalogue's, or one that names more (srv-missing: the records to add).
      if (f.fix !== check.fix) expect(NAMED_FIXES).toContain(id);
      expect(f.subject.length).toBeGreaterThan(0);
      expect(f.message.length).toBeGreaterThan(0);
    }
  });

  it.each(CASES)('%s stays quiet on its near miss', (id, _fires, quiet) => {
    expect(checkById(id)!.run(quiet)).toEqual([]);
  });

  it('names the record or host in each per-record message', () => {
    const facts = withRecords([srv('kms1.contoso.test.', { port: 0, ttl: 5, targetAddresses: [] }), srv('kms2.contoso.test.')]);
    for (const id of ['port-zero', 'ttl-range', 'srv-target-no-address']) {
      const [finding] = checkById(id)!.run(facts);
      expect(finding?.message).toContain('kms1.contoso.test.');
      expect(finding?.subject).toContain('_vlmcs._tcp.contoso.test.');
    }
  });

  it('weight-zero-starved states the 1/(S+1) share a weight-0 host gets', () => {
    const weights = [60, 40];
    const facts = withRecords([...weights.map((w, i) => srv(`kms${i}.contoso.test.`, { weight: w })), srv('kms9.contoso.test.', { weight: 0 })]);
    const sum = weights.reduce((a, b) => a + b, 0);
    const [finding] = checkById('weight-zero-starved')!.run(facts);
    expect(finding?.message).toContain(`${((1 / (sum + 1)) * 100).toFixed(1)}%`);
    expect(checkById('weight-zero-starved')!.run({ ...facts, profile: 'vista' })).toEqual([]);
  });

  it('weight-zero-starved splits the 1/(S+1) share among the weight-0 hosts of the group', () => {
    // Weight 9 beside two weight-0 hosts: the zero-weight pair shares 1/10, so each gets 1/20 = 5.0%,
    // the exact first-pick share (srv/probability.ts) says the same.
    const records = [srv('kms1.contoso.test.', { weight: 9 }), srv('kms2.contoso.test.', { weight: 0 }), srv('kms3.contoso.test.', { weight: 0 })];
    expect(firstPickShares(records, 'win7')).toEqual([0.9, 0.05, 0.05]);
    const findings = checkById('weight-zero-starved')!.run(withRecords(records));
    expect(findings.map((f) => f.message)).toEqual([
      'kms2.contoso.test. has weight 0 beside weights summing to 9 at priority 0: it gets at most 5.0% of first picks.',
      'kms3.contoso.test. has weight 0 beside weights summing to 9 at priority 0: it gets at most 5.0% of first picks.',
    ]);
  });

  it.each<['refused' | 'reset' | 'timeout' | 'unreachable', string]>([
    ['refused', 'connection refused'],
    ['reset', 'connection reset by the peer (ECONNRESET)'],
    ['timeout', 'no answer within the probe timeout'],
    ['unreachable', 'no route to the address'],
  ])('host-unreachable names the host as host:port without the root dot, and says what TCP got (%s)', (tcp, words) => {
    const [finding] = checkById('host-unreachable')!.run(soundFacts({ probes: [{ target: 'kms1.contoso.test.', port: 1688, address: '192.0.2.1', tcp }] }));
    expect(finding?.subject).toBe('kms1.contoso.test:1688');
    expect(finding?.message).toContain(`TCP to kms1.contoso.test:1688 (192.0.2.1): ${words}.`);
  });

  it('srv-missing leaves a name without SRV to srv-nodata, whose code the client shows', () => {
    const facts = soundFacts({ domains: [domain('a.test.', [], { rcode: 'NXDOMAIN' }), domain('b.test.', [])] });
    expect(checkById('srv-missing')!.run(facts)).toEqual([]);
    expect(checkById('srv-nodata')!.run(facts).map((f) => f.subject)).toEqual(['_vlmcs._tcp.b.test.']);
  });

  it('srv-missing names the records to add at the first searched domain, and the commands that make them', () => {
    const facts = soundFacts({ domains: [domain('corp.contoso.test.', [], { rcode: 'NXDOMAIN' }), domain('contoso.test.', [], { rcode: 'NXDOMAIN' })] });
    const [finding] = checkById('srv-missing')!.run(facts);
    expect(finding?.fix).toContain('Add at _vlmcs._tcp.corp.contoso.test., in BIND syntax: `_vlmcs._tcp.corp.contoso.test. 3600 IN SRV 0 100 1688 <KMS-HOST-FQDN>.`');
    expect(finding?.fix).toContain('`kms-srv generate bind --plan PLAN --domain corp.contoso.test`');
    expect(finding?.fix).toContain('`kms-srv publish --plan PLAN --server PRIMARY --key KEYFILE`');
    expect(finding?.fix).not.toContain('<domain>');
  });

  it('srv-missing does not put a domain with shell metacharacters into a command', () => {
    const facts = soundFacts({ domains: [domain('a$(x).test.', [], { rcode: 'NXDOMAIN' })] });
    const [finding] = checkById('srv-missing')!.run(facts);
    expect(finding?.fix).toContain('--domain DOMAIN`');
    expect(finding?.fix).not.toContain('--domain a$(x)');
  });

  it('dns-servfail does not call a timeout an answer', () => {
    const [timeout] = checkById('dns-servfail')!.run(soundFacts({ domains: [domain('a.test.', [], { rcode: 'TIMEOUT' })] }));
    expect(timeout?.message).toMatch(/^_vlmcs\._tcp\.a\.test\.: no DNS server answered/);
    const [refused] = checkById('dns-servfail')!.run(soundFacts({ domains: [domain('a.test.', [], { rcode: 'REFUSED', server: '127.0.0.1:53' })] }));
    expect(refused?.message).toContain('the server 127.0.0.1:53 answered REFUSED');
  });

  it('carries the record\'s source line into the finding', () => {
    const facts = withRecords([srv('kms1.contoso.test.', { port: 0, source: { file: 'z.zone', line: 12 } }), srv('kms2.contoso.test.')]);
    expect(checkById('port-zero')!.run(facts)).toEqual([expect.objectContaining({ file: 'z.zone', line: 12 })]);
  });

  it('client-lookup-domain says the registry value name is not Microsoft\'s', () => {
    const [finding] = checkById('client-lookup-domain')!.run(soundFacts({ client: { lookupDomain: 'corp.contoso.test' } }));
    expect(finding?.message).toContain('KeyManagementServiceLookupDomain is not in Microsoft\'s registry reference');
    expect(finding?.message).toMatch(/WMI property name; the registry value name comes from third-party sources/);
  });

  it('srv-owner-cname warns that some KMS clients (vlmcs) crash on a CNAME at _vlmcs._tcp', () => {
    const facts = soundFacts({ domains: [domain('contoso.test.', [], { ownerCname: 'kms-srv.elsewhere.test.' })] });
    const [finding] = checkById('srv-owner-cname')!.run(facts);
    expect(finding?.message).toMatch(/vlmcs among them, crash on a CNAME there/);
    expect(checkById('srv-owner-cname')!.summary).toMatch(/some KMS clients \(vlmcs\) crash/);
  });
});
