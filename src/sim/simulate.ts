// A discrete-event simulation of N KMS clients (docs/behaviour.md#failover-and-caching) against the hosts of an SRV record set,
// each host up or down per the outages. Pure: the clock is simulated, the random source injected.
//
// A discovery draws hosts one at a time by the rules of §3 and stops at the first that is up, which
// is the same distribution as ordering all hosts first and trying them in turn (a host that does
// not answer is removed and the next drawn among those left, §2.2).
import { firstPickShares } from '../srv/probability.js';
import { drawPosition, offersService, priorityGroups } from '../srv/select.js';
import type { SrvRecord } from '../srv/types.js';
import type { Rng } from '../util/random.js';
import { hostDownWindows } from './outage.js';
import { MinuteTimeline } from './timeline.js';
import { DEFAULT_TIMING, type HostReport, type SimulationInput, type SimulationReport, type SimulationTiming } from './types.js';

interface HostCounters {
  firstActivations: Float64Array;
  renewals: Float64Array;
  reactivations: Float64Array;
  failovers: Float64Array;
  unanswered: Float64Array;
}

function counters(hosts: number): HostCounters {
  return {
    firstActivations: new Float64Array(hosts),
    renewals: new Float64Array(hosts),
    reactivations: new Float64Array(hosts),
    failovers: new Float64Array(hosts),
    unanswered: new Float64Array(hosts),
  };
}

/** Simulates many KMS clients discovering hosts from `input.records` through the given outages, and reports how the load spread and how many clients failed. */
export function simulate(input: SimulationInput, rng: Rng): SimulationReport {
  const timing: SimulationTiming = { ...DEFAULT_TIMING, ...input.timing };
  const { clients, profile, hostCache } = input;
  const hostRecords: SrvRecord[] = input.records.filter(offersService);
  const hostCount = hostRecords.length;
  const horizon = Math.round(input.days * 1440);
  const windows = hostDownWindows(hostRecords, input.outages);

  // Candidate groups as host indices: by priority for win7, one group for vista.
  const groups = profile === 'vista' ? [hostRecords.map((_, i) => i)] : priorityGroups(hostRecords);
  const weights = Float64Array.from(hostRecords, (r) => r.weight);
  const scratch = new Int32Array(hostCount);
  const downHits = new Int32Array(hostCount + 1);
  let hitCount = 0;

  const isUp = (host: number, minute: number): boolean => {
    const w = windows[host]!;
    for (let i = 0; i < w.length; i += 2) if (minute >= w[i]! && minute < w[i + 1]!) return false;
    return true;
  };

  let dnsDiscoveries = 0;
  const discover = (minute: number): number => {
    dnsDiscoveries++;
    for (const group of groups) {
      let count = group.length;
      for (let i = 0; i < count; i++) scratch[i] = group[i]!;
      while (count > 0) {
        const position = profile === 'vista' ? rng.int(count) : drawPosition(weights, scratch, count, rng);
        const host = scratch[position]!;
        if (isUp(host, minute)) return host;
        downHits[hitCount++] = host;
        scratch[position] = scratch[--count]!;
      }
    }
    return -1;
  };

  // Per-client state in typed arrays: a few bytes per client, no objects.
  const cached = new Int32Array(clients).fill(-1);
  const validUntil = new Int32Array(clients).fill(-1);
  const everActivated = new Uint8Array(clients);
  const lost = new Uint8Array(clients);
  const failedSince = new Int32Array(clients).fill(-1);
  const count = counters(hostCount);
  let attempts = 0;
  let failedActivations = 0;
  let failedRenewals = 0;
  let recovered = 0;
  let minutesToRecover = 0;

  const timeline = new MinuteTimeline(horizon, clients);
  // Clients are interchangeable, so numbering them in start order changes no result, and clients
  // that share a minute then sit side by side in the typed arrays (cache locality at 10^6 clients).
  const starts = new Int32Array(clients);
  for (let c = 0; c < clients; c++) starts[c] = rng.int(timing.startupSpreadMinutes);
  starts.sort();
  for (let c = clients - 1; c >= 0; c--) timeline.schedule(c, starts[c]!);

  timeline.run((c, minute) => {
    attempts++;
    const activated = validUntil[c]! > minute;
    if (!activated && validUntil[c]! >= 0) {
      lost[c] = 1;
      validUntil[c] = -1;
    }
    hitCount = 0;
    let host = -1;
    const cachedHost = cached[c]!;
    if (hostCache && cachedHost >= 0) {
      if (isUp(cachedHost, minute)) host = cachedHost;
      else downHits[hitCount++] = cachedHost;
    }
    if (host < 0) host = discover(minute);
    const missed = host >= 0 ? count.failovers : count.unanswered;
    for (let i = 0; i < hitCount; i++) missed[downHits[i]!]!++;

    if (host >= 0) {
      if (activated) count.renewals[host]!++;
      else if (everActivated[c] === 0) count.firstActivations[host]!++;
      else count.reactivations[host]!++;
      everActivated[c] = 1;
      if (failedSince[c]! >= 0) {
        recovered++;
        minutesToRecover += minute - failedSince[c]!;
        failedSince[c] = -1;
      }
      if (hostCache) cached[c] = host;
      validUntil[c] = minute + timing.validityMinutes;
      timeline.schedule(c, minute + timing.renewalIntervalMinutes);
      return;
    }
    // Microsoft, "KMS Activation Timing": a failed renewal is retried every activation interval.
    if (activated) {
      failedRenewals++;
      if (failedSince[c]! < 0) failedSince[c] = minute;
    } else failedActivations++;
    timeline.schedule(c, minute + timing.activationIntervalMinutes);
  });

  let activatedAtEnd = 0;
  let neverActivated = 0;
  let lostActivation = 0;
  for (let c = 0; c < clients; c++) {
    // A validity that ran out after the client's last event still counts as lost.
    if (validUntil[c]! >= 0 && validUntil[c]! <= horizon) lost[c] = 1;
    else if (validUntil[c]! > horizon) activatedAtEnd++;
    if (everActivated[c] === 0) neverActivated++;
    lostActivation += lost[c]!;
  }

  return {
    clients,
    days: input.days,
    profile,
    hostCache,
    timing,
    outages: [...input.outages],
    hosts: hostReports(hostRecords, count, profile),
    totals: {
      attempts,
      dnsDiscoveries,
      firstActivations: sumOf(count.firstActivations),
      renewals: sumOf(count.renewals),
      failedActivations,
      failedRenewals,
      activatedAtEnd,
      neverActivated,
      lostActivation,
      recoveredAfterFailedRenewal: recovered,
      meanMinutesToReactivate: recovered > 0 ? minutesToRecover / recovered : null,
    },
  };
}

function sumOf(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0);
}

function hostReports(hostRecords: readonly SrvRecord[], count: HostCounters, profile: SimulationInput['profile']): HostReport[] {
  const expected = firstPickShares(hostRecords, profile);
  const firstTotal = sumOf(count.firstActivations);
  const renewalTotal = sumOf(count.renewals);
  return hostRecords.map((record, h) => ({
    target: record.target,
    port: record.port,
    priority: record.priority,
    weight: record.weight,
    expectedFirstPickShare: expected[h]!,
    firstActivations: count.firstActivations[h]!,
    firstActivationShare: firstTotal > 0 ? count.firstActivations[h]! / firstTotal : 0,
    renewals: count.renewals[h]!,
    renewalShare: renewalTotal > 0 ? count.renewals[h]! / renewalTotal : 0,
    reactivations: count.reactivations[h]!,
    failovers: count.failovers[h]!,
    unanswered: count.unanswered[h]!,
  }));
}
