// 100,000 seeded mutations of real answers through the WHOLE resolver path: the in-process responder
// sends each mutated answer over real sockets, the Resolver must end every query with a result or a
// typed DnsError, in time. (test/dns/fuzz.test.ts drives decode-and-validate alone, in-process.)
// No verdict here depends on the machine's speed: on a loaded machine a short per-attempt timeout turns
// answers into timeouts, which is still "a typed DnsError, in time". Whether both kinds of outcome are
// reached is checked on its own with a timeout long enough for any machine.
import { describe, expect, it } from 'vitest';
import { fuzzOverSockets } from '../../src/dns/fuzz-sockets.js';

describe('fuzz over sockets: the resolver survives mutated answers', () => {
  // 80,000 through the shared socket pool (audit's path) + 20,000 with a socket per query (lookup's).
  it.each([
    { iterations: 80_000, seed: 11, pooled: true },
    { iterations: 20_000, seed: 12, pooled: false },
  ])('$iterations mutations, seed $seed, pooled $pooled: zero escapes, zero hangs', async ({ iterations, seed, pooled }) => {
    const stats = await fuzzOverSockets(iterations, seed, { pooled, concurrency: 256 });
    expect(stats.firstProblem).toBeUndefined();
    expect(stats.escaped).toBe(0);
    expect(stats.hung).toBe(0);
    const failed = Object.values(stats.failures).reduce((a, b) => a + b, 0);
    expect(stats.answered + failed).toBe(iterations);
    // Whatever the load, every failure is one of the resolver's typed outcomes.
    for (const code of Object.keys(stats.failures)) expect(['DNS_TIMEOUT', 'DNS_BADRESP', 'DNS_CNAME_LOOP', 'DNS_UNREACHABLE']).toContain(code);
  }, 120_000);

  it.each([true, false])('pooled %s: with time to spare, mutations are both accepted and rejected as malformed', async (pooled) => {
    // 1.5 s per attempt is far beyond any reply's delay even on a loaded machine; rejected replies wait
    // it out, so the run is small: 300 queries, 100 at a time.
    const stats = await fuzzOverSockets(300, 13, { pooled, concurrency: 100, timeoutMs: 1500 });
    expect(stats.escaped + stats.hung).toBe(0);
    expect(stats.answered).toBeGreaterThan(0);
    expect(stats.failures.DNS_BADRESP ?? 0).toBeGreaterThan(0);
  }, 60_000);
});
