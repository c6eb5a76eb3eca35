// Fakes for the discovery core: an in-memory DNS, a probe that knows which addresses are up, a
// hand-stepped clock, and an order function that keeps the records as given (tests then know it).
import type { DnsRecord, IgnoredRecord, QueryResult } from '../../src/dns/types.js';
import { DnsError } from '../../src/dns/errors.js';
import { firstPickShares } from '../../src/srv/probability.js';
import type { SrvRecord } from '../../src/srv/types.js';
import { createHostCache } from '../../src/kms/host-cache.js';
import type { ProbeRequest } from '../../src/gather/probes.js';
import type { DiscoveryDeps } from '../../src/kms/types.js';
import type { Rng } from '../../src/util/random.js';

export interface FakeAnswer {
  rcode?: string;
  answers?: DnsRecord[];
  additionals?: DnsRecord[];
  cnameChain?: string[];
  /** Records the resolver's answer gate set aside. */
  ignored?: IgnoredRecord[];
  /** Throw "no server answered" instead of answering. */
  silent?: boolean;
}

export const srv = (name: string, priority: number, weight: number, port: number, target: string, ttl = 300): DnsRecord => ({
  name,
  type: 'SRV',
  class: 'IN',
  ttl,
  data: { priority, weight, port, target },
});
export const a = (name: string, address: string): DnsRecord => ({ name, type: 'A', class: 'IN', ttl: 300, data: address });
export const aaaa = (name: string, address: string): DnsRecord => ({ name, type: 'AAAA', class: 'IN', ttl: 300, data: address });

export function fakeDns(zone: Record<string, FakeAnswer>) {
  const queries: string[] = [];
  const query = async (asked: string, type: string): Promise<QueryResult> => {
    // "a.test." and "a.test" are the same DNS name: the fake keys on the form without the root dot.
    const name = asked.endsWith('.') ? asked.slice(0, -1) : asked;
    queries.push(`${name} ${type}`);
    const hit = zone[`${name} ${type}`];
    if (hit?.silent) throw new DnsError({ kind: 'timeout' }, { name, type, server: { host: '127.0.0.1', port: 53 } });
    return {
      question: { name, type },
      server: { host: '127.0.0.1', port: 53 },
      rcode: hit?.rcode ?? (hit ? 'NOERROR' : 'NXDOMAIN'),
      answers: hit?.answers ?? [],
      authorities: [],
      additionals: hit?.additionals ?? [],
      // The fake stands for the resolver after its answer gate: its additionals are vouched-for glue.
      glue: hit?.additionals ?? [],
      ignored: hit?.ignored ?? [],
      cnameChain: hit?.cnameChain ?? [],
      tcp: false,
      truncatedOverUdp: false,
      authoritative: true,
      elapsedMs: 1,
    };
  };
  return { query, queries };
}

/** A clock that advances 7 ms at every reading, so elapsed times are non-zero and known. */
export function fakeClock(start = Date.UTC(2026, 0, 2, 3, 4, 5)) {
  let t = start;
  return () => {
    const now = t;
    t += 7;
    return now;
  };
}

export function fakeProbe(up: readonly string[]) {
  const calls: string[] = [];
  const probe = async (r: ProbeRequest) => {
    calls.push(`${r.target}:${r.port}@${r.address}`);
    return up.includes(r.address) ? { ok: true, error: null } : { ok: false, error: 'connection refused (ECONNREFUSED)' };
  };
  return { probe, calls };
}

export const fixedRng: Rng = { int: () => 0, float: () => 0 };

/** Keeps records in the order given: the failover path is then known in advance. */
export const asGiven = (records: SrvRecord[]): SrvRecord[] => [...records];

export function deps(zone: Record<string, FakeAnswer>, up: readonly string[], extra: Partial<DiscoveryDeps> = {}) {
  const dns = fakeDns(zone);
  const probe = fakeProbe(up);
  const cache = createHostCache();
  const d: DiscoveryDeps = {
    query: dns.query,
    rng: fixedRng,
    now: fakeClock(),
    probe: probe.probe,
    cache,
    orderRecords: asGiven,
    firstPickShares,
    ...extra,
  };
  return { deps: d, queries: dns.queries, probes: probe.calls, cache };
}
