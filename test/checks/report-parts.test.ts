// check-zone's text path judges the facts a part at a time: the findings, their order, the summary
// and the client's code must be exactly those of the whole facts, however small the parts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZoneFactsBuilder } from '../../src/checks/from-zone.js';
import { buildReport, buildReportInParts, findingsInParts, renderReportText, reportJsonInParts, reportTextLines, tallyReportInParts } from '../../src/checks/report.js';
import { parseZoneText, streamZoneFile } from '../../src/zonefile/index.js';

const fixtures = path.resolve('test/fixtures/broken-zones');
const files = [
  ...readdirSync(fixtures).filter((f) => f.endsWith('.zone')).map((f) => path.join(fixtures, f)),
  ...['broken.test.zone', 'example.test.zone', 'lab.test.zone'].map((f) => path.resolve('zones', f)),
];

function builderOf(file: string): { builder: ZoneFactsBuilder; zone: { origin: string; files: string[] } } {
  const builder = new ZoneFactsBuilder();
  const zone = streamZoneFile(file, { origin: 'example.test' }, (r) => builder.add(r));
  return { builder, zone };
}

describe('reportJsonInParts', () => {
  it.each(files.flatMap((file) => [1, 3].map((size) => [path.basename(file), size, file] as const)))('%s in parts of %i records: the text of JSON.stringify(buildReport(whole facts), null, 2)', (_name, size, file) => {
    for (const profile of ['win7', 'vista'] as const) {
      const { builder, zone } = builderOf(file);
      const whole = JSON.stringify(buildReport(builder.facts(zone, { profile }), 'zone'), null, 2);
      expect([...reportJsonInParts(() => builder.factsInParts(zone, { profile }, size))].join('')).toBe(whole);
    }
  });

  it('writes the zone-wide CNAME loops (only the first part has them) before the domains', () => {
    const text = '$TTL 300\n@ SOA ns1 hm 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\na CNAME b\nb CNAME a\n_vlmcs._tcp SRV 0 0 1688 a\n_vlmcs._tcp.x SRV 0 0 1688 ns1\n';
    const zone = parseZoneText(text, { origin: 'example.test', file: 'loop.db' });
    const builder = new ZoneFactsBuilder();
    for (const r of zone.records) builder.add(r);
    const whole = buildReport(builder.facts(zone), 'zone');
    expect(whole.facts.cnameLoops).toHaveLength(1);
    expect([...reportJsonInParts(() => builder.factsInParts(zone, {}, 1))].join('')).toBe(JSON.stringify(whole, null, 2));
  });

  it('applies the hooks to each part and finding, and tells the tally once the facts are written', () => {
    const { builder, zone } = builderOf(path.resolve('zones', 'broken.test.zone'));
    const whole = buildReport(builder.facts(zone), 'zone');
    const told: unknown[] = [];
    const text = [...reportJsonInParts(() => builder.factsInParts(zone, {}, 2), {
      facts: (part) => ({ ...part, zone: { origin: 'shown.', files: ['shown.zone'] } }),
      finding: (finding) => ({ ...finding, subject: 'shown' }),
      tally: (tally) => told.push(tally.summary, tally.clientErrorCode),
    })].join('');
    const parsed = JSON.parse(text) as typeof whole;
    expect(parsed.facts.zone).toEqual({ origin: 'shown.', files: ['shown.zone'] });
    expect(parsed.findings.length).toBe(whole.findings.length);
    expect(parsed.findings.every((f) => f.subject === 'shown')).toBe(true);
    expect(told).toEqual([whole.summary, whole.clientErrorCode]);
    expect(whole.findings.length).toBeGreaterThan(0);
  });
});

describe('buildReportInParts', () => {
  it.each(files.flatMap((file) => [1, 3].map((size) => [path.basename(file), size, file] as const)))('%s in parts of %i records: the whole report', (_name, size, file) => {
    for (const profile of ['win7', 'vista'] as const) {
      const { builder, zone } = builderOf(file);
      const { facts, ...whole } = buildReport(builder.facts(zone, { profile }), 'zone');
      const parts = [...builder.factsInParts(zone, { profile }, size)];
      const { report, domains } = buildReportInParts(() => builder.factsInParts(zone, { profile }, size));
      expect(report).toEqual(whole);
      expect(domains).toEqual(facts.domains.map((d) => ({ domain: d.domain, srvName: d.srvName, rcode: d.rcode })));
      expect(parts.flatMap((p) => p.domains)).toEqual(facts.domains);
      const tally = tallyReportInParts(builder.factsInParts(zone, { profile }, size));
      expect([tally.owners, tally.firstDomain]).toEqual([facts.domains.filter((d) => d.rcode !== 'NXDOMAIN').length, facts.domains[0]?.domain]);
    }
  });

  it('keeps the client code across parts: records with addresses in one part, none in another', () => {
    const text = '$TTL 300\n@ SOA ns1 hm 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\n_vlmcs._tcp.a SRV 0 0 1688 gone\n_vlmcs._tcp.b SRV 0 0 1688 kms\nkms A 192.0.2.2\n';
    const zone = parseZoneText(text, { origin: 'example.test' });
    const builder = new ZoneFactsBuilder();
    for (const r of zone.records) builder.add(r);
    const whole = buildReport(builder.facts(zone), 'zone');
    const { report } = buildReportInParts(() => builder.factsInParts(zone, {}, 1));
    expect(report.clientErrorCode).toBe(whole.clientErrorCode);
    expect(report.findings).toEqual(whole.findings);
  });

  it.each(files.map((file) => [path.basename(file), file] as const))('%s: the streamed text (counted, then judged again check by check) is the whole report\'s text', (_name, file) => {
    const { builder, zone } = builderOf(file);
    const whole = renderReportText(buildReport(builder.facts(zone), 'zone'));
    const parts = () => builder.factsInParts(zone, {}, 2);
    const tally = tallyReportInParts(parts());
    expect([...reportTextLines({ ...tally, findings: findingsInParts(tally, parts) })].join('')).toBe(whole);
  });

  it('finds the addresses of a target written in another case, and of one behind a CNAME, in every pass', () => {
    const text = '$TTL 300\n@ SOA ns1 hm 1 2 3 4 5\n NS ns1\nns1 A 192.0.2.1\n_vlmcs._tcp SRV 0 0 1688 KMS.Example.Test.\n SRV 0 0 1688 alias\n SRV 0 0 1688 kms\nkms A 192.0.2.2\nkms A 192.0.2.3\nalias CNAME kms\n';
    const zone = parseZoneText(text, { origin: 'example.test' });
    const builder = new ZoneFactsBuilder();
    for (const r of zone.records) builder.add(r);
    for (let pass = 0; pass < 2; pass++) {
      const [part] = [...builder.factsInParts(zone, {}, 1)];
      const records = part?.domains[0]?.records ?? [];
      expect(records.map((r) => [r.target, r.targetCname, r.targetAddresses])).toEqual([
        ['KMS.Example.Test.', undefined, ['192.0.2.2', '192.0.2.3']],
        ['alias.example.test.', 'kms.example.test.', ['192.0.2.2', '192.0.2.3']],
        ['kms.example.test.', undefined, ['192.0.2.2', '192.0.2.3']],
      ]);
    }
  });
});
