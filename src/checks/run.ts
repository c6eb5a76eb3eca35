// Running the catalogue over facts (the client's error code for them is client-error.ts's).
import { SEVERITIES, type Finding, type Severity } from './check.js';
import { CHECKS } from './catalogue.js';
import type { Facts } from './facts.js';

export type RunWhere = 'live' | 'zone';

/** Every applicable check's findings, most severe first, catalogue order within a severity. */
export function runChecks(facts: Facts, where: RunWhere): Finding[] {
  const findings = CHECKS.filter((c) => c.where === 'both' || c.where === where).flatMap((c) => c.run(facts));
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  // Array.prototype.sort is stable, so catalogue order survives within a severity.
  return findings.sort((a, b) => rank(a.severity) - rank(b.severity));
}

/**
 * Puts findings gathered part by part (runChecks on parts of whole domains, in domain order) in the
 * order runChecks gives for the whole: severity, then catalogue order, then as found. The same
 * findings, since every zone check judges one domain or record at a time, in domain order.
 */
export function orderFindings(findings: Finding[]): Finding[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const position = new Map(CHECKS.map((c, i) => [c.id, i]));
  return findings.sort((a, b) => rank(a.severity) - rank(b.severity) || (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
}

export type SeveritySummary = Record<Severity, number>;

export function summarize(findings: readonly Finding[]): SeveritySummary {
  const summary: SeveritySummary = { error: 0, warning: 0, notice: 0, info: 0 };
  for (const f of findings) summary[f.severity] += 1;
  return summary;
}
