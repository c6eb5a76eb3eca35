import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import type { Facts } from '../../src/checks/facts.js';
import { clientErrorCode } from '../../src/checks/client-error.js';
import { runChecks, summarize } from '../../src/checks/run.js';
import { SEVERITIES } from '../../src/checks/check.js';
import { buildReport, renderReportText } from '../../src/checks/report.js';
import { domain, soundFacts, srv, withRecords } from './builders.js';

/** Facts on which every check of the catalogue fires at least once. */
function everythingWrong(): Facts {
  return {
    profile: 'win7',
    hostCaching: true,
    domains: [
      domain('a.test.', [], { rcode: 'SERVFAIL' }),
      domain('b.test.', [], { ownerCname: 'x.b.test.' }),
      domain('c.test.', [
        srv('kms1.c.test.c.test.', { targetAddresses: [], ttl: 5, port: 0 }),
        srv('k.c.test.', { targetCname: 'kms2.c.test.', port: 1700, weight: 10 }),
        srv('K.c.test.', { priority: 1 }),
        srv('192.0.2.1.'), srv('.', { port: 0 }),
      ]),
      domain('d.test.', Array.from({ length: 7 }, (_, i) => srv(`kms${i}.d.test.`))),
      domain('e.test.', [srv('kms1.e.test.')]),
      domain('f.test.', []),
      domain('g.test.', [srv('kms1.g.test.', { targetAddresses: [], targetLookup: 'TIMEOUT' }), srv('kms2.g.test.', { targetAddresses: [], targetLookup: 'CNAME-LOOP' })], {
        ignored: [{ section: 'answer', name: '_vlmcs._tcp.victim.test.', type: 'SRV', reason: 'owned by another name' }],
      }),
    ],
    cnameLoops: [{ chain: ['a.g.test.', 'b.g.test.', 'a.g.test.'], kind: 'loop' }],
    nsAnswers: [
      { domain: 'c.test.', server: 'ns1', rcode: 'NOERROR', records: [] },
      { domain: 'c.test.', server: 'ns2', rcode: 'NOERROR', records: [srv('kms1.c.test.')] },
    ],
    probes: [{ target: 'kms1.e.test.', port: 1688, tcp: 'refused' }, { target: 'kms0.d.test.', port: 1688, tcp: 'ok', rpc: 'no' }],
    client: { manualHost: 'kms1.e.test', lookupDomain: 'e.test' },
  };
}

describe('runChecks', () => {
  it('runs live and both checks live, zone and both checks on zones', () => {
    const facts = everythingWrong();
    facts.client = { lookupDomain: 'e.test' };
    const live = new Set(runChecks(facts, 'live').map((f) => f.id));
    const zone = new Set(runChecks(facts, 'zone').map((f) => f.id));
    for (const c of CHECKS) {
      if (c.id === 'client-manual-host' || c.id === 'srv-missing') continue;
      expect(live.has(c.id), c.id).toBe(true);
      expect(zone.has(c.id), c.id).toBe(c.where !== 'live');
    }
  });

  it('orders findings by severity, catalogue order within one', () => {
    const findings = runChecks(everythingWrong(), 'live');
    const ranks = findings.map((f) => SEVERITIES.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const errors = findings.filter((f) => f.severity === 'error').map((f) => CHECKS.findIndex((c) => c.id === f.id));
    expect(errors).toEqual([...errors].sort((a, b) => a - b));
  });

  it('finds nothing on sound facts', () => {
    expect(runChecks(soundFacts(), 'live')).toEqual([]);
  });

  it('summarizes by severity', () => {
    const findings = runChecks(everythingWrong(), 'live');
    const summary = summarize(findings);
    for (const s of SEVERITIES) expect(summary[s]).toBe(findings.filter((f) => f.severity === s).length);
  });
});

describe('clientErrorCode', () => {
  const nx = (name: string) => domain(name, [], { rcode: 'NXDOMAIN' });
  it.each<[string, Facts, string | null]>([
    ['every domain NXDOMAIN', soundFacts({ domains: [nx('a.test.'), nx('b.test.')] }), '0x8007232B'],
    ['no domain at all', soundFacts({ domains: [] }), '0x8007232B'],
    ['NODATA beside NXDOMAIN', soundFacts({ domains: [nx('a.test.'), domain('b.test.', [])] }), '0x8007251D'],
    ['SERVFAIL beside NODATA', soundFacts({ domains: [domain('a.test.', [], { rcode: 'SERVFAIL' }), domain('b.test.', [])] }), '0x8007232A'],
    ['hosts found', soundFacts(), null],
    ['hosts found in a later domain', soundFacts({ domains: [nx('a.test.'), domain('b.test.', [srv('kms1.b.test.')])] }), null],
    // Records came back (no DNS error) but none names a host: nothing to contact, as discover also says.
    ['only a root target', withRecords([srv('.', { port: 0 })]), '0xC004F074'],
    ['a port-0 record only', withRecords([srv('kms1.contoso.test.', { port: 0 })]), '0xC004F074'],
    ['every target without address', withRecords([srv('kms1.contoso.test.', { targetAddresses: [] })]), '0xC004F074'],
    ['addresses unknown (out of zone)', withRecords([srv('kms1.elsewhere.test.', { targetAddresses: undefined })]), null],
    ['every probe fails', soundFacts({ probes: [{ target: 'kms1.contoso.test.', port: 1688, tcp: 'timeout' }, { target: 'KMS2.contoso.test.', port: 1688, tcp: 'refused' }] }), '0xC004F074'],
    ['a listener that is not KMS', withRecords([srv('kms1.contoso.test.')], { probes: [{ target: 'kms1.contoso.test.', port: 1688, tcp: 'ok', rpc: 'no' }] }), '0xC004F074'],
    ['one probe answers', soundFacts({ probes: [{ target: 'kms1.contoso.test.', port: 1688, tcp: 'timeout' }, { target: 'kms2.contoso.test.', port: 1688, tcp: 'ok', rpc: 'bind_ack' }] }), null],
    ['manual host unreachable', soundFacts({ client: { manualHost: 'kms9.contoso.test:1688' }, probes: [{ target: 'kms9.contoso.test.', port: 1688, tcp: 'timeout' }] }), '0xC004F074'],
    ['manual IPv6 host unreachable', soundFacts({ client: { manualHost: '[fd00::1]:1688' }, probes: [{ target: 'fd00::1', port: 1688, tcp: 'refused' }] }), '0xC004F074'],
    ['bare IPv6 manual host unreachable', soundFacts({ client: { manualHost: 'fd00::1' }, probes: [{ target: 'fd00::1', port: 1688, tcp: 'timeout' }] }), '0xC004F074'],
    ['manual host, DNS empty', soundFacts({ domains: [nx('a.test.')], client: { manualHost: 'kms9.contoso.test' } }), null],
    // A probe speaks for the record of the same target and port only; a record nobody probed is judged by its address.
    ['a failed probe of the target at another port', withRecords([srv('kms1.contoso.test.')], { probes: [{ target: 'kms1.contoso.test.', port: 1689, tcp: 'timeout' }] }), null],
    ['a failed probe of another target at the port', withRecords([srv('kms1.contoso.test.')], { probes: [{ target: 'kms9.contoso.test.', port: 1688, tcp: 'refused' }] }), null],
    ['an answering probe of another port does not save the silent one', withRecords([srv('kms1.contoso.test.')], { probes: [{ target: 'kms1.contoso.test.', port: 1688, tcp: 'timeout' }, { target: 'kms1.contoso.test.', port: 1689, tcp: 'ok', rpc: 'bind_ack' }] }), '0xC004F074'],
    ['manual host silent while another host answers', soundFacts({ client: { manualHost: 'kms9.contoso.test' }, probes: [{ target: 'kms9.contoso.test.', port: 1688, tcp: 'timeout' }, { target: 'kms1.contoso.test.', port: 1688, tcp: 'ok', rpc: 'bind_ack' }] }), '0xC004F074'],
    ['manual host answering on one of its addresses', soundFacts({ client: { manualHost: 'kms9.contoso.test' }, probes: [{ target: 'kms9.contoso.test.', port: 1688, address: '192.0.2.9', tcp: 'timeout' }, { target: 'kms9.contoso.test.', port: 1688, address: '2001:db8::9', tcp: 'ok', rpc: 'bind_ack' }] }), null],
  ])('%s', (_name, facts, expected) => {
    expect(clientErrorCode(facts)).toBe(expected);
  });
});

describe('renderReportText summary line', () => {
  it.each([
    ['nothing found', soundFacts(), '0 errors, 0 warnings, 0 notices, 0 info'],
    // One host with a 5 s TTL: ttl-range (warning) and single-host (notice).
    ['one of a kind', withRecords([srv('kms1.contoso.test.', { ttl: 5 })]), '0 errors, 1 warning, 1 notice, 0 info'],
  ])('counts in plain singulars and plurals: %s', (_, facts, expected) => {
    expect(renderReportText(buildReport(facts, 'zone')).split('\n')).toContain(expected);
  });

  it('never writes "(s)"', () => {
    expect(renderReportText(buildReport(everythingWrong(), 'live'))).not.toContain('(s)');
  });
});
