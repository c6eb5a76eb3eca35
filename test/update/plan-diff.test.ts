import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { prerequisitesFor } from '../../src/update/build.js';
import { publishChanges, rrsetKey, touchedRrsets, unpublishChanges, type CurrentRrsets } from '../../src/update/diff.js';
import { outcomeJson, presentRecord } from '../../src/update/format.js';
import { planZones, type UpdateRecord } from '../../src/update/records.js';
import { KmsSrvError } from '../../src/util/errors.js';

const PLAN: Plan = {
  ttl: 600,
  publishing: 'auto',
  hosts: [
    { name: 'kms1.example.test', port: 1688, ipv4: ['192.0.2.11'], ipv6: ['2001:db8::11'], publish: [{ domain: 'example.test', priority: 0, weight: 60 }, { domain: 'sub.example.test', priority: 5, weight: 0 }] },
    { name: 'kms2.sub.example.test', port: 1700, ipv4: ['192.0.2.12'], ipv6: [], publish: [{ domain: 'sub.example.test', priority: 0, weight: 0 }] },
  ],
};

const line = (r: UpdateRecord): string => presentRecord(r);

describe('planZones', () => {
  it('makes one zone per domain, addresses in the host\'s own domain', () => {
    expect(planZones(PLAN).map((z) => [z.zone, z.records.map(line)])).toEqual([
      ['example.test.', [
        '_vlmcs._tcp.example.test. 600 IN SRV 0 60 1688 kms1.example.test.',
        'kms1.example.test. 600 IN A 192.0.2.11',
        'kms1.example.test. 600 IN AAAA 2001:db8::11',
      ]],
      ['sub.example.test.', [
        '_vlmcs._tcp.sub.example.test. 600 IN SRV 0 0 1700 kms2.sub.example.test.',
        '_vlmcs._tcp.sub.example.test. 600 IN SRV 5 0 1688 kms1.example.test.',
        'kms2.sub.example.test. 600 IN A 192.0.2.12',
      ]],
    ]);
  });

  it('--zone gathers every record lying in that zone into one update', () => {
    const zones = planZones(PLAN, 'Example.Test.');
    expect(zones.map((z) => z.zone)).toEqual(['example.test.']);
    expect(zones[0]?.records).toHaveLength(6);
    expect(planZones(PLAN, 'sub.example.test')[0]?.records.map(line)).toEqual(planZones(PLAN)[1]?.records.map(line));
  });

  it('--zone without any plan record is a usage error naming the domains', () => {
    expect(() => planZones(PLAN, 'other.test')).toThrow(KmsSrvError);
    expect(() => planZones(PLAN, 'other.test')).toThrow(/no record of the plan lies in this zone \(domains: example\.test\., sub\.example\.test\.\)/);
  });
});

const srv = (target: string, ttl = 600): UpdateRecord => ({ name: '_vlmcs._tcp.example.test.', type: 'SRV', ttl, data: { priority: 0, weight: 60, port: 1688, target } });
const aaaa = (address: string, ttl = 600): UpdateRecord => ({ name: 'kms1.example.test.', type: 'AAAA', ttl, data: address });
const state = (...records: UpdateRecord[]): CurrentRrsets => {
  const map: CurrentRrsets = new Map();
  for (const r of records) map.set(rrsetKey(r.name, r.type), [...(map.get(rrsetKey(r.name, r.type)) ?? []), r]);
  return map;
};

describe('publishChanges / unpublishChanges', () => {
  it.each<[string, UpdateRecord, CurrentRrsets, number, number]>([
    ['absent', srv('kms1.example.test.'), state(), 1, 0],
    ['present', srv('kms1.example.test.'), state(srv('kms1.example.test.')), 0, 1],
    ['target in other case', srv('kms1.example.test.'), state(srv('KMS1.Example.Test.')), 0, 1],
    ['present with another TTL', srv('kms1.example.test.'), state(srv('kms1.example.test.', 60)), 1, 1],
    ['beside another host', srv('kms1.example.test.'), state(srv('kms2.example.test.')), 1, 0],
    ['IPv6 written another way', aaaa('2001:db8::11'), state(aaaa('2001:0db8:0:0::0011')), 0, 1],
    ['another IPv6', aaaa('2001:db8::11'), state(aaaa('2001:db8::12')), 1, 0],
  ])('%s', (_label, wanted, current, adds, deletes) => {
    expect(publishChanges([wanted], current)).toHaveLength(adds);
    expect(unpublishChanges([wanted], current)).toHaveLength(deletes);
  });

  it('deletes the record as the server holds it (its TTL, its spelling)', () => {
    const there = srv('KMS1.example.test.', 60);
    expect(unpublishChanges([srv('kms1.example.test.')], state(there))).toEqual([{ op: 'delete', record: there }]);
  });

  it('pins each touched RRset once: as read when it exists, absent otherwise', () => {
    const current = state(srv('kms2.example.test.'), srv('kms3.example.test.'));
    const changes = publishChanges([srv('kms1.example.test.'), srv('kms4.example.test.'), aaaa('2001:db8::11')], current);
    expect(touchedRrsets(changes)).toHaveLength(2);
    expect(prerequisitesFor(changes, current)).toEqual([
      { kind: 'rrset-equals', name: '_vlmcs._tcp.example.test.', type: 'SRV', records: [srv('kms2.example.test.'), srv('kms3.example.test.')] },
      { kind: 'rrset-absent', name: 'kms1.example.test.', type: 'AAAA' },
    ]);
  });
});

describe('outcomeJson', () => {
  it('has the documented stable shape', () => {
    const json = outcomeJson({
      zone: 'example.test.',
      server: { host: '::1', port: 5353 },
      changes: [{ op: 'add', record: aaaa('2001:db8::11') }],
      rcode: 'NOERROR',
      signed: true,
      dryRun: false,
      error: null,
      verified: true,
    });
    expect(json).toEqual({
      zone: 'example.test.',
      server: '[::1]:5353',
      changes: [{ op: 'add', name: 'kms1.example.test.', type: 'AAAA', ttl: 600, data: '2001:db8::11' }],
      rcode: 'NOERROR',
      signed: true,
      dryRun: false,
      error: null,
    });
  });
});
