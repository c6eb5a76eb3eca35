// A stub resolver with the behaviour SPEC §4 asks for: random IDs, EDNS0, TCP after TC, per-server
// timeout × attempts then the next server, strict matching, CNAME following, AbortSignal.
import { KmsSrvError } from '../util/errors.js';
import { cryptoRng, type Rng } from '../util/random.js';
import { DnsError, type DnsErrorContext } from './errors.js';
import { DEFAULT_EDNS_UDP_SIZE } from './reply-gate.js';
import { exchange, ExchangeFailure, toDnsError, type Transport } from './transport.js';
import type { DnsRecord, QueryOptions, QueryResult, ResolverOptions, ServerAddress } from './types.js';
import { absoluteName, canonicalName } from '../names/canonical.js';
import { prepareQuery, toDnsRecords, typeCode, typeName, validateResponse, type DecodedMessage } from './wire.js';

const DEFAULT_MAX_CNAME_HOPS = 8;

export interface ResolverDeps {
  /** Milliseconds, monotonic; `performance.now` by default. */
  now?: () => number;
  /** How one message is exchanged; `transport.exchange` by default (audit passes a socket pool's). */
  exchange?: typeof exchange;
}

/** One server's accepted reply to one question. */
interface Answered {
  message: DecodedMessage;
  server: ServerAddress;
  tcp: boolean;
  truncatedOverUdp: boolean;
}

export class Resolver {
  readonly servers: readonly ServerAddress[];
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly tcp: boolean;
  private readonly ednsUdpSize: number;
  private readonly maxCnameHops: number;
  private readonly rng: Rng;
  private readonly now: () => number;
  private readonly exchange: typeof exchange;

  constructor(options: ResolverOptions, deps: ResolverDeps = {}) {
    if (options.servers.length === 0) throw new RangeError('a Resolver needs at least one server');
    if (!(options.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${options.timeoutMs}`);
    if (!(options.attempts >= 1)) throw new RangeError(`attempts must be at least 1, got ${options.attempts}`);
    this.servers = [...options.servers];
    this.timeoutMs = options.timeoutMs;
    this.attempts = Math.floor(options.attempts);
    this.tcp = options.tcp ?? false;
    this.ednsUdpSize = options.ednsUdpSize ?? DEFAULT_EDNS_UDP_SIZE;
    this.maxCnameHops = options.maxCnameHops ?? DEFAULT_MAX_CNAME_HOPS;
    this.rng = options.rng ?? cryptoRng();
    this.now = deps.now ?? (() => performance.now());
    this.exchange = deps.exchange ?? exchange;
  }

  /**
   * Ask for `name`/`type`. Returns whatever RCODE the DNS gave (check it, or use `expectAnswers`);
   * throws DnsError only when no server gave a usable answer, the query was aborted, or a CNAME chain
   * loops or exceeds the hop limit.
   */
  async query(name: string, type = 'SRV', options: QueryOptions = {}): Promise<QueryResult> {
    const started = this.now();
    const code = typeCode(type);
    const wantType = code === undefined ? type.toUpperCase() : typeName(code);
    const follow = !options.noFollowCname && wantType !== 'CNAME' && wantType !== 'ANY';
    const answers: DnsRecord[] = [];
    const cnameChain: string[] = [];
    const seen = new Set<string>([canonicalName(name)]);
    let current = name;
    for (;;) {
      const answered = await this.ask(current, wantType, options.signal);
      const records = toDnsRecords(answered.message.answers);
      answers.push(...records);
      const walk = follow ? this.walkAliases(records, current, cnameChain, seen, { name, type: wantType, server: answered.server }) : { end: current, found: false };
      if (!walk.found && walk.end !== current && answered.message.rcode === 'NOERROR') {
        // The answer stopped at the alias: ask for its target, if it is a name one can ask for at all.
        const problem = queryNameProblem(walk.end, wantType);
        if (problem) throw new DnsError({ kind: 'badresp', reason: `CNAME target ${problem}` }, { name, type: wantType, server: answered.server });
        current = walk.end;
        continue;
      }
      const message = answered.message;
      return {
        question: { name, type: wantType },
        server: answered.server,
        rcode: message.rcode ?? 'NOERROR',
        answers,
        authorities: toDnsRecords(message.authorities),
        additionals: toDnsRecords(message.additionals),
        cnameChain,
        tcp: answered.tcp,
        truncatedOverUdp: answered.truncatedOverUdp,
        authoritative: message.flag_aa,
        elapsedMs: Math.round(this.now() - started),
      };
    }
  }

  /**
   * Follow the CNAMEs `records` holds from `from`, adding each alias to `chain`, up to records of the
   * asked type (an authoritative server often includes the target's data) or the last alias. Throws
   * DnsError when the chain loops or passes the hop limit.
   */
  private walkAliases(records: DnsRecord[], from: string, chain: string[], seen: Set<string>, question: DnsErrorContext): { end: string; found: boolean } {
    let cursor = from;
    for (;;) {
      const at = canonicalName(cursor);
      if (records.some((r) => r.type === question.type && canonicalName(r.name) === at)) return { end: cursor, found: true };
      const alias = records.find((r) => r.type === 'CNAME' && canonicalName(r.name) === at);
      if (!alias) return { end: cursor, found: false };
      chain.push(absoluteName(cursor));
      cursor = String(alias.data);
      const key = canonicalName(cursor);
      if (seen.has(key) || chain.length > this.maxCnameHops) throw new DnsError({ kind: 'cname-loop', chain: [...chain, cursor] }, question);
      seen.add(key);
    }
  }

  /** Servers in order, `attempts` tries each; SERVFAIL/REFUSED moves on but is kept as a last resort. */
  private async ask(name: string, type: string, signal: AbortSignal | undefined): Promise<Answered> {
    let lastRefusal: Answered | undefined;
    let lastFailure: unknown;
    let lastServer: ServerAddress | null = null;
    for (const server of this.servers) {
      for (let attempt = 0; attempt < this.attempts; attempt++) {
        try {
          const answered = await this.askServer(name, type, server, signal);
          const rcode = answered.message.rcode;
          if (rcode === 'SERVFAIL' || rcode === 'REFUSED') {
            lastRefusal = answered;
            break;
          }
          return answered;
        } catch (error) {
          if (!(error instanceof ExchangeFailure)) throw error;
          if (error.kind === 'aborted') throw new DnsError({ kind: 'aborted' }, { name, type, server, cause: error });
          lastFailure = error;
          lastServer = server;
          if (error.kind === 'unreachable') break; // refused or reset: retrying the same server will not help
        }
      }
    }
    if (lastRefusal) return lastRefusal;
    throw toDnsError(lastFailure, lastServer ?? (this.servers[0] as ServerAddress), name, type);
  }

  private async askServer(name: string, type: string, server: ServerAddress, signal: AbortSignal | undefined): Promise<Answered> {
    let edns = this.ednsUdpSize;
    let transport: Transport = this.tcp ? 'tcp' : 'udp';
    let truncatedOverUdp = false;
    for (let round = 0; round < 3; round++) {
      const query = prepareQuery(this.rng.int(0x10000), name, type, edns);
      const message = await this.exchange(query.wire, server, { timeoutMs: this.timeoutMs, transport, signal }, (reply) => validateResponse(reply, query));
      if (message.flag_tc && transport === 'udp') {
        truncatedOverUdp = true;
        transport = 'tcp';
        continue;
      }
      if (message.rcode === 'FORMERR' && edns > 0) {
        edns = 0; // an old server that rejects EDNS0 (RFC 6891 §7): ask again without it
        continue;
      }
      return { message, server, tcp: transport === 'tcp', truncatedOverUdp };
    }
    throw new ExchangeFailure('badresp', 'server kept answering with TC or FORMERR');
  }
}

/** Why `name` cannot be sent as a question (a CNAME target decoded with an empty or oversize label), or undefined. */
function queryNameProblem(name: string, type: string): string | undefined {
  try {
    prepareQuery(0, name, type);
    return undefined;
  } catch (error) {
    if (error instanceof KmsSrvError) return error.message;
    throw error;
  }
}

/**
 * The records of `type` a result holds, or the DnsError a KMS client would meet: NXDOMAIN (9003),
 * NODATA (9501), SERVFAIL/REFUSED (9002), FORMERR.
 */
export function expectAnswers(result: QueryResult, type: string = result.question.type): DnsRecord[] {
  const wanted = type.toUpperCase();
  const ctx = { name: result.question.name, type: wanted, server: result.server, rcode: result.rcode };
  if (result.rcode !== 'NOERROR') throw new DnsError({ kind: 'rcode', rcode: result.rcode }, ctx);
  const records = result.answers.filter((r) => r.type === wanted);
  if (records.length === 0) throw new DnsError({ kind: 'nodata' }, { ...ctx, rcode: null });
  return records;
}

/** `query` then `expectAnswers`: the records, or a DnsError. */
export async function resolveOrThrow(resolver: Resolver, name: string, type = 'SRV', options: QueryOptions = {}): Promise<DnsRecord[]> {
  return expectAnswers(await resolver.query(name, type, options), type);
}
