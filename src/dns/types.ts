// The resolver's public shapes. Implemented in src/dns/resolver.ts; consumed by lookup, discover,
// doctor, audit and publish.
import type { Rng } from '../util/random.js';

/** A DNS server to ask: an IP address and a port. */
export interface ServerAddress {
  /** An IPv4 or IPv6 literal (no brackets). */
  host: string;
  port: number;
}

/** How a `Resolver` asks: which servers, how long to wait and how often to try. */
export interface ResolverOptions {
  servers: ServerAddress[];
  /** Per-attempt timeout in milliseconds (resolv.conf `options timeout:`, in seconds there). */
  timeoutMs: number;
  /** Attempts per server before moving to the next (resolv.conf `options attempts:`). */
  attempts: number;
  /** Query over TCP from the start (`--tcp`). */
  tcp?: boolean;
  /** EDNS0 UDP payload size advertised; 1232 by default, 0 disables EDNS. */
  ednsUdpSize?: number;
  /** Follow CNAMEs at most this many times (default 8). */
  maxCnameHops?: number;
  /** Source of query IDs (source ports are the operating system's pick); cryptographically strong by default. */
  rng?: Rng;
}

/** Per-query settings that override the resolver's own. */
export interface QueryOptions {
  signal?: AbortSignal;
  /** Do not follow a CNAME found at the name (doctor wants to see it). */
  noFollowCname?: boolean;
}

/** One resource record of an answer, in the form `lookup --json` prints (issue #2). */
export interface DnsRecord {
  name: string;
  type: string;
  class: string;
  ttl: number;
  /** SRV: {priority, weight, port, target}; A/AAAA: the address; CNAME/NS/PTR: the name; TXT: strings; SOA: object. */
  data: unknown;
}

/** A record the answer gate (answer-gate.ts) left out of a reply, and why. */
export interface IgnoredRecord {
  section: 'answer' | 'additional';
  name: string;
  type: string;
  reason: string;
}

/** One answered question: the RCODE, the accepted answer records, the CNAME chain followed, and the server whose reply was used. */
export interface QueryResult {
  question: { name: string; type: string };
  /** The server whose answer was accepted. */
  server: ServerAddress;
  /** NOERROR, NXDOMAIN, SERVFAIL, REFUSED, FORMERR, NOTIMP … as dns-packet names them. */
  rcode: string;
  /** Answer section records (after CNAME following, the whole chain: CNAMEs first). */
  answers: DnsRecord[];
  authorities: DnsRecord[];
  /** The additional section as received (for display; addresses from it are in `glue`). */
  additionals: DnsRecord[];
  /** A/AAAA of the answer's SRV/NS targets that an authoritative, in-bailiwick server vouched for. */
  glue: DnsRecord[];
  /** Records the answer gate left out (owned by other names, beside an error RCODE, out-of-zone glue). */
  ignored: IgnoredRecord[];
  /** CNAME owners followed from the question name to the final name, empty when none. */
  cnameChain: string[];
  /** True when the answer came over TCP (forced, or after a truncated UDP answer). */
  tcp: boolean;
  truncatedOverUdp: boolean;
  authoritative: boolean;
  elapsedMs: number;
}
