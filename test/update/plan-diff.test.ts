import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { prerequisitesFor } from '../../src/update/build.js';
import { applyChanges, diffRrsets, publishChanges, rrsetKey, touchedRrsets, unpublishChanges, type CurrentRrsets } from '../../src/update/diff.js';
import { updateJson } from '../../src/update/format.js';
import { updateExitCode, type ZoneOutcome } from '../../src/update/publish.js';
import { planZones, presentRecord, type UpdateRecord } from '../../src/update/records.js';
import { KmsSrvError } from '../../src/util/errors.js';

const PLAN: Plan = {
  ttl: 600,
  publishing: 'auto',
  hosts: [
    { name: 'kms1.example.test', port: 1688, publishing: 'auto', ipv4: ['192.0.2.11'], ipv6: ['2001:db8::11'], publish: [{ domain: 'example.test', priority: 0, weight: 60 }, { domain: 'sub.example.test', priority: 5, weight: 0 }] },
    { name: 'kms2.sub.example.test', port: 1700, publishing: 'auto', ipv4: ['192.0.2.12'], ipv6: [], publish: [{ domain: 'sub.example.test', priority: 0, weight: 0 }] },
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

describe('converging: the owned RRsets end equal to the plan', () => {
  const owned = [{ name: '_vlmcs._tcp.example.test.', type: 'SRV' as const }, { name: 'kms1.example.test.', type: 'AAAA' as const }];
  const a = (address: string): UpdateRecord => ({ name: 'kms1.example.test.', type: 'A', ttl: 600, data: address });

  it('each zone owns its SRV RRset and A and AAAA of the hosts addressed there, even without IPv6', () => {
    expect(planZones(PLAN).map((z) => z.owned.map((o) => `${o.name} ${o.type}`))).toEqual([
      ['_vlmcs._tcp.example.test. SRV', 'kms1.example.test. A', 'kms1.example.test. AAAA'],
      ['_vlmcs._tcp.sub.example.test. SRV', 'kms2.sub.example.test. A', 'kms2.sub.example.test. AAAA'],
    ]);
    expect(planZones(PLAN, 'example.test')[0]?.owned).toHaveLength(6);
  });

  it('deletes what an owned RRset holds beyond the plan (first), adds what is missing; --no-delete only adds', () => {
    const current = state(srv('kms1.example.test.'), srv('kms9.example.test.'), aaaa('2001:db8::99'), a('192.0.2.99'));
    const wanted = [srv('kms1.example.test.'), aaaa('2001:db8::11')];
    expect(publishChanges(wanted, current, { owned }).map((c) => `${c.op} ${line(c.record)}`)).toEqual([
      'delete _vlmcs._tcp.example.test. 600 IN SRV 0 60 1688 kms9.example.test.',
      'delete kms1.example.test. 600 IN AAAA 2001:db8::99',
      'add kms1.example.test. 600 IN AAAA 2001:db8::11',
    ]);
    // kms1's A RRset is not in `owned` here: never touched.
    expect(publishChanges(wanted, current, { owned, keep: true }).map((c) => c.op)).toEqual(['add']);
  });

  it('a changed priority is one delete and one add in the same RRset, pinned as read', () => {
    const old = { ...srv('kms2.example.test.'), data: { priority: 10, weight: 0, port: 1688, target: 'kms2.example.test.' } };
    const now = { ...old, data: { ...old.data, priority: 20 } };
    const current = state(srv('kms1.example.test.'), old);
    const changes = publishChanges([srv('kms1.example.test.'), now], current, { owned });
    expect(changes).toEqual([{ op: 'delete', record: old }, { op: 'add', record: now }]);
    expect(prerequisitesFor(changes, current)).toEqual([{ kind: 'rrset-equals', name: '_vlmcs._tcp.example.test.', type: 'SRV', records: [srv('kms1.example.test.'), old] }]);
    const expected = applyChanges(current, changes);
    expect(expected.get(rrsetKey(old.name, 'SRV'))?.map(line)).toEqual([line(srv('kms1.example.test.')), line(now)]);
    expect(diffRrsets(touchedRrsets(changes), expected, expected)).toEqual({ missing: [], unexpected: [] });
    expect(diffRrsets(touchedRrsets(changes), expected, current)).toEqual({ missing: [now], unexpected: [old] });
  });
});

describe('updateJson', () => {
  it('is one document with the documented stable shape', () => {
    const zone = {
      server: { host: '::1', port: 5353 },
      signed: true,
      dryRun: false,
      sent: true,
      verified: true,
    };
    const json = updateJson({ mode: 'publish', server: { host: '::1', port: 5353 }, key: 'k', dryRun: false, noDelete: false }, [
      { ...zone, zone: 'example.test.', result: 'applied', changes: [{ op: 'add', record: aaaa('2001:db8::11') }], rcode: 'NOERROR', error: null },
      { ...zone, zone: 'other.test.', result: 'failed', changes: [], rcode: null, sent: false, verified: false, error: { code: 'DNS_TIMEOUT', message: '[::1]:5353 over TCP: no reply over TCP within 5 ms' } },
    ]);
    expect(json).toEqual({
      command: 'publish',
      server: '[::1]:5353',
      key: 'k',
      dryRun: false,
      noDelete: false,
      zones: [
        {
          zone: 'example.test.',
          result: 'applied',
          changes: [{ op: 'add', name: 'kms1.example.test.', type: 'AAAA', ttl: 600, data: '2001:db8::11' }],
          rcode: 'NOERROR',
          signed: true,
          verified: true,
          error: null,
        },
        { zone: 'other.test.', result: 'failed', changes: [], rcode: null, signed: true, verified: false, error: { code: 'DNS_TIMEOUT', message: '[::1]:5353 over TCP: no reply over TCP within 5 ms' } },
      ],
      failed: ['other.test.'],
    });
  });
});

describe('updateExitCode', () => {
  const outcome = (error: ZoneOutcome['error']): ZoneOutcome => ({
    zone: 'example.test.',
    server: { host: '127.0.0.1', port: 53 },
    result: error ? 'failed' : 'applied',
    changes: [],
    sent: false,
    rcode: null,
    signed: true,
    dryRun: false,
    error,
    verified: false,
  });
  const timeout = { code: 'DNS_TIMEOUT', message: 'no reply' } as const;
  const refused = { code: 'UPDATE_PREREQUISITE', message: 'NXRRSET' } as const;

  it.each<[string, ZoneOutcome[], number]>([
    ['no zone failed', [outcome(null), outcome(null)], 0],
    ['the server did not answer', [outcome(null), outcome(timeout)], 3],
    ['a refusal anywhere wins over silence', [outcome(timeout), outcome(refused)], 1],
  ])('%s: exit %i', (_label, outcomes, code) => {
    expect(updateExitCode(outcomes)).toBe(code);
  });
});
