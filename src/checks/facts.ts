// The facts the checks judge: a plain object that `doctor` fills from DNS answers, NS answers, probes
// and a client's .reg export, and that `factsFromZone` fills from a zone file. Checks never do I/O.
import type { TcpFailure } from '../knowledge/socket-outcomes.js';
import type { ClientProfile } from '../srv/types.js';

/** Where a record was read from, when it came from a zone file. */
export interface SourceLine {
  file: string;
  line: number;
}

export interface SrvFact {
  priority: number;
  weight: number;
  port: number;
  /** Absolute target with trailing dot, case as answered; "." = service not offered. */
  target: string;
  ttl: number;
  source?: SourceLine;
  /** Zone files: the target was written without a trailing dot, so the origin was appended. */
  targetWrittenRelative?: boolean;
  /** Zone files, with targetWrittenRelative: the origin that was appended to the target. */
  targetOrigin?: string;
  /** The target is an alias: the name its CNAME points at. */
  targetCname?: string;
  /** A/AAAA of the target (after any CNAME); undefined = unknown (out of zone, not looked up). */
  targetAddresses?: string[];
  /** Live DNS: the address lookup failed rather than found nothing (TIMEOUT, SERVFAIL, CNAME-LOOP …). */
  targetLookup?: string;
}

/** A record a DNS server sent that is not part of the answer, and why it was left out. */
export interface IgnoredRecordFact {
  section: 'answer' | 'additional';
  name: string;
  type: string;
  reason: string;
}

/** What DNS (or a zone file) showed for one domain's `_vlmcs._tcp` name: the RCODE, the SRV records with their targets' addresses, and any CNAME followed. */
export interface DomainFact {
  /** The domain searched, without the `_vlmcs._tcp.` prefix, absolute with trailing dot. */
  domain: string;
  /** `_vlmcs._tcp.<domain>` as queried. */
  srvName: string;
  /**
   * NOERROR, NXDOMAIN, SERVFAIL, REFUSED … or, when no usable reply came, TIMEOUT (silence),
   * UNREACHABLE (ICMP refused or reset), BADRESP (malformed replies) or CNAME-LOOP.
   */
  rcode: string;
  /** Why no usable reply came, in words (with the pseudo-RCODEs above). */
  failure?: string;
  /** The Win32 code the client would see for this answer (9002, 9003, 9501), when it failed. */
  win32?: number;
  /** The server that answered, "address:port". */
  server?: string;
  /** `_vlmcs._tcp.<domain>` is itself a CNAME to this name. */
  ownerCname?: string;
  /** The CNAME owners followed from `_vlmcs._tcp.<domain>` to the SRV records, when there were any. */
  cnameChain?: string[];
  /** Records the server sent that were left out of the answer (a server defect, never used). */
  ignored?: IgnoredRecordFact[];
  /** Zone files: where `_vlmcs._tcp.<domain>` was first written (its CNAME, when it is one). */
  ownerSource?: SourceLine;
  records: SrvFact[];
}

/** One authoritative server's answer for one SRV name (for ns-inconsistent). */
export interface NsAnswerFact {
  domain: string;
  /** The server's name or address. */
  server: string;
  rcode: string;
  records: Array<Pick<SrvFact, 'priority' | 'weight' | 'port' | 'target'>>;
}

export interface ProbeFact {
  target: string;
  port: number;
  address?: string;
  tcp: 'ok' | TcpFailure;
  /** KMS RPC bind (UUID in docs/behaviour.md#transport): acknowledged, or not; absent when not tried. */
  rpc?: 'bind_ack' | 'no';
}

/** A client's settings, from a .reg export of its SoftwareProtectionPlatform key. */
export interface ClientFact {
  /** KeyManagementServiceName (with KeyManagementServicePort when set, as host:port). */
  manualHost?: string;
  /** The lookup domain set with `slmgr /skms-domain`. */
  lookupDomain?: string;
  /** Host caching turned off with `slmgr /ckhc`. */
  hostCachingDisabled?: boolean;
}

/** Everything the checks judge, gathered beforehand: per domain its SRV answer and targets, NS answers, probe results and the client's settings. Filled by `runDoctor` from DNS or by `factsFromZone` from a zone file. */
export interface Facts {
  profile: ClientProfile;
  /** Whether clients cache the first host that answered (on by default; `slmgr /ckhc` turns it off). */
  hostCaching: boolean;
  /** The domains of the client's search path, in search order (zone files: every `_vlmcs._tcp` owner). */
  domains: DomainFact[];
  nsAnswers?: NsAnswerFact[];
  probes?: ProbeFact[];
  client?: ClientFact;
  /** Zone files: CNAME chains in the zone that loop or run past the hop limit. */
  cnameLoops?: Array<{ chain: string[]; kind: 'loop' | 'too-long'; source?: SourceLine }>;
  /** Zone files only: what was read. */
  zone?: { origin: string; files: string[] };
}

