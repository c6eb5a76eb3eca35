// Shapes of KMS client discovery (docs/behaviour.md#discovery). The `Discover*Json` types are the stable `discover
// --json` contract (issue #3); `DiscoveryOutcome` adds what the text output needs on top of it.
import type { QueryOptions, QueryResult } from '../dns/types.js';
import type { DnsEvent } from '../knowledge/client-error.js';
import type { ClientProfile, SrvRecord } from '../srv/types.js';
import type { Rng } from '../util/random.js';
import type { ProbeFn } from '../gather/probes.js';
import type { HostLookup } from '../dns/os-lookup.js';

/** `KeyManagementServiceName` / `KeyManagementServicePort` as `slmgr /skms host[:port]` sets them. */
export interface ManualHost {
  host: string;
  port: number;
}

/** The three registry levels a manual host can be set at; the first one set wins (docs/behaviour.md#manual-host). */
export interface ManualHostLevels {
  sku?: ManualHost;
  appId?: ManualHost;
  global?: ManualHost;
}

export interface ClientConfig {
  manual?: ManualHostLevels;
  /** `slmgr /skms-domain`: when set, the only domain queried. */
  lookupDomain?: string;
  /** The client's own domain first, then the suffix search list, in the order given. */
  domains: string[];
  profile: ClientProfile;
  /** `slmgr /ckhc` turns this off: no cache read, no cache write. */
  hostCaching: boolean;
}

export interface CachedHost {
  target: string;
  port: number;
  /** The address that answered; null when no address was known (probing off). */
  address: string | null;
  /** ISO 8601, from the injected clock. */
  cachedAt: string;
}

/** What the discovery core needs of a cache: one host per client key. */
export interface HostCacheStore {
  get(key: string): CachedHost | undefined;
  set(key: string, host: CachedHost): void;
}



export type QueryFn = (name: string, type: 'SRV' | 'A' | 'AAAA', options?: QueryOptions) => Promise<QueryResult>;

export interface DiscoveryDeps {
  query: QueryFn;
  rng: Rng;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Absent: nothing is probed and the first host in selection order is reported (`--probe none`). */
  probe?: ProbeFn;
  cache?: HostCacheStore;
  /**
   * Resolves a manual host as the client's OS does (hosts file, suffixes). Absent: through `query`
   * (DNS servers pinned with --server), as every SRV target is.
   */
  lookupHost?: HostLookup;
  orderRecords(records: SrvRecord[], profile: ClientProfile, rng: Rng): SrvRecord[];
  firstPickShares(records: SrvRecord[], profile: ClientProfile): number[];
}

export interface DiscoverRecordJson {
  priority: number;
  weight: number;
  port: number;
  target: string;
  ttl: number;
}

export interface DiscoverDomainJson {
  domain: string;
  name: string;
  /** NOERROR, NXDOMAIN, SERVFAIL … or null when no DNS server answered. */
  rcode: string | null;
  /** 0 when SRV records were found, else the Win32 status of the DNS event (9003, 9002, 9501, 1460 …). */
  win32: number;
  /** The DNS event the lookup ended in, null when SRV records came back. */
  event: DnsEvent | null;
  records: DiscoverRecordJson[];
}

export interface DiscoverCandidateJson {
  target: string;
  port: number;
  priority: number;
  weight: number;
  addresses: string[];
  /** Share of first picks under the profile, 0..1 (docs/behaviour.md#selection). */
  probability: number;
}

export interface DiscoverAttemptJson {
  target: string;
  port: number;
  address: string | null;
  ok: boolean;
  error: string | null;
  elapsedMs: number;
}

export interface DiscoverSelectedJson {
  target: string;
  port: number;
  address: string | null;
}

export interface DiscoverJson {
  domains: DiscoverDomainJson[];
  candidates: DiscoverCandidateJson[];
  attempts: DiscoverAttemptJson[];
  selected: DiscoverSelectedJson | null;
  errorCode: string | null;
  cache: { before: CachedHost | null; after: CachedHost | null };
}

/** Where the selected host (or the failure) came from. */
export type DiscoverySource = 'manual' | 'cache' | 'dns' | 'none';

export interface DomainDetail {
  domain: string;
  /** CNAME owners followed from `_vlmcs._tcp.<domain>` (empty when none). */
  cnameChain: string[];
  /** Where the CNAME chain ends (the name whose SRV records were used); the queried name without one. */
  finalName: string;
  /** Set when no DNS server answered this query. */
  failure?: string;
}

export interface DiscoveryOutcome extends DiscoverJson {
  source: DiscoverySource;
  profile: ClientProfile;
  /** True when the domain list came from `--lookup-domain` (the search list was ignored). */
  lookupDomainUsed: boolean;
  domainDetails: DomainDetail[];
  /** The order hosts were (or would be) tried in, as `target:port`. */
  order: string[];
  /** True when at least one domain query got no answer from any DNS server. */
  dnsUnanswered: boolean;
  probed: boolean;
  /** Things the user must know: assumptions, skipped steps. */
  notes: string[];
}
