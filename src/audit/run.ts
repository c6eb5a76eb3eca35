// Audit a stream of domains with at most `concurrency` in flight. Input is pulled only when a slot is
// free, and each result is handed on as soon as it is known, so memory does not grow with the input.
import { auditDomain, type AuditDeps } from './audit-domain.js';
import type { AuditResult, DomainLine } from './types.js';

export const DEFAULT_CONCURRENCY = 256;

/** Receives each audited domain's result, with the input line it came from, as soon as it is known. */
export type ResultSink = (result: AuditResult, line: DomainLine) => void;

/** Audits one domain and calls `done` once: with the result, or with an error (a bug, never a DNS outcome). */
export type DomainAuditor = (domain: string, done: (result: AuditResult | undefined, bug?: unknown) => void) => void;

/** `auditDomain` over `deps`, as a DomainAuditor. */
export function promiseAuditor(deps: AuditDeps): DomainAuditor {
  return (domain, done) => {
    auditDomain(domain, deps).then(
      (result) => done(result),
      (error: unknown) => done(undefined, error),
    );
  };
}

/** Results in completion order, not input order. Rejects only on a bug (never on a DNS outcome). */
export async function runAudit(lines: AsyncIterable<DomainLine>, concurrency: number, audit: AuditDeps | DomainAuditor, sink: ResultSink): Promise<void> {
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${concurrency}`);
  const auditOne = typeof audit === 'function' ? audit : promiseAuditor(audit);
  let active = 0;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const slotFreed = () => new Promise<void>((resolve) => (wake = resolve));
  const release = () => {
    active--;
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  for await (const line of lines) {
    if (failure) break;
    if (line.error !== undefined) {
      sink({ domain: line.domain, verdict: 'invalid', hosts: [], errorCode: null, rcode: null, server: null, elapsedMs: 0 }, line);
      continue;
    }
    while (active >= concurrency) await slotFreed();
    active++;
    auditOne(line.domain, (result, bug) => {
      if (result) {
        try {
          sink(result, line);
        } catch (error) {
          failure ??= { error };
        }
      } else failure ??= { error: bug };
      release();
    });
  }
  while (active > 0) await slotFreed();
  if (failure) throw failure.error;
}
