// The report `check-zone` (and `doctor`) print: the --json shape of issue #5 and its text form.
import { describeClientCode } from '../knowledge/client-error.js';
import { SEVERITIES, type Finding, type Severity } from './check.js';
import { escapeForTerminal } from '../util/terminal.js';
import { plural } from '../util/text-table.js';
import { jsonPieces } from '../util/json-text.js';
import type { ClientSituation } from '../knowledge/client-error.js';
import type { DomainFact, Facts } from './facts.js';
import { clientErrorCode, clientErrorCodeOf, joinSituations, situationOf } from './client-error.js';
import { orderedChecks, runChecks, summarize, type RunWhere, type SeveritySummary } from './run.js';

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
 * What judging zone facts part by part tells before any finding is printed: everything but the
 * findings, in a size that does not grow with the zone (the domains' names come from the parts again).
 */
export interface PartsTally extends Omit<CheckReport, 'facts' | 'findings'> {
  /** Findings of each check that fired, by check id. */
  counts: Map<string, number>;
  /** Domains whose `_vlmcs._tcp` name the zone holds (rcode not NXDOMAIN). */
  owners: number;
  /** The first domain (the zone's own, NXDOMAIN, when it has no `_vlmcs._tcp` name). */
  firstDomain: string | undefined;
}

function zoneFactsOnly(part: Facts): Facts {
  if (part.probes !== undefined || part.client !== undefined) throw new Error('zone facts in parts only (no probes, no client)');
  return part;
}

/** Counts findings part by part, keeping what the report needs besides the findings themselves. */
class PartsCounter {
  private readonly counts = new Map<string, number>();
  private readonly situations: ClientSituation[] = [];
  private owners = 0;
  private firstDomain: string | undefined;
  private readonly summary: SeveritySummary = { error: 0, warning: 0, notice: 0, info: 0 };

  add(part: Facts): void {
    for (const finding of runChecks(zoneFactsOnly(part), 'zone')) {
      this.counts.set(finding.id, (this.counts.get(finding.id) ?? 0) + 1);
      this.summary[finding.severity] += 1;
    }
    this.situations.push(situationOf(part));
    this.firstDomain ??= part.domains[0]?.domain;
    for (const d of part.domains) if (d.rcode !== 'NXDOMAIN') this.owners += 1;
  }

  tally(): PartsTally {
    return { summary: this.summary, clientErrorCode: clientErrorCodeOf(joinSituations(this.situations)), counts: this.counts, owners: this.owners, firstDomain: this.firstDomain };
  }
}

/**
 * Judges zone facts given in parts of whole domains (ZoneFactsBuilder.factsInParts) and keeps only the
 * counts: each part's findings are let go at once, so a zone of millions of records is never held as
 * facts or findings at once. Summary and client code are those buildReport gives for the whole.
 */
export function tallyReportInParts(parts: Iterable<Facts>): PartsTally {
  const counter = new PartsCounter();
  for (const part of parts) counter.add(part);
  return counter.tally();
}

/** Changes made to a part's facts and to each finding before they are written (file names as shown). */
export interface JsonPartsHooks {
  facts?: (part: Facts) => Facts;
  finding?: (finding: Finding) => Finding;
  /** Told the tally (summary, client code) once the facts are written, for the exit status. */
  tally?: (tally: PartsTally) => void;
}

/**
 * `JSON.stringify(buildReport(facts, 'zone'), null, 2)` of the parts' facts joined, as pieces of text,
 * holding one part at a time: the facts are written as the parts come (and tallied), then the findings
 * with one pass of `parts()` for each check that fired, then the summary and the client's code.
 */
export function* reportJsonInParts(parts: () => Iterable<Facts>, hooks: JsonPartsHooks = {}): Generator<string> {
  const counter = new PartsCounter();
  const FACT = '    ';
  // The first part's fields after `domains`, written once every part's domains are.
  let after: [string, unknown][] | undefined;
  let domains = 0;
  for (const raw of parts()) {
    counter.add(raw);
    const part = hooks.facts ? hooks.facts(raw) : raw;
    if (after === undefined) {
      // Fields before `domains` too come from the first part (the zone's CNAME loops are only in it).
      const fields = Object.entries(part).filter(([, value]) => value !== undefined);
      const at = fields.findIndex(([key]) => key === 'domains');
      yield '{\n  "facts": {';
      for (const [key, value] of fields.slice(0, at)) {
        yield `\n${FACT}${JSON.stringify(key)}: `;
        yield* jsonPieces(value, 6, FACT);
        yield ',';
      }
      yield `\n${FACT}"domains": [`;
      after = fields.slice(at + 1);
    }
    for (const d of part.domains) {
      yield `${domains++ === 0 ? '' : ','}\n${FACT}  `;
      // A piece per record and per finding (not per field): fewer, larger strings to join and write.
      yield* jsonPieces(d, 2, `${FACT}  `);
    }
  }
  yield domains === 0 ? ']' : `\n${FACT}]`;
  for (const [key, value] of after ?? []) {
    yield `,\n${FACT}${JSON.stringify(key)}: `;
    yield* jsonPieces(value, 6, FACT);
  }
  yield '\n  },\n  "findings": [';
  const tally = counter.tally();
  hooks.tally?.(tally);
  let findings = 0;
  for (const raw of findingsInParts(tally, parts)) {
    const finding = hooks.finding ? hooks.finding(raw) : raw;
    yield `${findings++ === 0 ? '' : ','}\n    `;
    yield* jsonPieces(finding, 0, '    ');
  }
  yield findings === 0 ? ']' : '\n  ]';
  yield ',\n  "summary": ';
  yield* jsonPieces(tally.summary, 6, '  ');
  yield `,\n  "clientErrorCode": ${JSON.stringify(tally.clientErrorCode)}\n}`;
}

/**
 * The findings of a tallied zone in report order (severity, catalogue, then as found), judged again
 * from fresh parts: one pass of `parts()` for each check that fired, each running that check only.
 * Every zone check judges one domain or record at a time, so these are the whole facts' findings.
 */
export function* findingsInParts(tally: Pick<PartsTally, 'counts'>, parts: () => Iterable<Facts>): Generator<Finding> {
  for (const check of orderedChecks('zone')) {
    if (!tally.counts.has(check.id)) continue;
    for (const part of parts()) yield* check.run(zoneFactsOnly(part));
  }
}

/** The report of zone facts in parts, findings included (all held: for tests and small zones). */
export function buildReportInParts(parts: () => Iterable<Facts>): { report: Omit<CheckReport, 'facts'>; domains: DomainLine[] } {
  const tally = tallyReportInParts(parts());
  const { counts: _counts, owners: _owners, firstDomain: _first, ...rest } = tally;
  const domains = [...parts()].flatMap((part) => part.domains.map((d) => ({ domain: d.domain, srvName: d.srvName, rcode: d.rcode })));
  return { report: { findings: [...findingsInParts(tally, parts)], ...rest }, domains };
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

/**
 * The text report a line at a time (each with its line feed): findings grouped by severity, each with
 * its fix; then the summary line and the client's code. `findings` come most severe first, and
 * `summary` counts them (the group headings say how many before the group is read).
 */
export function* reportTextLines(report: Omit<CheckReport, 'facts' | 'findings'> & { findings: Iterable<Finding> }, options: TextOptions = {}): Generator<string> {
  const paint = (severity: (typeof SEVERITIES)[number], text: string) =>
    options.colour ? `\u001b[${COLOUR[severity]}m${text}\u001b[0m` : text;
  const s = report.summary;
  let open: Severity | undefined;
  for (const f of report.findings) {
    if (f.severity !== open) {
      if (open !== undefined) yield '\n';
      open = f.severity;
      yield `${paint(open, `${HEADINGS[open]} (${s[open]})`)}\n`;
    }
    // Findings quote zone, DNS and .reg data; only the colour codes above are the program's own.
    const where = f.file !== undefined ? `${escapeForTerminal(f.file)}:${f.line ?? 0}: ` : '';
    yield `  ${where}[${f.id}] ${escapeForTerminal(f.message)}\n    subject: ${escapeForTerminal(f.subject)}\n    fix: ${escapeForTerminal(f.fix)}\n`;
  }
  if (open !== undefined) yield '\n';
  yield `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${plural(s.notice, 'notice')}, ${s.info} info\n`;
  yield `A Windows client would show: ${report.clientErrorCode === null ? 'no error (a KMS host is found)' : describeClientCode(report.clientErrorCode)}\n`;
}

/** Findings grouped by severity, each with its fix; then the summary line and the client's code. */
export function renderReportText(report: Omit<CheckReport, 'facts'>, options: TextOptions = {}): string {
  // Grouped here as before: a report put together by hand need not be in severity order.
  const findings = SEVERITIES.flatMap((severity) => report.findings.filter((f) => f.severity === severity));
  return [...reportTextLines({ ...report, findings }, options)].join('');
}
