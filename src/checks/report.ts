// The report `check-zone` (and `doctor`) print: the --json shape of issue #5 and its text form.
import { describeClientCode } from '../knowledge/client-error.js';
import { SEVERITIES, type Finding } from './check.js';
import { escapeForTerminal } from '../util/terminal.js';
import { plural } from '../util/text-table.js';
import type { Facts } from './facts.js';
import { clientErrorCode } from './client-error.js';
import { runChecks, summarize, type RunWhere, type SeveritySummary } from './run.js';

export interface CheckReport {
  facts: Facts;
  findings: Finding[];
  summary: SeveritySummary;
  clientErrorCode: string | null;
}

export function buildReport(facts: Facts, where: RunWhere): CheckReport {
  const findings = runChecks(facts, where);
  return { facts, findings, summary: summarize(findings), clientErrorCode: clientErrorCode(facts) };
}

/** 1 when an error-level finding exists (or any warning with `strict`), else 0. */
export function reportExitCode(report: CheckReport, strict: boolean): number {
  return report.summary.error > 0 || (strict && report.summary.warning > 0) ? 1 : 0;
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
export function renderReportText(report: CheckReport, options: TextOptions = {}): string {
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
