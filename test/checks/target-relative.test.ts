// srv-target-relative in zone files: the parser knows which targets were written without a trailing
// dot and which origin was appended, so a relative name of several labels that lands on a name with
// no address in the zone is flagged, while the usual one-label shorthand ("kms3") stays quiet.
import { describe, expect, it } from 'vitest';
import { checkById } from '../../src/checks/catalogue.js';
import { factsFromZone } from '../../src/checks/from-zone.js';
import { targetAsWritten } from '../../src/checks/records.js';
import { parseZoneText } from '../../src/zonefile/parse.js';

const HEAD = [
  '$ORIGIN example.test.',
  '$TTL 3600',
  '@ IN SOA ns1 hostmaster 1 3600 900 1209600 300',
  '  IN NS ns1',
  'ns1 IN A 192.0.2.1',
  'kms2 IN A 192.0.2.12',
  'kms3 IN A 192.0.2.13',
  'kms4.branch IN A 192.0.2.14',
  'alias IN CNAME kms3',
].join('\n');
const HEAD_LINES = HEAD.split('\n').length;

/** Findings of srv-target-relative for one extra SRV line, with the target and the line reported. */
function relativeFindings(srvLine: string, extra = ''): Array<{ line: number | undefined; message: string }> {
  const zone = parseZoneText(`${HEAD}\n${srvLine}\n_vlmcs._tcp IN SRV 0 0 1688 kms2.example.test.\n${extra}`, { file: 'rel.zone' });
  return checkById('srv-target-relative')!.run(factsFromZone(zone)).map((f) => ({ line: f.line, message: f.message }));
}

describe('srv-target-relative in zone files', () => {
  it.each([
    ['an FQDN of another zone missing its dot', '_vlmcs._tcp IN SRV 0 0 1688 kms1.contoso.com', 'kms1.contoso.com.example.test.', 'kms1.contoso.com'],
    ['the zone\'s own domain repeated', '_vlmcs._tcp IN SRV 0 0 1688 kms2.example.test', 'kms2.example.test.example.test.', 'kms2.example.test'],
    ['a two-label name with nothing behind it', '_vlmcs._tcp IN SRV 0 0 1688 kms9.branch', 'kms9.branch.example.test.', 'kms9.branch'],
  ])('fires on %s, naming what was written and the origin appended', (_label, srvLine, target, written) => {
    const findings = relativeFindings(srvLine);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.line).toBe(HEAD_LINES + 1);
    expect(findings[0]!.message).toContain(`Target ${target}`);
    expect(findings[0]!.message).toContain(`as "${written}"`);
    expect(findings[0]!.message).toContain('the origin example.test. was appended');
  });

  it.each([
    ['a one-label shorthand with an address', '_vlmcs._tcp IN SRV 0 0 1688 kms3'],
    ['a one-label shorthand without an address (srv-target-no-address says so)', '_vlmcs._tcp IN SRV 0 0 1688 kms8'],
    ['a two-label relative name that has an address', '_vlmcs._tcp IN SRV 0 0 1688 kms4.branch'],
    ['a two-label relative name reaching an address through an in-zone CNAME', '_vlmcs._tcp IN SRV 0 0 1688 alias2.branch', 'alias2.branch IN CNAME kms3'],
    ['an absolute out-of-zone target', '_vlmcs._tcp IN SRV 0 0 1688 kms1.contoso.com.'],
    ['an IP written relative (srv-target-ip says so)', '_vlmcs._tcp IN SRV 0 0 1688 192.0.2.10'],
    ['the root target', '_vlmcs._tcp IN SRV 0 0 0 .'],
  ])('stays quiet on %s', (_label, srvLine, extra = '') => {
    expect(relativeFindings(srvLine, extra)).toEqual([]);
  });

  it('uses the $ORIGIN in force on the line, not the zone apex', () => {
    const text = `${HEAD}\n$ORIGIN branch.example.test.\n_vlmcs._tcp IN SRV 0 0 1688 kms4\n_vlmcs._tcp IN SRV 0 0 1688 kms7.sub\n`;
    const facts = factsFromZone(parseZoneText(text, { file: 'rel.zone' }));
    const records = facts.domains.flatMap((d) => d.records);
    expect(records.map((r) => [r.target, r.targetOrigin, targetAsWritten(r)])).toEqual([
      ['kms4.branch.example.test.', 'branch.example.test.', 'kms4'],
      ['kms7.sub.branch.example.test.', 'branch.example.test.', 'kms7.sub'],
    ]);
    const findings = checkById('srv-target-relative')!.run(facts);
    expect(findings.map((f) => f.subject)).toEqual(['_vlmcs._tcp.branch.example.test. SRV 0 0 1688 kms7.sub.branch.example.test.']);
  });

  it('leaves live facts (no written form known) to the repeated-domain rule', () => {
    const zone = parseZoneText(`${HEAD}\n_vlmcs._tcp IN SRV 0 0 1688 kms1.contoso.com\n`, { file: 'rel.zone' });
    const facts = factsFromZone(zone);
    const live = { ...facts, domains: facts.domains.map((d) => ({ ...d, records: d.records.map(({ targetWrittenRelative: _w, targetOrigin: _o, ...r }) => r) })) };
    expect(checkById('srv-target-relative')!.run(live)).toEqual([]);
  });
});
