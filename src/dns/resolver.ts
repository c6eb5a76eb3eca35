// A stub resolver with the behaviour of docs/behaviour.md#dns: random IDs, EDNS0, TCP after TC, per-server
// timeout × attempts then the next server, strict matching, CNAME following, AbortSignal.
import { KmsSrvError } from '../util/errors.js';
import { cryptoRng, type Rng } from '../util/random.js';
import { DnsError } from './errors.js';
import { DEFAULT_EDNS_UDP_SIZE } from './reply-gate.js';
import { exchange, ExchangeFailure, toDnsError, type Transport } from './transport.js';
import { gateReply } from './answer-gate.js';
import { FIRST_ATTEMPT, nextAttempt, type AttemptOutcome } from './retry-policy.js';
import type { DnsRecord, IgnoredRecord, QueryOptions, QueryResult, ResolverOptions, ServerAddress } from './types.js';
import { absoluteName, canonicalName } from '../names/canonical.js';
import { typeName, wireTypeCode } from '../zonefile/rrtypes.js';
import { prepareQuery, toDnsRecords, validateResponse, type DecodedMessage } from './wire.js';

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

/** A stub resolver as a Windows client behaves: asks the configured servers with timeouts × attempts, retries over TCP after truncation, follows CNAMEs, and passes every reply through the answer gate before its records are used. */
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
    const code = wireTypeCode(type);
    const wantType = code === undefined ? type.toUpperCase() : typeName(code);
    const follow = !options.noFollowCname && wantType !== 'CNAME' && wantType !== 'ANY';
    const answers: DnsRecord[] = [];
    const ignored: IgnoredRecord[] = [];
    const cnameChain: string[] = [];
    const seen = new Set<string>([canonicalName(name)]);
    let current = name;
    for (;;) {
      const answered = await this.ask(current, wantType, options.signal);
      const message = answered.message;
      const rcode = message.rcode ?? 'NOERROR';
      // Only what the gate keeps is an answer; the rest is reported beside it.
      const gated = gateReply({
        name: current,
        type: wantType,
        rcode,
        authoritative: message.flag_aa,
        answers: toDnsRecords(message.answers),
        authorities: toDnsRecords(message.authorities),
        additionals: toDnsRecords(message.additionals),
        follow,
      });
      answers.push(...gated.answers);
      ignored.push(...gated.ignored);
      const question = { name, type: wantType, server: answered.server };
      const loop = () => new DnsError({ kind: 'cname-loop', chain: [...cnameChain, absoluteName(gated.end)] }, question);
      for (const alias of gated.aliases) {
        cnameChain.push(absoluteName(alias));
        if (cnameChain.length > this.maxCnameHops) throw loop();
      }
      if (gated.loop) throw loop();
      // Every name reached in this reply must be new across the whole walk, or the chain loops.
      for (const reached of [...gated.aliases.slice(1), ...(gated.end !== current ? [gated.end] : [])]) {
        const key = canonicalName(reached);
        if (seen.has(key)) throw loop();
        seen.add(key);
      }
      if (follow && !gated.found && gated.end !== current && rcode === 'NOERROR') {
        // The answer stopped at the alias: ask for its target, if it is a name one can ask for at all.
        const problem = queryNameProblem(gated.end, wantType);
        if (problem) throw new DnsError({ kind: 'badresp', reason: `CNAME target ${problem}` }, question);
        current = gated.end;
        continue;
      }
      return {
        question: { name, type: wantType },
        server: answered.server,
        rcode,
        answers,
        authorities: toDnsRecords(message.authorities),
        additionals: toDnsRecords(message.additionals),
        glue: gated.glue,
        ignored,
        cnameChain,
        tcp: answered.tcp,
        truncatedOverUdp: answered.truncatedOverUdp,
        authoritative: message.flag_aa,
        elapsedMs: Math.round(this.now() - started),
      };
    }
  }

  /** Servers in order, `attempts` tries each, by the one retry rule (retry-policy.ts). */
  private async ask(name: string, type: string, signal: AbortSignal | undefined): Promise<Answered> {
    let lastRefusal: Answered | undefined;
    let lastFailure: unknown;
    let lastServer: ServerAddress | null = null;
    let state = FIRST_ATTEMPT;
    for (;;) {
      const server = this.servers[state.server] as ServerAddress;
      let outcome: AttemptOutcome;
      try {
        const answered = await this.askServer(name, type, server, signal);
        const rcode = answered.message.rcode;
        if (rcode !== 'SERVFAIL' && rcode !== 'REFUSED') return answered;
        lastRefusal = answered;
        outcome = 'refusal';
      } catch (error) {
        if (!(error instanceof ExchangeFailure)) throw error;
        if (error.kind === 'aborted') throw new DnsError({ kind: 'aborted' }, { name, type, server, cause: error });
        lastFailure = error;
        lastServer = server;
        outcome = error.kind === 'unreachable' ? 'unreachable' : 'silence';
      }
      const step = nextAttempt(state, outcome, this.servers.length, this.attempts);
      if (step.kind !== 'ask') break;
      state = step.state;
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
