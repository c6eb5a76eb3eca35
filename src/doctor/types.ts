// Shapes of `doctor`'s gathering step: what it is told, and the I/O it is handed. Gathering fills the
// same `Facts` that `check-zone` builds from a zone file (src/checks/facts.ts), here from live DNS.
import type { ClientFact } from '../checks/facts.js';
import type { QueryOptions, QueryResult, ServerAddress } from '../dns/types.js';
import type { GatherProbe } from '../gather/probes.js';
import type { HostLookup } from '../dns/os-lookup.js';
import type { ClientProfile } from '../srv/types.js';

export type DoctorProbeKind = 'tcp' | 'rpc' | 'none';

export interface GatherOptions {
  /** The domains a client searches, in order (already resolved from --domain / --lookup-domain / resolv.conf). */
  domains: string[];
  profile: ClientProfile;
  probe: DoctorProbeKind;
  /** `--authoritative`: ask these servers instead of the zone's NS hosts on port 53. */
  authoritative?: ServerAddress[];
  /** Port the NS hosts are asked on when `authoritative` is absent (53). */
  nsPort?: number;
  /** The client's settings from a .reg export (`--client-reg`). */
  client?: ClientFact;
}

/** Asks the client's DNS servers; throws a DnsError only when no server answered. */
export type GatherQuery = (name: string, type: string, options?: QueryOptions) => Promise<QueryResult>;
/** GatherQuery that counts replies and silences; null when no server replied (gather and zone-cut share it). */
export type CountedAsk = (name: string, type: string, options?: QueryOptions) => Promise<QueryResult | null>;
/** Asks one given server (an authoritative one) directly. */
export type GatherQueryAt = (server: ServerAddress, name: string, type: string, options?: QueryOptions) => Promise<QueryResult>;

export interface GatherDeps {
  query: GatherQuery;
  queryAt: GatherQueryAt;
  /** Needed unless `probe` is 'none'. */
  probe?: GatherProbe;
  /** Resolves the client's manual host as its OS does; absent: through `query` (--server pinned DNS). */
  lookupHost?: HostLookup;
}

/** Who was asked and what could not be asked, beside the facts (for the text header and exit code 3). */
export interface GatherLog {
  /** DNS queries that got a reply of any RCODE. */
  answered: number;
  /** DNS queries no server replied to. */
  unanswered: number;
  /** Per SRV name, the authoritative servers asked ("name (address:port)" or "address:port"). */
  authoritative: Array<{ srvName: string; zone: string | null; servers: string[] }>;
  /** Things the user must know: assumptions, steps skipped. */
  notes: string[];
}
