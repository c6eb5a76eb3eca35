// The whole resolver path under seeded mutations: the in-process responder answers each query with a
// mutated copy of a real answer, over real UDP (and TCP after a TC bit), and the Resolver must end
// every query with a valid result or a typed DnsError, within its time budget. Used by
// test/hardening/ and `npm run fuzz`.
import { DnsError } from './errors.js';
import { fuzzSeeds, mulberry32, mutate } from './fuzz.js';
import { UdpPool } from './pool.js';
import { Resolver } from './resolver.js';
import { startResponder } from './responder.js';
import { parseZoneText } from '../zonefile/parse.js';

/** Settings of `fuzzOverSockets`: replies in flight, the timeout, and whether the resolver shares a socket pool. */
export interface SocketFuzzOptions {
  /** Queries in flight at once (default 128). */
  concurrency?: number;
  /** Resolver per-attempt timeout (default 40 ms: most mutations are rejected and end in a timeout). */
  timeoutMs?: number;
  /** Through a shared UdpPool instead of a socket per query. */
  pooled?: boolean;
}

/** Counts of a `fuzzOverSockets` run; `escaped` must be 0. */
export interface SocketFuzzStats {
  iterations: number;
  answered: number;
  /** Typed failures by code (DNS_TIMEOUT, DNS_BADRESP …). */
  failures: Record<string, number>;
  /** Anything else that escaped: must stay 0. */
  escaped: number;
  /** Queries that outlived their budget: must stay 0. */
  hung: number;
  firstProblem?: string;
}

const ZONE = `$ORIGIN example.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 3600 900 1209600 300
  IN NS ns1
ns1 IN A 127.0.0.1
`;

/** As `fuzzValidate`, but the mutated replies come from a loopback server to the real resolver over UDP and TCP. */
export async function fuzzOverSockets(iterations: number, seed: number, options: SocketFuzzOptions = {}): Promise<SocketFuzzStats> {
  const random = mulberry32(seed);
  const seeds = fuzzSeeds();
  const byQuestion = new Map(seeds.map((s) => [`${s.query.name.toLowerCase()} ${s.query.type}`, s]));
  const responder = await startResponder({
    zones: parseZoneText(ZONE, { file: 'fuzz.zone' }),
    faults: (query) => {
      const seedFor = byQuestion.get(`${query.name.toLowerCase()} ${query.type}`);
      // A name the mutations invented (a CNAME target): the zone's honest answer.
      if (!seedFor) return undefined;
      const reply = Buffer.from(seedFor.reply);
      reply.writeUInt16BE(query.id, 0);
      return { kind: 'garbage', bytes: mutate(reply, seedFor.query.questionEnd, random) };
    },
  });
  const timeoutMs = options.timeoutMs ?? 40;
  const pool = options.pooled ? new UdpPool() : undefined;
  const resolver = new Resolver(
    { servers: [{ host: responder.host, port: responder.port }], timeoutMs, attempts: 1 },
    pool ? { exchange: pool.exchange } : {},
  );
  // Per attempt: UDP, then TCP after TC, then without EDNS after FORMERR; CNAME hops multiply that.
  // The 30 s on top is for a loaded machine, where timers fire late: a real hang never ends at all.
  const budgetMs = timeoutMs * 3 * 9 + 30_000;
  const stats: SocketFuzzStats = { iterations, answered: 0, failures: {}, escaped: 0, hung: 0 };
  let next = 0;
  const worker = async () => {
    while (next < iterations) {
      const i = next++;
      const { query } = seeds[i % seeds.length]!;
      let watchdog: NodeJS.Timeout | undefined;
      const hang = new Promise<'hung'>((resolve) => (watchdog = setTimeout(() => resolve('hung'), budgetMs)));
      try {
        const outcome = await Promise.race([resolver.query(query.name, query.type), hang]);
        if (outcome === 'hung') {
          stats.hung++;
          stats.firstProblem ??= `iteration ${i}: no outcome within ${budgetMs} ms`;
        } else if (typeof outcome.rcode === 'string' && Array.isArray(outcome.answers)) stats.answered++;
        else {
          stats.escaped++;
          stats.firstProblem ??= `iteration ${i}: a result without rcode or answers`;
        }
      } catch (error) {
        if (error instanceof DnsError) stats.failures[error.code] = (stats.failures[error.code] ?? 0) + 1;
        else {
          stats.escaped++;
          stats.firstProblem ??= `iteration ${i}: ${(error as Error).stack ?? String(error)}`;
        }
      } finally {
        clearTimeout(watchdog);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 128) }, worker));
  } finally {
    await pool?.close();
    await responder.stop();
  }
  return stats;
}
