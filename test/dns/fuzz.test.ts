// ≥100,000 seeded mutations of real answers through the resolver's decode-and-validate path.
import { describe, expect, it } from 'vitest';
import { fuzzSeeds, fuzzValidate, mulberry32, mutate } from '../../src/dns/fuzz.js';
import { validateResponse } from '../../src/dns/wire.js';

describe('fuzz: validateResponse never throws and always returns', () => {
  it('every seed packet is accepted unmutated', () => {
    for (const { query, reply } of fuzzSeeds()) expect(validateResponse(reply, query).ok).toBe(true);
  });

  it('mutations are reproducible from the seed', () => {
    const [{ reply, query }] = fuzzSeeds() as [ReturnType<typeof fuzzSeeds>[number]];
    expect(mutate(reply, query.questionEnd, mulberry32(7))).toEqual(mutate(reply, query.questionEnd, mulberry32(7)));
  });

  it.each([1, 2])('100,000 mutations (seed %i): zero escaped exceptions, both verdicts reached', (seed) => {
    const stats = fuzzValidate(100_000, seed);
    expect(stats.firstEscape).toBeUndefined();
    expect(stats.escaped).toBe(0);
    expect(stats.accepted + stats.rejected).toBe(100_000);
    expect(stats.accepted).toBeGreaterThan(0);
    expect(stats.rejected).toBeGreaterThan(0);
  });
});
