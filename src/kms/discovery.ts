// The KMS client's discovery, SPEC §2.2: manual host → cached host → DNS. Pure over its injected
// dependencies (DNS query, random source, clock, probe, cache), so tests replay every branch.
import { isIP } from 'node:net';
import type { DnsRecord, QueryResult } from '../dns/types.js';
import type { SrvRecord } from '../srv/types.js';
import { EXIT, isKmsSrvError } from '../util/errors.js';
import { sameName } from '../names/canonical.js';
import { vlmcsOwner } from '../names/kms-service.js';
import { CLIENT_ERROR, WIN32, clientErrorForDomains, win32ForAnswer } from './client-errors.js';
import { hostPort } from '../names/host-port.js';
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

/** The domains a client queries: the lookup domain alone, else its domains de-duplicated (case-insensitively). */
export function domainsToSearch(config: Pick<ClientConfig, 'lookupDomain' | 'domains'>): string[] {
  if (config.lookupDomain !== undefined && normaliseDomain(config.lookupDomain) !== '') return [normaliseDomain(config.lookupDomain)];
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

/** The manual host in force: SKU level, then AppID, then global (SPEC §2.2). */
export function manualHostInForce(config: ClientConfig): ManualHost | undefined {
  return config.manual?.sku ?? config.manual?.appId ?? config.manual?.global;
}

function hostKey(target: string, port: number): string {
  return `${target.toLowerCase()}:${port}`;
}

function srvOf(record: DnsRecord): SrvRecord | undefined {
  if (record.type !== 'SRV' || typeof record.data !== 'object' || record.data === null) return undefined;
  const d = record.data as { priority: number; weight: number; port: number; target: string };
  return { priority: d.priority, weight: d.weight, port: d.port, target: normaliseDomain(d.target) || '.', ttl: record.ttl };
}

function addressesIn(records: readonly DnsRecord[], target: string): string[] {
  const pick = (type: string) => records.filter((r) => r.type === type && sameName(r.name, target)).map((r) => String(r.data));
  return [...pick('A'), ...pick('AAAA')];
}

/** Errors that mean "no DNS server answered" (exit 3) rather than a bug. */
function isNoAnswer(error: unknown): boolean {
  return isKmsSrvError(error) && error.exitCode === EXIT.noAnswer;
}

function win32Of(error: unknown): number {
  const w = isKmsSrvError(error) ? error.details.win32 : (error as { win32?: unknown })?.win32;
  if (typeof w === 'number') return w;
  // No Win32 code of its own: silence is a timeout to the client, anything else a server failure.
  return isNoAnswer(error) ? WIN32.timeout : WIN32.serverFailure;
}

class DiscoveryRun {
  readonly attempts: DiscoverAttemptJson[] = [];
  readonly notes: string[] = [];
  dnsUnanswered = false;

  constructor(private readonly deps: DiscoveryDeps) {}

  /** A/AAAA of a target; a lookup that no server answered yields no address (and is noted). */
  async resolveAddresses(target: string): Promise<string[]> {
    if (isIP(target)) return [target];
    const out: string[] = [];
    for (const type of ['A', 'AAAA'] as const) {
      try {
        const result = await this.deps.query(target, type);
        // The answer is for this name (after any CNAME chain), so every record of the type counts.
        out.push(...result.answers.filter((r) => r.type === type).map((r) => String(r.data)));
      } catch (error) {
        if (!isKmsSrvError(error)) throw error;
        this.notes.push(`${type} lookup of ${target} failed: ${error.message}`);
      }
    }
    return [...new Set(out)];
  }

  /** Tries each address of a host in turn; the first that answers wins. */
  async probeHost(target: string, port: number, addresses: readonly string[]): Promise<string | null | undefined> {
    const probe = this.deps.probe;
    if (!probe) return addresses[0] ?? null;
    if (addresses.length === 0) {
      this.attempts.push({ target, port, address: null, ok: false, error: 'no address for this target', elapsedMs: 0 });
      return undefined;
    }
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
  records: SrvRecord[];
  additionals: DnsRecord[];
}

async function searchDomains(domains: readonly string[], run: DiscoveryRun, deps: DiscoveryDeps): Promise<DomainSearch> {
  const out: DomainSearch = { domains: [], details: [], records: [], additionals: [] };
  for (const domain of domains) {
    const name = vlmcsOwner(domain);
    let result: QueryResult;
    try {
      result = await deps.query(name, 'SRV');
    } catch (error) {
      if (!isKmsSrvError(error)) throw error;
      if (isNoAnswer(error)) run.dnsUnanswered = true;
      out.domains.push({ domain, name, rcode: null, win32: win32Of(error), records: [] });
      out.details.push({ domain, cnameChain: [], finalName: name, failure: error.message });
      continue;
    }
    const all = result.answers.map(srvOf).filter((r): r is SrvRecord => r !== undefined);
    // Target "." means "service decidedly not available at this domain" (RFC 2782).
    // Canonical order: DNS servers rotate RRsets, and a --seed must reproduce the same draw.
    const usable = all.filter((r) => r.target !== '.').sort(byPriorityThenWeight);
    const win32 = usable.length === 0 && all.length > 0 ? WIN32.noRecords : win32ForAnswer(result.rcode, all.length);
    out.domains.push({
      domain,
      name,
      rcode: result.rcode,
      win32,
      records: all.map((r) => ({ priority: r.priority, weight: r.weight, port: r.port, target: r.target, ttl: r.ttl ?? 0 })),
    });
    out.details.push({ domain, cnameChain: result.cnameChain, finalName: chainEnd(result, name) });
    if (all.length > 0 && usable.length === 0) run.notes.push(`${name} holds only target "." (service explicitly not offered)`);
    if (usable.length > 0) {
      out.records = usable;
      out.additionals = result.additionals;
      break;
    }
  }
  return out;
}

/** The name a CNAME chain at the SRV owner leads to. */
function chainEnd(result: QueryResult, name: string): string {
  const last = result.cnameChain[result.cnameChain.length - 1];
  if (last === undefined) return name;
  const alias = result.answers.find((r) => r.type === 'CNAME' && sameName(r.name, last));
  return alias ? normaliseDomain(String(alias.data)) : name;
}

function emptyOutcome(config: ClientConfig): DiscoveryOutcome {
  return {
    domains: [],
    candidates: [],
    attempts: [],
    selected: null,
    errorCode: null,
    cache: { before: null, after: null },
    source: 'none',
    profile: config.profile,
    lookupDomainUsed: false,
    domainDetails: [],
    order: [],
    dnsUnanswered: false,
    probed: false,
    notes: [],
  };
}

/**
 * Discovers the KMS host a Windows client would use. Failover: hosts are tried in one drawn order;
 * walking that order after a failure is exactly "draw the next among those left by the same rules",
 * because the order is itself a sequence of draws without replacement (SPEC §3).
 */
export async function discover(config: ClientConfig, deps: DiscoveryDeps): Promise<DiscoveryOutcome> {
  const run = new DiscoveryRun(deps);
  const outcome = emptyOutcome(config);
  outcome.probed = deps.probe !== undefined;
  const cache = config.hostCaching ? deps.cache : undefined;
  const key = cacheKeyFor(config);
  const before = cache?.get(key) ?? null;
  outcome.cache = { before, after: before };
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
    const addresses = await run.resolveAddresses(manual.host);
    outcome.candidates = [{ target: manual.host, port: manual.port, priority: 0, weight: 0, addresses, probability: 1 }];
    outcome.order = [hostPort(manual.host, manual.port)];
    const address = await run.probeHost(manual.host, manual.port, addresses);
    if (address !== undefined) outcome.selected = { target: manual.host, port: manual.port, address };
    else outcome.errorCode = CLIENT_ERROR.noHostResponded;
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
  outcome.lookupDomainUsed = config.lookupDomain !== undefined && domains.length > 0;
  if (outcome.lookupDomainUsed) run.notes.push('a lookup domain is set: the DNS suffix search list is ignored');
  else if (domains.length > 1) run.notes.push(DOMAIN_ORDER_NOTE);
  const search = await searchDomains(domains, run, deps);
  outcome.domains = search.domains;
  outcome.domainDetails = search.details;
  if (search.records.length === 0) {
    outcome.errorCode = domains.length === 0 ? CLIENT_ERROR.nameNotFound : clientErrorForDomains(search.domains.map((d) => d.win32));
    if (domains.length === 0) run.notes.push('no domain to search: give --domain or --lookup-domain');
    return finish('none');
  }

  const candidates = await describeCandidates(search.records, search.additionals, run, deps, config);
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
  outcome.errorCode = CLIENT_ERROR.noHostResponded;
  return finish('dns');
}

async function describeCandidates(
  records: SrvRecord[],
  additionals: DnsRecord[],
  run: DiscoveryRun,
  deps: DiscoveryDeps,
  config: ClientConfig,
): Promise<DiscoverCandidateJson[]> {
  const shares = deps.firstPickShares(records, config.profile);
  const resolved = new Map<string, string[]>();
  const out: DiscoverCandidateJson[] = [];
  for (const [i, r] of records.entries()) {
    const name = r.target.toLowerCase();
    let addresses = resolved.get(name);
    if (!addresses) {
      addresses = addressesIn(additionals, r.target);
      if (addresses.length === 0) addresses = await run.resolveAddresses(r.target);
      resolved.set(name, addresses);
    }
    out.push({ target: r.target, port: r.port, priority: r.priority, weight: r.weight, addresses, probability: shares[i] ?? 0 });
  }
  return out;
}
