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
import { auditHosts } from './hosts.js';
import { RCODE_NOERROR, RCODE_NXDOMAIN, readSrvReply, type SrvReply } from './srv-reply.js';
import type { AuditHost, AuditResult, Verdict } from './types.js';

/** The error code a Windows client reports per verdict; audit-domain.ts's table, passed in so this file loads nothing else. */
export type VerdictErrors = Record<Verdict, string | null>;

export interface FastAuditOptions {
  servers: readonly ServerAddress[];
  timeoutMs: number;
  attempts: number;
  pool: UdpPool;
  verdictErrors: VerdictErrors;
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
  wire[at++] = 33; // SRV
  wire[at++] = 0;
  wire[at++] = 1; // IN
  for (const byte of OPT_RECORD) wire[at++] = byte;
  return { wire, questionEnd };
}

class DomainQuery implements PooledQuery {
  id = 0;
  server: ServerAddress;
  serverIndex = 0;
  attempt = 0;
  /** A SERVFAIL or REFUSED came back from some server: the answer if no server does better. */
  refused = false;
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
    if (reply.kind === 'reject') return false;
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
    query.server = this.servers[query.serverIndex] as ServerAddress;
    query.reply = undefined;
    this.options.pool.submit(query, query.wire, this.options.timeoutMs);
  }

  /** The pool ended one attempt: with a reply `accept` took, or with why not. */
  ended(query: DomainQuery, failure: ExchangeFailure | undefined): void {
    const reply = query.reply;
    if (failure || !reply) {
      // Refused or reset: retrying the same server will not help.
      if (failure?.kind === 'unreachable') this.nextServer(query);
      else this.nextAttempt(query);
      return;
    }
    if (reply.kind !== 'answer') return this.fallBack(query);
    if (reply.rcode === RCODE_NXDOMAIN) return this.finish(query, 'no-srv');
    if (reply.rcode !== RCODE_NOERROR) {
      query.refused = true;
      return this.nextServer(query);
    }
    if (reply.srv.length === 0) return this.finish(query, 'nodata');
    const hosts = auditHosts(reply.srv);
    for (const host of hosts) {
      const key = host.target.toLowerCase();
      // Target "." means "no service here" (RFC 2782): nothing to look up.
      if (key === '.') continue;
      const known = reply.addresses.get(key);
      // No glue for a target: its A/AAAA queries are the full path's work.
      if (!known) return this.fallBack(query);
      host.addresses = [...known];
    }
    this.finish(query, hosts.some((h) => h.addresses.length === 0) ? 'no-address' : 'ok', hosts);
  }

  private nextAttempt(query: DomainQuery): void {
    if (++query.attempt < this.options.attempts) this.send(query);
    else this.nextServer(query);
  }

  private nextServer(query: DomainQuery): void {
    query.attempt = 0;
    if (++query.serverIndex < this.servers.length) this.send(query);
    else this.finish(query, query.refused ? 'servfail' : 'timeout');
  }

  private finish(query: DomainQuery, verdict: Verdict, hosts: AuditHost[] = []): void {
    query.done({
      domain: query.domain,
      verdict,
      hosts,
      errorCode: this.options.verdictErrors[verdict],
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
