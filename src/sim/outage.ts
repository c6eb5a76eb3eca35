// `--outage TARGET@H1-H2`: a host down from hour H1 to hour H2 of the simulation (H2 exclusive).
import { normaliseName } from '../names/canonical.js';
import type { SrvRecord } from '../srv/types.js';
import { usageError } from '../util/errors.js';
import type { Outage } from './types.js';

const OUTAGE = /^(.+)@(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/;

export function parseOutage(text: string): Outage {
  const match = OUTAGE.exec(text.trim());
  if (!match) throw usageError(`--outage must look like TARGET@H1-H2 (hours from the start, e.g. kms1.example.test@24-48), got "${text}"`);
  const fromHour = Number(match[2]);
  const toHour = Number(match[3]);
  if (!(toHour > fromHour)) throw usageError(`--outage ${text}: the end hour must be after the start hour`);
  return { target: match[1]!, fromHour, toHour };
}

/** Host names compare case-insensitively, with or without the trailing dot. */
export function sameHost(a: string, b: string): boolean {
  return normaliseName(a) === normaliseName(b);
}

/** Per host, its down windows as flat [from, to, from, to, …] minutes. Every outage must name a host. */
export function hostDownWindows(hosts: readonly SrvRecord[], outages: readonly Outage[]): number[][] {
  const windows = hosts.map((): number[] => []);
  for (const outage of outages) {
    const matches = hosts.flatMap((host, i) => (sameHost(host.target, outage.target) ? [i] : []));
    if (matches.length === 0) {
      throw usageError(`--outage ${outage.target}: no such target among the records (${hosts.map((h) => h.target).join(', ')})`);
    }
    for (const i of matches) windows[i]!.push(Math.round(outage.fromHour * 60), Math.round(outage.toHour * 60));
  }
  return windows;
}
