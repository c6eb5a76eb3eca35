// Shapes of `kms-srv simulate`. `SimulationReport` is the stable `--json` contract.
import type { ClientProfile, SrvRecord } from '../srv/types.js';

/** A host down from `fromHour` (inclusive) to `toHour` (exclusive), hours from the simulation start. */
export interface Outage {
  target: string;
  fromHour: number;
  toHour: number;
}

/** docs/behaviour.md#timing-and-thresholds, in minutes. The defaults are Windows' (a host's /sai and /sri override them). */
export interface SimulationTiming {
  /** Clients start uniformly over this window (the first hour). */
  startupSpreadMinutes: number;
  /** VLActivationInterval: retry while not activated, and after a failed renewal. */
  activationIntervalMinutes: number;
  /** VLRenewalInterval: renewal attempt after each success. */
  renewalIntervalMinutes: number;
  /** Activation validity: 180 days after the last success. */
  validityMinutes: number;
}

export const DEFAULT_TIMING: SimulationTiming = {
  startupSpreadMinutes: 60,
  activationIntervalMinutes: 120,
  renewalIntervalMinutes: 10_080,
  validityMinutes: 180 * 1440,
};

/** What `simulate` runs: the records, the number of clients, the client profile, host caching, outages and timing. */
export interface SimulationInput {
  records: readonly SrvRecord[];
  clients: number;
  days: number;
  profile: ClientProfile;
  /** Host caching (on by default on Windows; `slmgr /ckhc` turns it off). */
  hostCache: boolean;
  outages: readonly Outage[];
  timing?: Partial<SimulationTiming>;
}

export interface HostReport {
  target: string;
  port: number;
  priority: number;
  weight: number;
  /** docs/behaviour.md#selection share of first picks with every host up. */
  expectedFirstPickShare: number;
  /** Clients whose first activation this host served. */
  firstActivations: number;
  firstActivationShare: number;
  /** Successful renewals (by activated clients) this host served. */
  renewals: number;
  renewalShare: number;
  /** Activations after a lapsed activation that this host served. */
  reactivations: number;
  /** Contacts that found this host down and then succeeded with another host. */
  failovers: number;
  /** Contacts that found this host down when no host answered at all. */
  unanswered: number;
}

/** What `simulate` found: per host and in total, the activations, renewals and failures, and how long clients took to reactivate. */
export interface SimulationReport {
  clients: number;
  days: number;
  profile: ClientProfile;
  hostCache: boolean;
  timing: SimulationTiming;
  outages: Outage[];
  hosts: HostReport[];
  totals: {
    /** Contact attempts (activation, renewal and retries). */
    attempts: number;
    /** DNS orderings done (every attempt without a usable cached host). */
    dnsDiscoveries: number;
    firstActivations: number;
    renewals: number;
    failedActivations: number;
    failedRenewals: number;
    /** Clients activated at the end of the simulation. */
    activatedAtEnd: number;
    neverActivated: number;
    /** Clients whose 180-day validity lapsed at least once. */
    lostActivation: number;
    /** Failed-renewal episodes that ended in a success, and their mean length in minutes. */
    recoveredAfterFailedRenewal: number;
    meanMinutesToReactivate: number | null;
  };
}
