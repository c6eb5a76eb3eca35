// Small pure helpers the checks share: name comparison, record subjects, host sets.
import { eventOfRcode, isServerFailure } from '../knowledge/client-error.js';
import { canonicalName } from '../names/canonical.js';
import type { DomainFact, SrvFact } from './facts.js';

/** An RCODE (or TIMEOUT: no server replied) after which a client has no answer at all. */
export function isFailedRcode(rcode: string): boolean {
  return isServerFailure(eventOfRcode(rcode));
}

/** Pseudo-RCODEs of a question no server gave a usable reply to (exit 3: nothing answered). */
const NO_REPLY_RCODES: ReadonlySet<string> = new Set(['TIMEOUT', 'UNREACHABLE', 'BADRESP', 'ABORTED']);

export function isNoReply(rcode: string): boolean {
  return NO_REPLY_RCODES.has(rcode);
}

export function isRootTarget(target: string): boolean {
  return canonicalName(target) === '.';
}

/** "192.0.2.10." (or with the origin appended after it) or anything with a colon: an address, not a name. */
export function isIpLiteral(target: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}(\.|$)/.test(target) || target.includes(':');
}

/** A record a client could try: a real target and a real port. */
export function isUsable(record: Pick<SrvFact, 'target' | 'port'>): boolean {
  return !isRootTarget(record.target) && record.port !== 0;
}

export function usableRecords(domain: DomainFact): SrvFact[] {
  return domain.records.filter(isUsable);
}

/** Distinct hosts (case-insensitive) among the usable records, in first-seen order. */
export function distinctHosts(records: SrvFact[]): string[] {
  const seen = new Map<string, string>();
  for (const r of records) {
    const key = canonicalName(r.target);
    if (!seen.has(key)) seen.set(key, r.target);
  }
  return [...seen.values()];
}

export function recordSubject(domain: DomainFact, r: Pick<SrvFact, 'priority' | 'weight' | 'port' | 'target'>): string {
  return `${domain.srvName} SRV ${r.priority} ${r.weight} ${r.port} ${r.target}`;
}

/** True when the records would not all be picked alike: priorities or weights differ. */
export function weightsDiffer(records: SrvFact[]): boolean {
  if (records.length < 2) return false;
  const first = records[0]!;
  return records.some((r) => r.priority !== first.priority || r.weight !== first.weight);
}

/** Canonical text of a record set, to compare answers from several servers or domains. */
export function setSignature(records: Array<Pick<SrvFact, 'priority' | 'weight' | 'port' | 'target'>>): string {
  return records
    .map((r) => `${r.priority} ${r.weight} ${r.port} ${canonicalName(r.target)}`)
    .sort()
    .join(', ');
}

/**
 * "kms1.contoso.com.contoso.com.": a name written without its trailing dot gets the origin appended,
 * so the domain's last two labels show up twice. With `writtenRelative` known, one label is enough.
 */
export function looksOriginAppended(target: string, writtenRelative: boolean): boolean {
  const labels = canonicalName(target).split('.').filter(Boolean);
  const tail = writtenRelative ? 1 : 2;
  if (labels.length < tail * 2 + 1) return false;
  const suffix = labels.slice(-tail).join('.');
  // The suffix must end an earlier run of labels too, leaving at least one label before it.
  for (let end = tail + 1; end <= labels.length - tail; end++) {
    if (labels.slice(end - tail, end).join('.') === suffix) return true;
  }
  return false;
}

/** The target as the zone file wrote it, when it was written relative: the target less its appended origin. */
export function targetAsWritten(record: Pick<SrvFact, 'target' | 'targetWrittenRelative' | 'targetOrigin'>): string | undefined {
  if (record.targetWrittenRelative !== true || record.targetOrigin === undefined) return undefined;
  const target = canonicalName(record.target);
  const origin = canonicalName(record.targetOrigin);
  if (origin === '.') return record.target.replace(/\.$/, '');
  if (!target.endsWith(`.${origin}`)) return undefined;
  return record.target.slice(0, target.length - origin.length - 1);
}
