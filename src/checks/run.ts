// Running the catalogue over facts (the client's error code for them is client-error.ts's).
import { SEVERITIES, type Check, type Finding, type Severity } from './check.js';
import { CHECKS } from './catalogue.js';
import type { Facts } from './facts.js';

export type RunWhere = 'live' | 'zone';

/**
 * The checks that apply `where`, in the order their findings are reported: most severe first,
 * catalogue order within a severity (every finding of a check has the check's severity).
 */
export function orderedChecks(where: RunWhere): readonly Check[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  // Array.prototype.sort is stable, so catalogue order survives within a severity.
  return (ORDERED[where] ??= CHECKS.filter((c) => c.where === 'both' || c.where === where).sort((a, b) => rank(a.severity) - rank(b.severity)));
}
/** orderedChecks' answers, worked out once (runChecks runs once per part of a large zone). */
const ORDERED: Partial<Record<RunWhere, readonly Check[]>> = {};

/** Every applicable check's findings, most severe first, catalogue order within a severity. */
export function runChecks(facts: Facts, where: RunWhere): Finding[] {
  return orderedChecks(where).flatMap((c) => c.run(facts));
}

export type SeveritySummary = Record<Severity, number>;

export function summarize(findings: readonly Finding[]): SeveritySummary {
  const summary: SeveritySummary = { error: 0, warning: 0, notice: 0, info: 0 };
  for (const f of findings) summary[f.severity] += 1;
  return summary;
}
