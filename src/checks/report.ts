// The report `check-zone` (and `doctor`) print: the --json shape of issue #5 and its text form.
import { describeClientCode } from '../knowledge/client-error.js';
import { SEVERITIES, type Finding } from './check.js';
import { escapeForTerminal } from '../util/terminal.js';
import { plural } from '../util/text-table.js';
import type { ClientSituation } from '../knowledge/client-error.js';
import type { DomainFact, Facts } from './facts.js';
import { clientErrorCode, clientErrorCodeOf, joinSituations, situationOf } from './client-error.js';
import { orderFindings, runChecks, summarize, type RunWhere, type SeveritySummary } from './run.js';

/** The facts, the findings of every check, the count per severity and the error code a client would show. */
export interface CheckReport {
  facts: Facts;
  findings: Finding[];
  summary: SeveritySummary;
  clientErrorCode: string | null;
}

/** Runs the checks on `facts` and returns the findings with their summary and the client error code, ready for `renderReportText` or JSON. */
export function buildReport(facts: Facts, where: RunWhere): CheckReport {
  const findings = runChecks(facts, where);
  return { facts, findings, summary: summarize(findings), clientErrorCode: clientErrorCode(facts) };
}

/** What the text report says of each domain, when the facts came in parts and were not kept. */
export type DomainLine = Pick<DomainFact, 'domain' | 'srvName' | 'rcode'>;

/**
 * The report of zone facts given in parts of whole domains (ZoneFactsBuilder.factsInParts), without
 * the facts: each part is judged and let go, so a zone of millions of records is never held as facts
 * at once. Findings, summary and client code are those buildReport gives for the whole.
 */
export function buildReportInParts(parts: Iterable<Facts>): { report: Omit<CheckReport, 'facts'>; domains: DomainLine[] } {
  const findings: Finding[] = [];
  const situations: ClientSituation[] = [];
  const domains: DomainLine[] = [];
  for (const part of parts) {
    if (part.probes !== undefined || part.client !== undefined) throw new Error('buildReportInParts takes zone facts only (no probes, no client)');
    for (const finding of runChecks(part, 'zone')) findings.push(finding);
    situations.push(situationOf(part));
    for (const d of part.domains) domains.push({ domain: d.domain, srvName: d.srvName, rcode: d.rcode });
  }
  orderFindings(findings);
  return { report: { findings, summary: summarize(findings), clientErrorCode: clientErrorCodeOf(joinSituations(situations)) }, domains };
}

/**
 * 1 when an error-level finding exists, when a client would show an error code (the status agrees with
 * the last line of the report), or with `strict` any warning; else 0.
 */
export function reportExitCode(report: Pick<CheckReport, 'summary' | 'clientErrorCode'>, strict: boolean): number {
  return report.summary.error > 0 || report.clientErrorCode !== null || (strict && report.summary.warning > 0) ? 1 : 0;
}

const HEADINGS: Record<(typeof SEVERITIES)[number], string> = {
  error: 'Errors',
  warning: 'Warnings',
  notice: 'Notices',
  info: 'Information',
};

export interface TextOptions {
  /** ANSI colours for severities (a TTY without NO_COLOR). */
  colour?: boolean;
}

const COLOUR: Record<(typeof SEVERITIES)[number], string> = { error: '31', warning: '33', notice: '36', info: '2' };

/** Findings grouped by severity, each with its fix; then the summary line and the client's code. */
export function renderReportText(report: Omit<CheckReport, 'facts'>, options: TextOptions = {}): string {
  const paint = (severity: (typeof SEVERITIES)[number], text: string) =>
    options.colour ? `\u001b[${COLOUR[severity]}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(severity, `${HEADINGS[severity]} (${group.length})`));
    for (const f of group) {
      // Findings quote zone, DNS and .reg data; only the colour codes above are the program's own.
      const where = f.file !== undefined ? `${escapeForTerminal(f.file)}:${f.line ?? 0}: ` : '';
      lines.push(`  ${where}[${f.id}] ${escapeForTerminal(f.message)}`);
      lines.push(`    subject: ${escapeForTerminal(f.subject)}`);
      lines.push(`    fix: ${escapeForTerminal(f.fix)}`);
    }
    lines.push('');
  }
  const s = report.summary;
  lines.push(`${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.notice, 'notice')}, ${s.info} info`);
  lines.push(`A Windows client would show: ${report.clientErrorCode === null ? 'no error (a KMS host is found)' : describeClientCode(report.clientErrorCode)}`);
  return `${lines.join('\n')}\n`;
}
