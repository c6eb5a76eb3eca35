// The audit's fast path for the common case: one SRV query per domain, written straight into a Buffer,
// sent through the shared UdpPool, read by `readSrvReply`, verdict decided from that one reply when
// the SRV targets' addresses came with it (BIND adds in-zone glue). It follows the resolver's rules
// for that case: a random ID per attempt, `attempts` tries per server with `timeoutMs` each, SERVFAIL
// or REFUSED moves on to the next server but is kept as the answer if none does better, an ICMP error
// moves on at once. Anything else (TC, CNAME, other RCODEs, a target without glue) goes to `fallback`,
// the full resolver path, which asks again from the start.
import { randomFillSync } from 'node:crypto';
import { vlmcsOwner } from '../names/kms-service.js';
import { DEFAULT_EDNS_UDP_SIZE } from '../dns/reply-gate.js';
import type { ExchangeFailure } from '../dns/transport.js';
import type { PooledQuery, UdpPool } from '../dns/pool.js';
import type { ServerAddress } from '../dns/types.js';
import { clientErrorCode } from '../checks/client-error.js';
import type { DomainFact } from '../checks/facts.js';
import { answerZone, inBailiwick } from '../dns/answer-gate.js';
import { FIRST_ATTEMPT, nextAttempt, type AttemptOutcome, type RetryState } from '../dns/retry-policy.js';
import type { DnsRecord } from '../dns/types.js';
import { auditFacts, usableHosts, verdictOfHosts, verdictOfRcode } from './verdict.js';
import { formatServer } from '../dns/errors.js';
import { TYPE_SRV } from '../dns/reply-reader.js';
import { auditHosts } from './hosts.js';
import { RCODE_NOERROR, RCODE_NXDOMAIN, RCODE_REFUSED, readSrvReply, type SrvReply } from './srv-reply.js';
import type { AuditHost, AuditResult, Verdict } from './types.js';

/** An authority-section owner in the shape answerZone reads (only name and type matter there). */
function zoneRecord(name: string): DnsRecord {
  return { name, type: 'NS', class: 'IN', ttl: 0, data: null };
}

export interface FastAuditOptions {
  servers: readonly ServerAddress[];
  timeoutMs: number;
  attempts: number;
  pool: UdpPool;
  /** Milliseconds, monotonic. */
  now: () => number;
  /** The full path for a domain this one cannot decide. */
  fallback: (domain: string) => Promise<AuditResult>;
  /** A random 16-bit DNS ID; crypto-strong by default. */
  randomId?: () => number;
}

/** Called once per domain: with its result, or with the error of a bug in the full path. */
export type AuditCallback = (result: AuditResult | undefined, bug?: unknown) => void;

// EDNS0 OPT pseudo-record (RFC 6891 §6.1.2) advertising the payload size the resolver advertises.
const OPT_RECORD = [0, 0, 41, DEFAULT_EDNS_UDP_SIZE >> 8, DEFAULT_EDNS_UDP_SIZE & 0xff, 0, 0, 0, 0, 0, 0];

/** Random IDs from the CSPRNG, drawn 4 KiB at a time. */
function cryptoIds(): () => number {
  const ids = new Uint16Array(2048);
  let next = ids.length;
  return () => {
    if (next === ids.length) {
      randomFillSync(ids);
      next = 0;
    }
    return ids[next++] as number;
  };
}

/**
 * The SRV query for `_vlmcs._tcp.<domain>` with ID 0: RD set, one question, class IN, EDNS0. `domain`
 * is an ASCII name that `domainProblem` accepted (labels of 1–63 bytes, short enough).
 */
export function srvQueryWire(domain: string): { wire: Buffer; questionEnd: number } {
  const name = vlmcsOwner(domain);
  const questionEnd = 12 + name.length + 2 + 4;
  const wire = Buffer.allocUnsafe(questionEnd + OPT_RECORD.length);
  wire.fill(0, 0, 12);
  wire[2] = 0x01; // RD
  wire[5] = 1; // QDCOUNT
  wire[11] = 1; // ARCOUNT: the OPT record
  // "." + name, then each dot becomes the length of the label after it.
  wire[12] = 0x2e;
  wire.write(name, 13, 'latin1');
  let lengthAt = 12;
  for (let i = 13; i <= 12 + name.length; i++) {
    if (wire[i] === 0x2e) {
      wire[lengthAt] = i - lengthAt - 1;
      lengthAt = i;
    }
  }
  wire[lengthAt] = 12 + name.length - lengthAt;
  let at = 13 + name.length;
  wire[at++] = 0;
  wire[at++] = 0;
  wire[at++] = TYPE_SRV;
  wire[at++] = 0;
  wire[at++] = 1; // IN
  for (const byte of OPT_RECORD) wire[at++] = byte;
  return { wire, questionEnd };
}

class DomainQuery implements PooledQuery {
  id = 0;
  server: ServerAddress;
  retry: RetryState = FIRST_ATTEMPT;
  /** How the last unanswered attempt ended: no reply, only malformed replies, or an ICMP refusal or reset. */
  lastFailure: 'TIMEOUT' | 'BADRESP' | 'UNREACHABLE' = 'TIMEOUT';
  /** The RCODE of the last SERVFAIL/REFUSED: the answer if no server does better. */
  lastRefusal = 'SERVFAIL';
  /** The server that sent that SERVFAIL/REFUSED. */
  lastRefusalServer: ServerAddress | undefined;
  /** A datagram with our ID that was not a usable reply, in this attempt (then silence is BADRESP, as in transport.ts). */
  rejected = false;
  reply: SrvReply | undefined;
  readonly wire: Buffer;
  readonly questionEnd: number;
  readonly qname: string;

  constructor(
    readonly engine: FastAudit,
    readonly domain: string,
    readonly started: number,
    readonly done: AuditCallback,
  ) {
    const { wire, questionEnd } = srvQueryWire(domain);
    this.wire = wire;
    this.questionEnd = questionEnd;
    this.qname = `${vlmcsOwner(domain)}.`.toLowerCase();
    this.server = engine.servers[0] as ServerAddress;
  }

  accept(message: Buffer): boolean {
    const reply = readSrvReply(message, this.wire, this.questionEnd, this.qname);
    if (reply.kind === 'reject') {
      if (reply.idMatched) this.rejected = true;
      return false;
    }
    this.reply = reply;
    return true;
  }

  end(failure?: ExchangeFailure): void {
    this.engine.ended(this, failure);
  }
}

export class FastAudit {
  readonly servers: readonly ServerAddress[];
  private readonly options: FastAuditOptions;
  private readonly randomId: () => number;

  constructor(options: FastAuditOptions) {
    if (options.servers.length === 0) throw new RangeError('a fast audit needs at least one server');
    this.options = options;
    this.servers = options.servers;
    this.randomId = options.randomId ?? cryptoIds();
  }

  /** Audit one domain (already checked by `domainProblem`); `done` is called once with its result. */
  start(domain: string, done: AuditCallback): void {
    this.send(new DomainQuery(this, domain, this.options.now(), done));
  }

  private send(query: DomainQuery): void {
    // A retry gets a new random ID (one an attacker may have seen is never reused); the previous
    // datagram has long been sent, so the same buffer is rewritten.
    query.id = this.randomId();
    query.wire[0] = query.id >> 8;
    query.wire[1] = query.id & 0xff;
    query.server = this.servers[query.retry.server] as ServerAddress;
    query.reply = undefined;
    query.rejected = false;
    this.options.pool.submit(query, query.wire, this.options.timeoutMs);
  }

  /** The pool ended one attempt: with a reply `accept` took, or with why not. */
  ended(query: DomainQuery, failure: ExchangeFailure | undefined): void {
    const reply = query.reply;
    if (failure || !reply) {
      // As the resolver reports its last failure, so does the fast path.
      query.lastFailure = failure?.kind === 'unreachable' ? 'UNREACHABLE' : failure?.kind === 'badresp' || query.rejected ? 'BADRESP' : 'TIMEOUT';
      return this.retry(query, failure?.kind === 'unreachable' ? 'unreachable' : 'silence');
    }
    if (reply.kind !== 'answer') return this.fallBack(query);
    if (reply.rcode === RCODE_NXDOMAIN) return this.finish(query, 'NXDOMAIN', query.server);
    if (reply.rcode !== RCODE_NOERROR) {
      query.lastRefusal = reply.rcode === RCODE_REFUSED ? 'REFUSED' : 'SERVFAIL';
      query.lastRefusalServer = query.server;
      return this.retry(query, 'refusal');
    }
    if (reply.srv.length === 0) return this.finish(query, 'NOERROR', query.server);
    const hosts = auditHosts(reply.srv);
    // The answer gate's rule for additional addresses: an authoritative reply, a target in its zone.
    const zone = reply.authoritative ? answerZone(query.qname, reply.zoneOwners.map(zoneRecord)) : '.';
    // Target "." (RFC 2782: no service here) and port 0 name no host to look up.
    for (const host of usableHosts(hosts)) {
      const key = host.target.toLowerCase();
      const known = inBailiwick(key, zone) ? reply.addresses.get(key) : undefined;
      // No usable glue for a target: its A/AAAA queries are the full path's work.
      if (!known) return this.fallBack(query);
      host.addresses = [...known];
    }
    this.finish(query, 'NOERROR', query.server, hosts);
  }

  /** The resolver's retry rule (dns/retry-policy.ts): the next attempt, or the end of this domain's search. */
  private retry(query: DomainQuery, outcome: AttemptOutcome): void {
    const step = nextAttempt(query.retry, outcome, this.servers.length, this.options.attempts);
    if (step.kind === 'ask') {
      query.retry = step.state;
      this.send(query);
    } else {
      const refused = step.kind === 'exhausted' && step.refused;
      this.finish(query, refused ? query.lastRefusal : query.lastFailure, refused ? query.lastRefusalServer : undefined);
    }
  }

  /** Ends a domain the fast path decided: the verdict and the client's error from the same rules as the full path. */
  private finish(query: DomainQuery, rcode: string, server: ServerAddress | undefined, hosts: AuditHost[] = []): void {
    const fact: DomainFact = {
      domain: `${query.domain}.`,
      srvName: query.qname,
      rcode,
      records: hosts.map((h) => ({ priority: h.priority, weight: h.weight, port: h.port, target: h.target, ttl: 0 })),
    };
    // The fast path finishes a NOERROR answer only when every usable target's addresses came with it.
    const verdict: Verdict = rcode !== 'NOERROR' ? verdictOfRcode(rcode) : verdictOfHosts(hosts, false);
    query.done({
      domain: query.domain,
      verdict,
      hosts,
      errorCode: clientErrorCode(auditFacts(fact, hosts)),
      rcode,
      server: server ? formatServer(server) : null,
      elapsedMs: Math.round(this.options.now() - query.started),
    });
  }

  private fallBack(query: DomainQuery): void {
    this.options.fallback(query.domain).then(
      (result) => query.done({ ...result, elapsedMs: Math.round(this.options.now() - query.started) }),
      (error: unknown) => query.done(undefined, error),
    );
  }
}
