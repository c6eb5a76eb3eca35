// 100,000 seeded mutations of real answers through the WHOLE resolver path: the in-process responder
// sends each mutated answer over real sockets, the Resolver must end every query with a result or a
// typed DnsError, in time. (test/dns/fuzz.test.ts drives decode-and-validate alone, in-process.)
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
    // Both kinds of outcome are reached, and the mutations do get rejected as malformed.
    expect(stats.answered).toBeGreaterThan(0);
    expect(stats.failures.DNS_BADRESP ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
