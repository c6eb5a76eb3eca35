// One domain, as a KMS client would see it: the SRV answer, each target's addresses, optionally a probe
// of each host. Pure over the injected query, probe and clock.
import { isDnsError } from '../dns/errors.js';
import { vlmcsOwner } from '../names/kms-service.js';
import type { DnsRecord, QueryResult } from '../dns/types.js';
import { CLIENT_ERROR } from '../kms/client-errors.js';
import type { ProbeFn, QueryFn } from '../kms/types.js';
import { auditHosts } from './hosts.js';
import type { SrvData } from './srv-reply.js';
import type { AuditHost, AuditResult, Verdict } from './types.js';

export interface AuditDeps {
  query: QueryFn;
  /** Absent: hosts are not probed (`reachable` null). */
  probe?: ProbeFn;
  /** Milliseconds, monotonic. */
  now: () => number;
}

/** The error a Windows client reports for each verdict (SPEC §2.3). */
export const VERDICT_ERROR: Record<Verdict, string | null> = {
  ok: null,
  'no-srv': CLIENT_ERROR.nameNotFound,
  nodata: CLIENT_ERROR.noRecords,
  servfail: CLIENT_ERROR.serverFailure,
  timeout: CLIENT_ERROR.timeout,
  // The client finds the record but cannot reach a host through it.
  'no-address': CLIENT_ERROR.noHostResponded,
  unreachable: CLIENT_ERROR.noHostResponded,
  invalid: null,
};

/** Thrown by the query: a transport failure is a `timeout` verdict, a CNAME loop a server failure; anything else is a bug. */
function verdictOfError(error: unknown): Verdict {
  if (!isDnsError(error)) throw error;
  return error.code === 'DNS_CNAME_LOOP' ? 'servfail' : 'timeout';
}

function verdictOfRcode(rcode: string): Verdict {
  if (rcode === 'NXDOMAIN') return 'no-srv';
  return 'servfail';
}

const lower = (name: string) => name.toLowerCase();

function srvHosts(result: QueryResult): AuditHost[] {
  return auditHosts(result.answers.filter((record) => record.type === 'SRV').map((record) => record.data as SrvData));
}

/** Addresses the SRV answer already carries, by lower-case target (BIND adds in-zone targets' A/AAAA). */
function additionalAddresses(records: readonly DnsRecord[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const type of ['A', 'AAAA']) {
    for (const record of records) {
      if (record.type !== type) continue;
      const key = lower(record.name);
      const list = byName.get(key) ?? [];
      list.push(String(record.data));
      byName.set(key, list);
    }
  }
  return byName;
}

type Lookup = { addresses: string[]; timedOut: boolean };

async function lookupAddresses(query: QueryFn, target: string): Promise<Lookup> {
  const answers = await Promise.all(
    (['A', 'AAAA'] as const).map(async (type) => {
      try {
        const result = await query(target, type);
        return result.answers.filter((r) => r.type === type).map((r) => String(r.data));
      } catch (error) {
        verdictOfError(error);
        return null;
      }
    }),
  );
  return { addresses: answers.flatMap((list) => list ?? []), timedOut: answers.some((list) => list === null) };
}

async function probeHost(probe: ProbeFn, host: AuditHost): Promise<boolean> {
  for (const address of host.addresses) {
    if ((await probe({ target: host.target, port: host.port, address })).ok) return true;
  }
  return false;
}

export async function auditDomain(domain: string, deps: AuditDeps): Promise<AuditResult> {
  const started = deps.now();
  const done = (verdict: Verdict, hosts: AuditHost[] = []): AuditResult => ({
    domain,
    verdict,
    hosts,
    errorCode: VERDICT_ERROR[verdict],
    elapsedMs: Math.round(deps.now() - started),
  });
  let srv: QueryResult;
  try {
    srv = await deps.query(vlmcsOwner(domain), 'SRV');
  } catch (error) {
    return done(verdictOfError(error));
  }
  if (srv.rcode !== 'NOERROR') return done(verdictOfRcode(srv.rcode));
  const hosts = srvHosts(srv);
  if (hosts.length === 0) return done('nodata');

  const known = additionalAddresses(srv.additionals);
  // A target listed twice (two ports, two priorities) is looked up once.
  const lookups = new Map<string, Promise<Lookup>>();
  for (const host of hosts) {
    const key = lower(host.target);
    if (key === '.' || known.has(key) || lookups.has(key)) continue;
    lookups.set(key, lookupAddresses(deps.query, host.target));
  }
  let timedOut = false;
  for (const host of hosts) {
    const key = lower(host.target);
    // Target "." means "no service here" (RFC 2782): nothing to look up.
    if (key === '.') continue;
    const looked = lookups.get(key);
    if (looked) {
      const lookup = await looked;
      host.addresses = [...lookup.addresses];
      timedOut ||= lookup.timedOut && lookup.addresses.length === 0;
    } else {
      host.addresses = [...(known.get(key) ?? [])];
    }
  }
  if (hosts.some((h) => h.addresses.length === 0)) return done(timedOut ? 'timeout' : 'no-address', hosts);
  if (!deps.probe) return done('ok', hosts);
  const probe = deps.probe;
  const reachable = await Promise.all(hosts.map((host) => probeHost(probe, host)));
  hosts.forEach((host, i) => (host.reachable = reachable[i] ?? false));
  return done(reachable.every(Boolean) ? 'ok' : 'unreachable', hosts);
}
