import { describe, expect, it } from 'vitest';
import { chiSquareCritical, goodnessOfFit } from '../../src/srv/chi-square.js';
import { firstPickShares } from '../../src/srv/probability.js';
import { parseOutage } from '../../src/sim/outage.js';
import { planRecords } from '../../src/sim/plan-records.js';
import { simulate } from '../../src/sim/simulate.js';
import { MinuteTimeline } from '../../src/sim/timeline.js';
import { DEFAULT_TIMING, type SimulationInput } from '../../src/sim/types.js';
import type { Plan } from '../../src/plan/types.js';
import type { SrvRecord } from '../../src/srv/types.js';
import { KmsSrvError } from '../../src/util/errors.js';
import { seededRng } from '../../src/util/random.js';

const HOSTS: SrvRecord[] = [
  { priority: 0, weight: 60, port: 1688, target: 'kms1.example.test.' },
  { priority: 0, weight: 30, port: 1688, target: 'kms2.example.test.' },
  { priority: 0, weight: 0, port: 1688, target: 'kms3.example.test.' },
  { priority: 10, weight: 0, port: 1688, target: 'kms-dr.example.test.' },
];
const ALPHA = 0.001;
const CLIENTS = 2000;
const DAYS = 180;
const HORIZON = DAYS * 1440;
const { renewalIntervalMinutes: RENEW, activationIntervalMinutes: RETRY, startupSpreadMinutes: SPREAD, validityMinutes: VALID } = DEFAULT_TIMING;
/** Renewals per client in an undisturbed run: every start minute in the spread gives the same count. */
const RENEWALS_PER_CLIENT = Math.floor((HORIZON - SPREAD) / RENEW);

function run(overrides: Partial<SimulationInput> = {}, seed = 1) {
  return simulate({ records: HOSTS, clients: CLIENTS, days: DAYS, profile: 'win7', hostCache: true, outages: [], ...overrides }, seededRng(seed));
}

describe('MinuteTimeline', () => {
  it('visits events minute by minute and drops those past the horizon', () => {
    const timeline = new MinuteTimeline(10, 3);
    timeline.schedule(0, 5);
    timeline.schedule(1, 2);
    timeline.schedule(2, 10);
    const seen: Array<[number, number]> = [];
    timeline.run((client, minute) => {
      seen.push([client, minute]);
      if (client === 1 && minute === 2) timeline.schedule(1, 7);
    });
    expect(seen).toEqual([[1, 2], [0, 5], [1, 7]]);
  });
});

describe('simulate, every host up', () => {
  it('with caching, each client renews with its first host every renewal interval', () => {
    const report = run();
    expect(Math.floor((HORIZON - 1) / RENEW)).toBe(RENEWALS_PER_CLIENT); // same count for start minutes 0 and 59
    expect(report.totals.firstActivations).toBe(CLIENTS);
    expect(report.totals.renewals).toBe(CLIENTS * RENEWALS_PER_CLIENT);
    for (const host of report.hosts) expect(host.renewals).toBe(host.firstActivations * RENEWALS_PER_CLIENT);
    expect(report.totals.dnsDiscoveries).toBe(CLIENTS);
    expect(report.totals).toMatchObject({ activatedAtEnd: CLIENTS, neverActivated: 0, lostActivation: 0, failedRenewals: 0 });
  });

  it('first activations fit the §3 first-pick shares (chi-square)', () => {
    const report = run();
    const fit = goodnessOfFit(report.hosts.map((h) => h.firstActivations), firstPickShares(HOSTS, 'win7'));
    expect(fit.statistic).toBeLessThan(chiSquareCritical(ALPHA, fit.df));
    expect(report.hosts.map((h) => h.expectedFirstPickShare)).toEqual(firstPickShares(HOSTS, 'win7'));
  });

  it('without caching, renewals also fit the §3 shares: every contact is a fresh DNS ordering', () => {
    const report = run({ hostCache: false, clients: 1000 });
    expect(report.totals.dnsDiscoveries).toBe(report.totals.attempts);
    const fit = goodnessOfFit(report.hosts.map((h) => h.renewals), firstPickShares(HOSTS, 'win7'));
    expect(fit.statistic).toBeLessThan(chiSquareCritical(ALPHA, fit.df));
  });

  it('vista ignores priority: the backup host gets first activations too', () => {
    const report = run({ profile: 'vista' });
    const fit = goodnessOfFit(report.hosts.map((h) => h.firstActivations), [0.25, 0.25, 0.25, 0.25]);
    expect(fit.statistic).toBeLessThan(chiSquareCritical(ALPHA, fit.df));
  });

  it('the same seed gives the same report', () => {
    expect(run({}, 9)).toEqual(run({}, 9));
  });
});

describe('simulate with outages', () => {
  // The first renewal falls between hours 168 and 169; this outage covers it.
  const outage = { target: 'kms1.example.test', fromHour: 160, toHour: 200 };

  it('caching: clients of a host down at renewal fail over and stay with the new host', () => {
    const report = run({ outages: [outage] });
    const kms1 = report.hosts[0]!;
    expect(kms1.firstActivations).toBeGreaterThan(0);
    expect(kms1.renewals).toBe(0);
    expect(kms1.failovers).toBeGreaterThanOrEqual(kms1.firstActivations);
    expect(report.totals.renewals).toBe(CLIENTS * RENEWALS_PER_CLIENT);
    expect(report.totals.dnsDiscoveries).toBe(CLIENTS + kms1.firstActivations);
  });

  it('no caching: the down host loses only the renewals during the outage', () => {
    const report = run({ outages: [outage], hostCache: false });
    expect(report.hosts[0]!.renewals).toBeGreaterThan(0);
    expect(report.hosts[0]!.failovers).toBeGreaterThan(0);
  });

  it('every host down: renewals fail, retry every activation interval, and recover after the outage', () => {
    const all = HOSTS.map((h) => ({ target: h.target, fromHour: 160, toHour: 200 }));
    const report = run({ outages: all });
    expect(report.totals.failedRenewals).toBeGreaterThan(0);
    expect(report.totals.recoveredAfterFailedRenewal).toBe(CLIENTS);
    // Failed at 168 h + start (< 1 h); back at the first retry at or after hour 200.
    const mean = report.totals.meanMinutesToReactivate!;
    expect(mean).toBeGreaterThanOrEqual((200 - 169) * 60);
    expect(mean).toBeLessThanOrEqual((200 - 168) * 60 + RETRY);
    expect(report.hosts.every((h) => h.unanswered > 0)).toBe(true);
    expect(report.totals.lostActivation).toBe(0);
  });

  it('an outage longer than the validity loses every activation', () => {
    const days = 200;
    const all = HOSTS.map((h) => ({ target: h.target, fromHour: 24, toHour: days * 24 }));
    const report = run({ outages: all, days, clients: 500 });
    expect(days * 1440).toBeGreaterThan(SPREAD + VALID);
    expect(report.totals.lostActivation).toBe(500);
    expect(report.totals.activatedAtEnd).toBe(0);
  });

  it('a host that is never up activates nobody and no client activates when it is the only one', () => {
    const lone = [HOSTS[0]!];
    const report = run({ records: lone, outages: [{ target: lone[0]!.target, fromHour: 0, toHour: DAYS * 24 }], clients: 100 });
    expect(report.totals.neverActivated).toBe(100);
    expect(report.totals.failedActivations).toBe(report.totals.attempts);
  });

  it('an outage naming no record is a usage error', () => {
    expect(() => run({ outages: [{ target: 'nope.example.test', fromHour: 1, toHour: 2 }] })).toThrow(KmsSrvError);
  });
});

describe('parseOutage', () => {
  it.each([
    ['kms1.example.test@24-48', { target: 'kms1.example.test', fromHour: 24, toHour: 48 }],
    ['kms1.example.test.@0.5-1.25', { target: 'kms1.example.test.', fromHour: 0.5, toHour: 1.25 }],
  ])('%s', (text, expected) => {
    expect(parseOutage(text)).toEqual(expected);
  });

  it.each(['kms1', 'kms1@48-24', 'kms1@a-b', '@1-2'])('%s is a usage error', (text) => {
    expect(() => parseOutage(text)).toThrow(KmsSrvError);
  });
});

describe('planRecords', () => {
  const plan: Plan = {
    ttl: 3600,
    publishing: 'auto',
    hosts: [
      { name: 'kms1.example.test', port: 1688, publishing: 'auto', ipv4: [], ipv6: [], publish: [{ domain: 'example.test', priority: 0, weight: 60 }, { domain: 'branch.example.test', priority: 10, weight: 0 }] },
      { name: 'kms3.branch.example.test', port: 1689, publishing: 'auto', ipv4: [], ipv6: [], publish: [{ domain: 'branch.example.test', priority: 0, weight: 100 }] },
    ],
  };

  it('takes the first publish domain by default', () => {
    expect(planRecords(plan)).toEqual({ domain: 'example.test', records: [{ priority: 0, weight: 60, port: 1688, target: 'kms1.example.test.' }] });
  });

  it('takes the records of another domain when asked', () => {
    expect(planRecords(plan, 'Branch.Example.Test.').records.map((r) => [r.target, r.port, r.priority])).toEqual([
      ['kms1.example.test.', 1688, 10],
      ['kms3.branch.example.test.', 1689, 0],
    ]);
  });

  it('a domain no host publishes into is a usage error naming the known ones', () => {
    expect(() => planRecords(plan, 'other.test')).toThrow(/example\.test, branch\.example\.test/);
  });
});
