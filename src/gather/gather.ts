// The one gathering path every command takes: a domain → its `_vlmcs._tcp` SRV answer → the targets'
// addresses (looked up in parallel, bounded) → probes. It fills the plain `Facts` the checks judge;
// `discover`, `doctor` and `audit` are views of those facts, so they cannot disagree about what the
// DNS said. Every network touch goes through the injected query and probe, so tests use fakes.
import type { DomainFact, SrvFact } from '../checks/facts.js';
import { isIpLiteral, isRootTarget } from '../checks/records.js';
import { glueAddresses } from '../dns/answer-gate.js';
import { EVENTS, eventOfRcode } from '../knowledge/client-error.js';
import { dnsOutcome, formatServer, isDnsError, type DnsError } from '../dns/errors.js';
import type { DnsRecord, QueryOptions, QueryResult } from '../dns/types.js';
import { absoluteName, canonicalName } from '../names/canonical.js';
import { vlmcsOwner } from '../names/kms-service.js';

/** Asks the client's DNS servers through the resolver (answer gate included); throws a DnsError when no usable reply came. */
export type GatherQuery = (name: string, type: string, options?: QueryOptions) => Promise<QueryResult>;

/** Lookups of targets run at most this many at a time: parallel enough that silent targets cost one timeout, not one each. */
export const TARGET_LOOKUP_CONCURRENCY = 16;

/** A DNS failure as the pseudo-RCODE the facts carry: no reply is not an RCODE, but the client fails on it all the same. */
export function failureRcode(error: DnsError): string {
  switch (error.code) {
    case 'DNS_CNAME_LOOP':
      return 'CNAME-LOOP';
    case 'DNS_BADRESP':
      return 'BADRESP';
    case 'DNS_UNREACHABLE':
      return 'UNREACHABLE';
    case 'DNS_ABORTED':
      return 'ABORTED';
    default:
      return 'TIMEOUT';
  }
}

/** A DomainFact plus what the views need beside it: the glue the SRV reply carried. */
export interface GatheredDomain {
  fact: DomainFact;
  glue: DnsRecord[];
  /** Where the CNAME chain at the SRV name ends: the name whose records these are. */
  finalName: string;
}

export function srvFact(record: DnsRecord): SrvFact {
  const data = record.data as { priority: number; weight: number; port: number; target: string };
  return { priority: data.priority, weight: data.weight, port: data.port, target: absoluteName(data.target), ttl: record.ttl };
}

/** The name `_vlmcs._tcp.<domain>.` as a client asks it, absolute. */
function srvOwnerName(domain: string): string {
  return vlmcsOwner(absoluteName(domain.trim()));
}

/** The Win32 status of an SRV outcome without records: the one event table's (knowledge/client-error.ts). */
function win32Of(rcode: string, hasRecords: boolean): number | undefined {
  if (hasRecords) return undefined;
  return EVENTS[eventOfRcode(rcode)].win32 ?? undefined;
}

/** Ask for one domain's SRV records, following a CNAME at the owner as the client does. */
export async function gatherSrv(domain: string, query: GatherQuery): Promise<GatheredDomain> {
  const apex = absoluteName(domain.trim());
  const srvName = srvOwnerName(domain);
  let result: QueryResult;
  try {
    result = await query(srvName, 'SRV');
  } catch (error) {
    if (!isDnsError(error)) throw error;
    const rcode = failureRcode(error);
    return { fact: { domain: apex, srvName, rcode, win32: win32Of(rcode, false), failure: error.message, records: [] }, glue: [], finalName: srvName };
  }
  const records = result.answers.filter((r) => r.type === 'SRV').map(srvFact);
  const fact: DomainFact = {
    domain: apex,
    srvName,
    rcode: result.rcode,
    server: formatServer(result.server),
    records,
  };
  const win32 = win32Of(result.rcode, records.length > 0);
  if (win32 !== undefined) fact.win32 = win32;
  if (result.cnameChain.length > 0) {
    fact.cnameChain = result.cnameChain.map(absoluteName);
    fact.ownerCname = absoluteName(result.cnameChain[1] ?? chainEnd(result));
  }
  if (result.ignored.length > 0) fact.ignored = [...result.ignored];
  return { fact, glue: result.glue, finalName: result.cnameChain.length > 0 ? absoluteName(chainEnd(result)) : srvName };
}

/** Where the CNAME chain of a result ends. */
function chainEnd(result: QueryResult): string {
  const last = result.cnameChain[result.cnameChain.length - 1];
  const alias = result.answers.find((r) => r.type === 'CNAME' && last !== undefined && canonicalName(r.name) === canonicalName(last));
  return alias ? String(alias.data) : result.question.name;
}

/** What one target's address lookups found. */
export interface TargetInfo {
  /** The target is an alias to this name. */
  cname?: string;
  addresses: string[];
  /** Set when no address came back because the lookup itself failed (TIMEOUT, SERVFAIL, CNAME-LOOP …). */
  failure?: { rcode: string; message: string };
  /** The addresses came with the SRV reply (authoritative, in bailiwick). */
  fromGlue?: boolean;
}

/** A/AAAA of one target (both asked at once); a failed lookup is recorded, never thrown. */
export async function lookupTarget(target: string, query: GatherQuery): Promise<TargetInfo> {
  if (isIpLiteral(target)) return { addresses: [target.replace(/\.$/, '')] };
  const outcomes = await Promise.all(
    (['A', 'AAAA'] as const).map(async (type) => {
      try {
        return { type, result: await query(target, type) };
      } catch (error) {
        if (!isDnsError(error)) throw error;
        return { type, error };
      }
    }),
  );
  const info: TargetInfo = { addresses: [] };
  let failure: { rcode: string; message: string } | undefined;
  for (const outcome of outcomes) {
    if ('error' in outcome && outcome.error) {
      failure ??= { rcode: failureRcode(outcome.error), message: outcome.error.message };
      continue;
    }
    const result = outcome.result!;
    info.addresses.push(...result.answers.filter((r) => r.type === outcome.type).map((r) => String(r.data)));
    if (result.cnameChain.length > 0) info.cname ??= absoluteName(result.cnameChain[1] ?? chainEnd(result));
    if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN') failure ??= { rcode: result.rcode, message: `${target} ${outcome.type}: ${dnsOutcome({ kind: 'rcode', rcode: result.rcode }).summary} (${result.rcode} from ${formatServer(result.server)})` };
  }
  info.addresses = [...new Set(info.addresses)];
  if (info.addresses.length === 0 && failure) info.failure = failure;
  return info;
}

/** Looks targets up once each (by canonical name), at most TARGET_LOOKUP_CONCURRENCY at a time; glue from an authoritative in-zone reply saves the lookup. */
export class TargetBook {
  private readonly known = new Map<string, Promise<TargetInfo>>();
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly query: GatherQuery) {}

  /** Takes the addresses `glue` vouches for, then looks up every other target, all at once within the bound. */
  async lookupAll(targets: readonly string[], glue: readonly DnsRecord[] = []): Promise<void> {
    for (const target of targets) {
      const key = canonicalName(target);
      if (this.known.has(key)) continue;
      const glued = glueAddresses(glue, target);
      if (glued.length > 0) this.known.set(key, Promise.resolve({ addresses: [...new Set(glued)], fromGlue: true }));
    }
    await Promise.all(targets.filter((t) => !isRootTarget(t)).map((t) => this.get(t)));
  }

  /** The lookup of one target, started now when not yet known. */
  get(target: string): Promise<TargetInfo> {
    const key = canonicalName(target);
    let info = this.known.get(key);
    if (!info) {
      info = this.limited(() => lookupTarget(target, this.query));
      this.known.set(key, info);
    }
    return info;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= TARGET_LOOKUP_CONCURRENCY) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** Fill each usable record's targetCname / targetAddresses / targetLookup from the book. */
export async function attachTargets(domains: readonly DomainFact[], book: TargetBook): Promise<void> {
  for (const domain of domains) {
    for (const record of domain.records) {
      if (isRootTarget(record.target) || isIpLiteral(record.target)) continue;
      const info = await book.get(record.target);
      if (info.cname !== undefined) record.targetCname = info.cname;
      record.targetAddresses = [...info.addresses];
      if (info.failure) record.targetLookup = info.failure.rcode;
    }
  }
}

