// The KMS client's discovery, docs/behaviour.md#discovery: manual host → cached host → DNS. Pure over its injected
// dependencies (DNS query, random source, clock, probe, cache), so tests replay every branch.
import { isIP } from 'node:net';
import type { DomainFact, Facts, ProbeFact, SrvFact } from '../checks/facts.js';
import { isNoReply } from '../checks/records.js';
import { clientErrorCode } from '../checks/client-error.js';
import type { DnsRecord } from '../dns/types.js';
import { gatherSrv, TargetBook, type GatherQuery, type TargetInfo } from '../gather/gather.js';
import type { SrvRecord } from '../srv/types.js';
import { EVENTS, eventOfRcode } from '../knowledge/client-error.js';
import { vlmcsOwner } from '../names/kms-service.js';
import { hostPort } from '../names/host-port.js';
import { OS_RESOLVER } from '../dns/os-lookup.js';
import type {
  CachedHost,
  ClientConfig,
  DiscoverAttemptJson,
  DiscoverCandidateJson,
  DiscoverDomainJson,
  DiscoveryDeps,
  DiscoveryOutcome,
  DiscoverySource,
  DomainDetail,
  ManualHost,
} from './types.js';


export const DOMAIN_ORDER_NOTE =
  'the order in which a client searches its own domain and its suffix search list is not documented by Microsoft; this tool assumes the order given';

function normaliseDomain(domain: string): string {
  return domain.trim().replace(/\.+$/, '');
}

/** The lookup domain in force: absent when none is set or it names no domain (empty or only dots). */
function lookupDomainOf(config: Pick<ClientConfig, 'lookupDomain'>): string | undefined {
  const domain = normaliseDomain(config.lookupDomain ?? '');
  return domain === '' ? undefined : domain;
}

/** The domains a client queries: the lookup domain alone, else its domains de-duplicated (case-insensitively). */
export function domainsToSearch(config: Pick<ClientConfig, 'lookupDomain' | 'domains'>): string[] {
  const lookup = lookupDomainOf(config);
  if (lookup !== undefined) return [lookup];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of config.domains) {
    const domain = normaliseDomain(raw);
    if (domain === '' || seen.has(domain.toLowerCase())) continue;
    seen.add(domain.toLowerCase());
    out.push(domain);
  }
  return out;
}

/**
 * A client caches one host. The state file can hold several simulated clients, told apart by the
 * domain they search first (the lookup domain or their own domain); "global" when they have none.
 */
export function cacheKeyFor(config: Pick<ClientConfig, 'lookupDomain' | 'domains'>): string {
  return domainsToSearch(config)[0]?.toLowerCase() ?? 'global';
}

/** The manual host in force: SKU level, then AppID, then global (docs/behaviour.md#manual-host). */
export function manualHostInForce(config: ClientConfig): ManualHost | undefined {
  return config.manual?.sku ?? config.manual?.appId ?? config.manual?.global;
}

function hostKey(target: string, port: number): string {
  return `${target.toLowerCase()}:${port}`;
}

class DiscoveryRun {
  readonly attempts: DiscoverAttemptJson[] = [];
  readonly notes: string[] = [];
  dnsUnanswered = false;
  readonly book: TargetBook;

  constructor(private readonly deps: DiscoveryDeps) {
    this.book = new TargetBook(deps.query as GatherQuery);
  }

  /** A/AAAA of a target through the one gathering path; a failed lookup yields no address (and is noted). */
  async resolveAddresses(target: string): Promise<string[]> {
    // The book answers an IP literal with itself, without a query.
    const info = await this.book.get(target);
    this.noteFailure(target, info);
    return info.addresses;
  }

  /** A manual host: through the OS resolver when there is one, else DNS; the notes say which. */
  async resolveManualHost(host: string): Promise<string[]> {
    if (isIP(host)) return [host];
    if (!this.deps.lookupHost) {
      this.notes.push(`the manual host ${host} was looked up in DNS (A/AAAA) through the DNS servers given with --server, not through the operating system's resolver`);
      return this.resolveAddresses(host);
    }
    const found = await this.deps.lookupHost(host);
    this.notes.push(
      found.addresses.length > 0
        ? `the manual host ${host} was resolved through ${OS_RESOLVER}, as the client resolves it: ${found.addresses.join(', ')}`
        : `the manual host ${host} was resolved through ${OS_RESOLVER}, as the client resolves it: ${found.failure ?? 'no address'}`,
    );
    return found.addresses;
  }

  noteFailure(target: string, info: TargetInfo): void {
    // The book sets a failure only on a target left without any address.
    if (info.failure) this.notes.push(`address lookup of ${target} failed: ${info.failure.message}`);
  }

  /** Tries each address of a host in turn; the first that answers wins. */
  async probeHost(target: string, port: number, addresses: readonly string[]): Promise<string | null | undefined> {
    const probe = this.deps.probe;
    // Without an address or with port 0 no client can connect, probed or not (as doctor judges it).
    const unusable = addresses.length === 0 ? 'no address for this target' : port === 0 ? 'port 0: no client can connect' : undefined;
    if (unusable !== undefined) {
      this.attempts.push({ target, port, address: null, ok: false, error: unusable, elapsedMs: 0 });
      return undefined;
    }
    if (!probe) return addresses[0] ?? null;
    for (const address of addresses) {
      const started = this.deps.now();
      const result = await probe({ target, port, address });
      this.attempts.push({ target, port, address, ok: result.ok, error: result.ok ? null : (result.error ?? 'no answer'), elapsedMs: Math.max(0, this.deps.now() - started) });
      if (result.ok) return address;
    }
    return undefined;
  }
}

function byPriorityThenWeight(x: SrvRecord, y: SrvRecord): number {
  return x.priority - y.priority || y.weight - x.weight || x.target.localeCompare(y.target) || x.port - y.port;
}

interface DomainSearch {
  domains: DiscoverDomainJson[];
  details: DomainDetail[];
  facts: DomainFact[];
  records: SrvRecord[];
  glue: DnsRecord[];
}

function srvRecordOf(fact: SrvFact): SrvRecord {
  return { priority: fact.priority, weight: fact.weight, port: fact.port, target: normaliseDomain(fact.target) || '.', ttl: fact.ttl };
}

/** The client's search: each domain in turn through the one gathering path, stopping at the first with a usable record. */
async function searchDomains(domains: readonly string[], run: DiscoveryRun, deps: DiscoveryDeps): Promise<DomainSearch> {
  const out: DomainSearch = { domains: [], details: [], facts: [], records: [], glue: [] };
  for (const domain of domains) {
    const name = vlmcsOwner(domain);
    const { fact, glue, finalName } = await gatherSrv(domain, deps.query as GatherQuery);
    out.facts.push(fact);
    const all = fact.records.map(srvRecordOf);
    // Target "." means "service decidedly not available at this domain" (RFC 2782).
    // Canonical order: DNS servers rotate RRsets, and a --seed must reproduce the same draw.
    const usable = all.filter((r) => r.target !== '.').sort(byPriorityThenWeight);
    const noReply = fact.failure !== undefined;
    // The RCODE decides; records with target "." alone are still records (no host to contact).
    const event = fact.rcode === 'NOERROR' && all.length > 0 ? null : eventOfRcode(fact.rcode);
    // Only a failed query carries a no-reply pseudo-RCODE (TIMEOUT …): no server sends one.
    if (isNoReply(fact.rcode)) run.dnsUnanswered = true;
    out.domains.push({
      domain,
      name,
      rcode: noReply ? null : fact.rcode,
      win32: event === null ? 0 : EVENTS[event].win32,
      event,
      records: all.map((r) => ({ priority: r.priority, weight: r.weight, port: r.port, target: r.target, ttl: r.ttl ?? 0 })),
    });
    const chain = fact.cnameChain ?? [];
    out.details.push({
      domain,
      cnameChain: chain.map((n) => normaliseDomain(n)),
      finalName: normaliseDomain(finalName),
      ...(noReply ? { failure: fact.failure } : {}),
    });
    for (const ignored of fact.ignored ?? []) run.notes.push(`${name}: ignored ${ignored.section} record ${ignored.name} ${ignored.type}: ${ignored.reason}`);
    if (all.length > 0 && usable.length === 0) run.notes.push(`${name} holds only target "." (service explicitly not offered)`);
    if (usable.length > 0) {
      out.records = usable;
      out.glue = glue;
      break;
    }
  }
  return out;
}

/** The outcome before any host was tried; `finish` fills in the source, the attempts, the notes and dnsUnanswered. */
function emptyOutcome(config: ClientConfig, probed: boolean, cached: CachedHost | null): DiscoveryOutcome {
  return {
    domains: [],
    candidates: [],
    attempts: [],
    selected: null,
    errorCode: null,
    cache: { before: cached, after: cached },
    source: 'none',
    profile: config.profile,
    lookupDomainUsed: false,
    domainDetails: [],
    order: [],
    dnsUnanswered: false,
    probed,
    notes: [],
  };
}

/**
 * Discovers the KMS host a Windows client would use. Failover: hosts are tried in one drawn order;
 * walking that order after a failure is exactly "draw the next among those left by the same rules",
 * because the order is itself a sequence of draws without replacement (docs/behaviour.md#failover-and-caching).
 */
export async function discover(config: ClientConfig, deps: DiscoveryDeps): Promise<DiscoveryOutcome> {
  const run = new DiscoveryRun(deps);
  const cache = config.hostCaching ? deps.cache : undefined;
  const key = cacheKeyFor(config);
  const before = cache?.get(key) ?? null;
  const outcome = emptyOutcome(config, deps.probe !== undefined, before);
  const finish = (source: DiscoverySource): DiscoveryOutcome => {
    outcome.source = source;
    outcome.attempts = run.attempts;
    outcome.notes.push(...run.notes);
    outcome.dnsUnanswered = run.dnsUnanswered;
    return outcome;
  };

  const manual = manualHostInForce(config);
  if (manual) {
    // A manual host bypasses the cache and DNS discovery; the client does not fall back from it.
    const addresses = await run.resolveManualHost(manual.host);
    outcome.candidates = [{ target: manual.host, port: manual.port, priority: 0, weight: 0, addresses, probability: 1 }];
    outcome.order = [hostPort(manual.host, manual.port)];
    const address = await run.probeHost(manual.host, manual.port, addresses);
    if (address !== undefined) outcome.selected = { target: manual.host, port: manual.port, address };
    else outcome.errorCode = clientErrorCode(clientFacts(config, [], run.attempts, hostPort(manual.host, manual.port)));
    return finish('manual');
  }

  let failedCached: string | undefined;
  if (before) {
    const addresses = before.address !== null ? [before.address] : await run.resolveAddresses(before.target);
    const address = await run.probeHost(before.target, before.port, addresses);
    if (address !== undefined) {
      outcome.selected = { target: before.target, port: before.port, address };
      outcome.order = [hostPort(before.target, before.port)];
      if (!outcome.probed) run.notes.push('not probed: the cached host is reported as the client would try it first');
      run.notes.push('the cached host was used and DNS was not queried: with host caching on, priority and weight only shape the first discovery (slmgr /ckhc balances every activation)');
      return finish('cache');
    }
    failedCached = hostKey(before.target, before.port);
    run.notes.push(`the cached host ${hostPort(before.target, before.port)} did not respond: rediscovering through DNS`);
  }

  const domains = domainsToSearch(config);
  outcome.lookupDomainUsed = lookupDomainOf(config) !== undefined;
  if (outcome.lookupDomainUsed) run.notes.push('a lookup domain is set: the DNS suffix search list is ignored');
  else if (domains.length > 1) run.notes.push(DOMAIN_ORDER_NOTE);
  const search = await searchDomains(domains, run, deps);
  outcome.domains = search.domains;
  outcome.domainDetails = search.details;
  if (search.records.length === 0) {
    outcome.errorCode = clientErrorCode(clientFacts(config, search.facts, run.attempts));
    if (domains.length === 0) run.notes.push('no domain to search: give --domain or --lookup-domain');
    return finish('none');
  }

  const candidates = await describeCandidates(search.records, search.glue, run, deps, config);
  outcome.candidates = candidates;
  const addressesOf = new Map(candidates.map((c) => [hostKey(c.target, c.port), c.addresses]));
  // The host that just failed from the cache is not tried again in the same run.
  const eligible = search.records.filter((r) => hostKey(r.target, r.port) !== failedCached);
  const order = deps.orderRecords(eligible, config.profile, deps.rng);
  outcome.order = order.map((r) => hostPort(r.target, r.port));
  const tried = new Set<string>();
  for (const record of order) {
    const k = hostKey(record.target, record.port);
    if (tried.has(k)) continue; // the same host listed twice: it was already removed
    tried.add(k);
    const address = await run.probeHost(record.target, record.port, addressesOf.get(k) ?? []);
    if (address === undefined) continue;
    outcome.selected = { target: record.target, port: record.port, address };
    if (cache && outcome.probed) {
      const entry: CachedHost = { target: record.target, port: record.port, address, cachedAt: new Date(deps.now()).toISOString() };
      cache.set(key, entry);
      outcome.cache.after = entry;
    }
    if (!outcome.probed) run.notes.push('not probed: the first host in selection order is reported and the cache is left unchanged');
    return finish('dns');
  }
  // Every host in the order (and the failed cached host) has an attempt by now: the probes decide.
  outcome.errorCode = clientErrorCode(clientFacts(config, search.facts, run.attempts));
  return finish('dns');
}

async function describeCandidates(
  records: SrvRecord[],
  glue: DnsRecord[],
  run: DiscoveryRun,
  deps: DiscoveryDeps,
  config: ClientConfig,
): Promise<DiscoverCandidateJson[]> {
  const shares = deps.firstPickShares(records, config.profile);
  // Every target at once (bounded): silent targets cost one timeout together, not one each.
  await run.book.lookupAll(records.map((r) => r.target), glue);
  const out: DiscoverCandidateJson[] = [];
  for (const [i, r] of records.entries()) {
    const addresses = await run.resolveAddresses(r.target);
    out.push({ target: r.target, port: r.port, priority: r.priority, weight: r.weight, addresses: [...addresses], probability: shares[i] ?? 0 });
  }
  return out;
}

/** What this discovery saw, as the facts the checks judge: the client error code is computed from them alone. */
function clientFacts(config: ClientConfig, domains: DomainFact[], attempts: readonly DiscoverAttemptJson[], manualHost?: string): Facts {
  // An attempt without an address is a host the client could not reach either.
  const probes: ProbeFact[] = attempts.map((a) => ({ target: a.target, port: a.port, tcp: a.ok ? 'ok' : 'unreachable' }));
  return {
    profile: config.profile,
    hostCaching: config.hostCaching,
    domains,
    probes,
    ...(manualHost !== undefined ? { client: { manualHost } } : {}),
  };
}
