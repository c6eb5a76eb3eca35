// What the text summary needs, kept small whatever the input size: counts per verdict, the slowest
// domains and the first failing ones (a bounded list each; every failing one when asked for).
import { isNoReply } from '../checks/records.js';
import { VERDICTS, type AuditResult, type Verdict } from './types.js';

export const TOP = 10;

export interface TalliedDomain {
  domain: string;
  line: number;
  verdict: Verdict;
  errorCode: string | null;
  elapsedMs: number;
}

export class AuditTally {
  readonly counts = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  /** The client error codes seen per verdict (a verdict can leave the client with or without an error). */
  readonly errorCodes = new Map<Verdict, Set<string>>(VERDICTS.map((v) => [v, new Set<string>()]));
  total = 0;
  /** Domains whose SRV question no server gave a usable reply to. */
  unanswered = 0;
  /** Slowest first, at most TOP. */
  readonly slowest: TalliedDomain[] = [];
  /** In order of completion: at most TOP, or all of them with `keepAllFailing`. */
  readonly failing: TalliedDomain[] = [];
  private readonly failingLimit: number;

  /** `keepAllFailing`: keep every not-ok domain (memory grows with them), not just the first TOP. */
  constructor(options: { keepAllFailing?: boolean } = {}) {
    this.failingLimit = options.keepAllFailing ? Number.POSITIVE_INFINITY : TOP;
  }

  add(result: AuditResult, line: number): void {
    this.total++;
    this.counts.set(result.verdict, (this.counts.get(result.verdict) ?? 0) + 1);
    if (result.errorCode !== null) this.errorCodes.get(result.verdict)?.add(result.errorCode);
    if (result.rcode !== null && isNoReply(result.rcode)) this.unanswered++;
    const entry: TalliedDomain = { domain: result.domain, line, verdict: result.verdict, errorCode: result.errorCode, elapsedMs: result.elapsedMs };
    if (result.verdict !== 'ok' && this.failing.length < this.failingLimit) this.failing.push(entry);
    if (result.verdict === 'invalid') return;
    const last = this.slowest[this.slowest.length - 1];
    if (this.slowest.length < TOP || (last && entry.elapsedMs > last.elapsedMs)) {
      // Insertion into a list of ten: cheaper than any heap at this size.
      let at = this.slowest.findIndex((e) => entry.elapsedMs > e.elapsedMs);
      if (at < 0) at = this.slowest.length;
      this.slowest.splice(at, 0, entry);
      if (this.slowest.length > TOP) this.slowest.pop();
    }
  }

  count(verdict: Verdict): number {
    return this.counts.get(verdict) ?? 0;
  }

  get notOk(): number {
    return this.total - this.count('ok');
  }
}
