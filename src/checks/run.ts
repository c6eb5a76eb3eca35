// Running the catalogue over facts, and the error code a Windows client would show for them.
import { CLIENT_ERROR } from '../kms/client-errors.js';
import { splitHostPort } from '../names/host-port.js';
import { canonicalName } from '../names/canonical.js';
import { SEVERITIES, type Finding, type Severity } from './check.js';
import { CHECKS } from './catalogue.js';
import type { Facts, SrvFact } from './facts.js';
import { FAILED_RCODES, usableRecords } from './records.js';

export type RunWhere = 'live' | 'zone';

/** Every applicable check's findings, most severe first, catalogue order within a severity. */
export function runChecks(facts: Facts, where: RunWhere): Finding[] {
  const findings = CHECKS.filter((c) => c.where === 'both' || c.where === where).flatMap((c) => c.run(facts));
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  // Array.prototype.sort is stable, so catalogue order survives within a severity.
  return findings.sort((a, b) => rank(a.severity) - rank(b.severity));
}

export type SeveritySummary = Record<Severity, number>;

export function summarize(findings: readonly Finding[]): SeveritySummary {
  const summary: SeveritySummary = { error: 0, warning: 0, notice: 0, info: 0 };
  for (const f of findings) summary[f.severity] += 1;
  return summary;
}

/**
 * The code a Windows client would show, or null when it would find a host. Domains with no usable
 * record fall through to the next, as the client does (SPEC §2.2). When several domains fail
 * differently, which code Windows reports is not documented: a server failure wins over NODATA,
 * which wins over NXDOMAIN (the most actionable first).
 */
export function clientErrorCode(facts: Facts): string | null {
  const manual = facts.client?.manualHost;
  if (manual) {
    const host = canonicalName(splitHostPort(manual).host);
    const probes = (facts.probes ?? []).filter((p) => canonicalName(p.target) === host);
    return probes.length > 0 && !probes.some((p) => p.tcp === 'ok' && p.rpc !== 'no') ? CLIENT_ERROR.noHostResponded : null;
  }
  const usable = facts.domains.flatMap((d) => usableRecords(d));
  if (usable.length > 0) return anyHostAnswers(facts, usable) ? null : CLIENT_ERROR.noHostResponded;
  if (facts.domains.some((d) => d.records.length > 0)) return CLIENT_ERROR.noHostResponded;
  if (facts.domains.some((d) => FAILED_RCODES.has(d.rcode))) return CLIENT_ERROR.serverFailure;
  if (facts.domains.some((d) => d.rcode === 'NOERROR')) return CLIENT_ERROR.noRecords;
  return CLIENT_ERROR.nameNotFound;
}

/** With probes, a host answers if one probe of it got TCP and no RPC refusal; without, if it has an address or we do not know. */
function anyHostAnswers(facts: Facts, usable: SrvFact[]): boolean {
  const probes = facts.probes ?? [];
  const probed = usable.filter((r) => probes.some((p) => sameEndpoint(p, r)));
  if (probed.length > 0) {
    return probed.some((r) => probes.some((p) => sameEndpoint(p, r) && p.tcp === 'ok' && p.rpc !== 'no'));
  }
  return usable.some((r) => r.targetAddresses === undefined || r.targetAddresses.length > 0);
}

function sameEndpoint(p: { target: string; port: number }, r: SrvFact): boolean {
  return p.port === r.port && canonicalName(p.target) === canonicalName(r.target);
}
