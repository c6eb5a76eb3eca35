// One domain, as a KMS client would see it: the SRV answer, each target's addresses, optionally a probe
// of each host. Pure over the injected query, probe and clock.
import { clientErrorCode } from '../checks/client-error.js';
import type { DomainFact, ProbeFact } from '../checks/facts.js';
import { isNoReply } from '../checks/records.js';
import { gatherSrv, TargetBook, type GatherQuery } from '../gather/gather.js';
import { probeEndpoints, type ProbeFn } from '../gather/probes.js';
import type { QueryFn } from '../kms/types.js';
import { auditHosts } from './hosts.js';
import type { AuditHost, AuditResult, Verdict } from './types.js';
import { auditFacts, usableHosts, verdictOfHosts, verdictOfRcode } from './verdict.js';

/** The I/O `auditDomain` uses: the DNS query, an optional probe of each host, and a monotonic clock. */
export interface AuditDeps {
  query: QueryFn;
  /** Absent: hosts are not probed (`reachable` null). */
  probe?: ProbeFn;
  /** Milliseconds, monotonic. */
  now: () => number;
}

function hostsOf(domain: DomainFact): AuditHost[] {
  return auditHosts(domain.records.map((r) => ({ priority: r.priority, weight: r.weight, port: r.port, target: r.target })));
}

/** One domain through the one gathering path (src/gather): SRV answer, targets in parallel, probes. */
export async function auditDomain(domain: string, deps: AuditDeps): Promise<AuditResult> {
  const started = deps.now();
  const { fact, glue } = await gatherSrv(domain, deps.query as GatherQuery);
  const hosts = hostsOf(fact);
  const done = (verdict: Verdict, probes?: ProbeFact[]): AuditResult => ({
    domain,
    verdict,
    hosts,
    errorCode: clientErrorCode(auditFacts(fact, hosts, probes)),
    rcode: fact.rcode,
    server: fact.server ?? null,
    elapsedMs: Math.round(deps.now() - started),
  });
  if (fact.rcode !== 'NOERROR') return done(verdictOfRcode(fact.rcode));
  // Target "." (RFC 2782: no service here) and port 0 name no host a client could try.
  const named = usableHosts(hosts);
  const book = new TargetBook(deps.query as GatherQuery);
  await book.lookupAll(named.map((h) => h.target), glue);
  let unanswered = false;
  for (const host of named) {
    const info = await book.get(host.target);
    host.addresses = [...info.addresses];
    // A failure is recorded only for a target that got no address (gather's TargetInfo).
    if (info.failure !== undefined && isNoReply(info.failure.rcode)) unanswered = true;
  }
  const verdict = verdictOfHosts(hosts, unanswered);
  if (verdict !== 'ok') return done(verdict);
  if (!deps.probe) return done('ok');
  // The gathering path's probes, as doctor's: every address of every host, bounded.
  const probe = deps.probe;
  const probes = await probeEndpoints(named, 'tcp', (request) => probe(request));
  for (const host of named) host.reachable = probes.some((p) => p.port === host.port && p.target === host.target && p.tcp === 'ok');
  return done(named.every((host) => host.reachable) ? 'ok' : 'unreachable', probes);
}
