// How an audited domain is judged, shared by the full path (audit-domain.ts) and the fast path
// (fast-audit.ts): the verdict word for a DNS outcome, and the facts the client error code is computed
// from (checks/client-error.ts, the one function). Loads no codec, so the fast path stays light.
import type { DomainFact, Facts, ProbeFact } from '../checks/facts.js';
import { isNoReply, isUsable } from '../checks/records.js';
import { canonicalName } from '../names/canonical.js';
import type { AuditHost, Verdict } from './types.js';

/** The facts of one audited domain, as the checks know them: the client error comes from them alone. */
export function auditFacts(domain: DomainFact, hosts: readonly AuditHost[], probes?: ProbeFact[]): Facts {
  const byHost = new Map(hosts.map((h) => [`${canonicalName(h.target)}:${h.port}`, h]));
  const records = domain.records.map((r) => {
    const host = byHost.get(`${canonicalName(r.target)}:${r.port}`);
    // Every record has its host (both come from one answer); "." is never usable, whatever it holds.
    return host ? { ...r, targetAddresses: host.addresses } : r;
  });
  return { profile: 'win7', hostCaching: true, domains: [{ ...domain, records }], ...(probes ? { probes } : {}) };
}

/** The audit's word for a domain's DNS outcome (before its hosts are looked at). */
export function verdictOfRcode(rcode: string): Verdict {
  if (rcode === 'NXDOMAIN') return 'no-srv';
  if (isNoReply(rcode)) return 'timeout';
  // The client meets both as a server failure (same code), but the admin's remedy differs: an ACL or a
  // server that is not authoritative for the name, against a zone that failed to load.
  if (rcode === 'REFUSED') return 'refused';
  return 'servfail';
}

/** The hosts a client could try (target not ".", port not 0): the only ones looked up and probed. */
export function usableHosts<T extends Pick<AuditHost, 'target' | 'port'>>(hosts: readonly T[]): T[] {
  return hosts.filter(isUsable);
}

/**
 * The audit's word for a NOERROR answer, from its hosts (before any probe): the one rule of the full
 * and the fast path. `unanswered`: a target's address lookup that no server answered.
 */
export function verdictOfHosts(hosts: readonly AuditHost[], unanswered: boolean): Verdict {
  if (hosts.length === 0) return 'nodata';
  const usable = usableHosts(hosts);
  // Records that name no host a client can use ("." or port 0): the client finds no host (0xC004F074).
  if (usable.length === 0) return 'no-address';
  // A target whose lookup no server answered is a timeout; one that resolves to nothing (NXDOMAIN,
  // REFUSED, a loop) is a host without an address.
  if (usable.some((h) => h.addresses.length === 0)) return unanswered ? 'timeout' : 'no-address';
  return 'ok';
}
