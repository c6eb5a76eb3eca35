// check-zone keeps SRV records as a delta-coded byte stream in runs per owner: the facts read back must
// be the records as written, in file order per owner, whatever comes between them and however far
// each field moves from the record before (values worked out by hand from the zone text below).
import { describe, expect, it } from 'vitest';
import { factsFromZone } from '../../src/checks/from-zone.js';
import { parseZoneText } from '../../src/zonefile/index.js';

const ZONE = [
  '$TTL 300',
  '@ SOA ns1 hm 1 2 3 4 5',
  ' NS ns1',
  'ns1 A 192.0.2.1',
  '_vlmcs._tcp 3600 SRV 10 60 1688 kms1',
  '_vlmcs._tcp.b SRV 65535 65535 65535 kms2.example.test.',
  '_vlmcs._tcp SRV 0 0 1688 kms2.example.test.',
  'kms1 A 192.0.2.11',
  'kms2 A 192.0.2.12',
  'kms2 AAAA 2001:db8::12',
  '$ORIGIN sub.example.test.',
  '_vlmcs._tcp.example.test. 2147483647 SRV 5 0 1 kms3',
  '_vlmcs._tcp.b.example.test. SRV 1 2 3 kms1.example.test.',
  '',
].join('\n');

describe('ZoneFactsBuilder record store', () => {
  it('reads back each SRV record as written, per owner in file order, across runs and origins', () => {
    const facts = factsFromZone(parseZoneText(ZONE, { origin: 'example.test', file: 'z.db' }));
    const shape = facts.domains.map((d) => [d.domain, d.records.map((r) => [r.source?.line, r.priority, r.weight, r.port, r.target, r.ttl, r.targetWrittenRelative, r.targetOrigin, r.targetAddresses])]);
    expect(shape).toEqual([
      ['example.test.', [
        [5, 10, 60, 1688, 'kms1.example.test.', 3600, true, 'example.test.', ['192.0.2.11']],
        [7, 0, 0, 1688, 'kms2.example.test.', 300, false, undefined, ['192.0.2.12', '2001:db8::12']],
        [12, 5, 0, 1, 'kms3.sub.example.test.', 2147483647, true, 'sub.example.test.', []],
      ]],
      ['b.example.test.', [
        [6, 65535, 65535, 65535, 'kms2.example.test.', 300, false, undefined, ['192.0.2.12', '2001:db8::12']],
        [13, 1, 2, 3, 'kms1.example.test.', 300, false, undefined, ['192.0.2.11']],
      ]],
    ]);
    expect(facts.domains.every((d) => d.records.every((r) => r.source?.file === 'z.db'))).toBe(true);
  });
});
