// What a check is and what it reports. One check = a stable ID, a severity, where it applies, a fix,
// references, and a pure function from facts to the places where it fires.
import type { Facts, SourceLine } from './facts.js';

export const SEVERITIES = ['error', 'warning', 'notice', 'info'] as const;
/** How bad a finding is: `error` (clients fail), `warning`, `notice` or `info`. */
export type Severity = (typeof SEVERITIES)[number];

/** live: needs DNS or the network; zone: a zone file is enough; both: either. */
export type CheckWhere = 'live' | 'zone' | 'both';

/** What one check found about one thing: its id, severity, message, the fix, and where. */
export interface Finding {
  id: string;
  severity: Severity;
  /** The record, host or domain the finding is about. */
  subject: string;
  message: string;
  fix: string;
  refs: string[];
  /** Zone files: where the record that triggered it was written. */
  file?: string;
  line?: number;
}

/** One place where a check fires, before the catalogue entry's fields are added. */
export interface Hit {
  subject: string;
  message: string;
  source?: SourceLine;
  /** The fix for this place, when it can name more than the catalogue's general one (the records to add). */
  fix?: string;
}

/** One check of the catalogue: a stable id, a severity, where it applies (zone file, live DNS or both), a pure `run` over the facts and the fix it suggests. */
export interface Check {
  id: string;
  severity: Severity;
  where: CheckWhere;
  /** What it finds, one line (docs/checks.md). */
  summary: string;
  fix: string;
  refs: string[];
  run(facts: Facts): Finding[];
}

export interface CheckDefinition extends Omit<Check, 'run'> {
  find(facts: Facts): Hit[];
}

export function defineCheck(definition: CheckDefinition): Check {
  const { find, ...entry } = definition;
  return {
    ...entry,
    run: (facts) =>
      find(facts).map((hit) => ({
        id: entry.id,
        severity: entry.severity,
        subject: hit.subject,
        message: hit.message,
        fix: hit.fix ?? entry.fix,
        refs: entry.refs,
        ...(hit.source ? { file: hit.source.file, line: hit.source.line } : {}),
      })),
  };
}
