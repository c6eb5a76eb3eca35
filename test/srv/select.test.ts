import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareCritical, goodnessOfFit } from '../../src/srv/chi-square.js';
import { firstPickShares, orderProbabilities } from '../../src/srv/probability.js';
import { drawPosition, orderIndices, orderRecords } from '../../src/srv/select.js';
import type { ClientProfile, SrvRecord } from '../../src/srv/types.js';
import { seededRng, type Rng } from '../../src/util/random.js';
import { records, SELECTION_CASES } from './cases.js';

const ALPHA = 0.001;
const DRAWS = 20_000;

/** An Rng that replays given `int` results and checks the bound asked for each. */
function scriptedRng(script: Array<[maxExclusive: number, value: number]>): Rng {
  let i = 0;
  return {
    int(maxExclusive) {
      const [expectedMax, value] = script[i++] ?? [NaN, NaN];
      if (maxExclusive !== expectedMax) throw new Error(`draw ${i}: asked int(${maxExclusive}), script says int(${expectedMax})`);
      return value;
    },
    float: () => 0,
  };
}

describe('drawPosition maps integer draws onto §3 exactly', () => {
  // weights [5, 0, 3, 0]: S = 8, Z = 2 → a draw in 0..8; 8 stands for the zero-weight records.
  const weights = [5, 0, 3, 0];
  const candidates = [0, 1, 2, 3];
  it.each([
    { script: [[9, 0]] as Array<[number, number]>, position: 0 },
    { script: [[9, 4]] as Array<[number, number]>, position: 0 },
    { script: [[9, 5]] as Array<[number, number]>, position: 2 },
    { script: [[9, 7]] as Array<[number, number]>, position: 2 },
    { script: [[9, 8], [2, 0]] as Array<[number, number]>, position: 1 },
    { script: [[9, 8], [2, 1]] as Array<[number, number]>, position: 3 },
  ])('script $script → position $position', ({ script, position }) => {
    expect(drawPosition(weights, candidates, 4, scriptedRng(script))).toBe(position);
  });

  it('no zero weights: the draw is over 0..S-1', () => {
    expect(drawPosition([2, 6], [0, 1], 2, scriptedRng([[8, 2]]))).toBe(1);
  });

  it('all zero: a uniform draw over the candidates', () => {
    expect(drawPosition([0, 0, 0], [0, 1, 2], 3, scriptedRng([[3, 2]]))).toBe(2);
  });
});

describe('vista: Fisher–Yates over the records, priority and weight ignored', () => {
  // Positions 0..3 hold records 0..3. i = 3: j = 1 swaps 3 and 1 → [0,3,2,1]; i = 2: j = 2 keeps it;
  // i = 1: j = 0 swaps → [3,0,2,1]. Three draws for four records: a draw for i = 0 could only be 0.
  it('maps the draws j in 0..i, i from the last position down to 1, onto the order', () => {
    const set = records([[20, 1], [10, 2], [10, 0], [0, 9]]);
    expect(orderIndices(set, 'vista', scriptedRng([[4, 1], [3, 2], [2, 0]]))).toEqual([3, 0, 2, 1]);
  });

  it('leaves a "." out before shuffling', () => {
    const set = [...records([[0, 1], [0, 1]]), { priority: 0, weight: 5, port: 1688, target: '.' }];
    expect(orderIndices(set, 'vista', scriptedRng([[2, 0]]))).toEqual([1, 0]);
  });
});

describe('target "." (service not offered)', () => {
  it('a lone "." record gives no host', () => {
    const none: SrvRecord[] = [{ priority: 0, weight: 0, port: 0, target: '.' }];
    expect(orderRecords(none, 'win7', seededRng(1))).toEqual([]);
    expect(orderRecords(none, 'vista', seededRng(1))).toEqual([]);
  });

  it('a "." beside real hosts is left out of the order', () => {
    const mixed = [...records([[0, 1], [0, 1]]), { priority: 0, weight: 5, port: 1688, target: '.' }];
    const order = orderRecords(mixed, 'win7', seededRng(3));
    expect(order.map((r) => r.target).sort()).toEqual(['kms1.example.test.', 'kms2.example.test.']);
  });
});

const recordSet = fc.array(
  fc.record({ priority: fc.integer({ min: 0, max: 3 }), weight: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 65535 })) }),
  { minLength: 1, maxLength: 12 },
).map((spec) => records(spec.map(({ priority, weight }) => [priority, weight])));
const profile = fc.constantFrom<ClientProfile>('win7', 'vista');

describe('properties (fast-check)', () => {
  it('win7: priorities never decrease along the order', () => {
    fc.assert(
      fc.property(recordSet, fc.integer(), (set, seed) => {
        const order = orderRecords(set, 'win7', seededRng(seed));
        return order.every((record, i) => i === 0 || order[i - 1]!.priority <= record.priority);
      }),
    );
  });

  it('every order is a permutation of the input', () => {
    fc.assert(
      fc.property(recordSet, profile, fc.integer(), (set, p, seed) => {
        const order = orderIndices(set, p, seededRng(seed));
        expect([...order].sort((a, b) => a - b)).toEqual(set.map((_, i) => i));
      }),
    );
  });

  it('the same seed gives the same order', () => {
    fc.assert(
      fc.property(recordSet, profile, fc.integer(), (set, p, seed) => {
        expect(orderIndices(set, p, seededRng(seed))).toEqual(orderIndices(set, p, seededRng(seed)));
      }),
    );
  });

  it('the input array is left untouched', () => {
    fc.assert(
      fc.property(recordSet, profile, (set, p) => {
        const copy = structuredClone(set);
        orderRecords(set, p, seededRng(0));
        expect(set).toEqual(copy);
      }),
    );
  });
});

function seededOrders(set: SrvRecord[], p: ClientProfile, seed: number): number[][] {
  const rng = seededRng(seed);
  return Array.from({ length: DRAWS }, () => orderIndices(set, p, rng));
}

describe.each(SELECTION_CASES)('seeded draws fit the exact probabilities: $name', ({ records: set, profile: p }) => {
  // Drawn by the first test that asks, not while the file is collected: an error thrown here must fail
  // a test (Stryker counts a file that fails to load as no test failing, so the mutant "survives").
  let drawn: number[][] | undefined;
  const draws = (): number[][] => (drawn ??= seededOrders(set, p, 0x5eed));

  it(`full orders (chi-square, alpha ${ALPHA})`, () => {
    const exact = orderProbabilities(set, p);
    const position = new Map(exact.map(({ order }, i) => [order.join(','), i]));
    const counts = new Array<number>(exact.length).fill(0);
    let impossible = 0;
    for (const order of draws()) {
      const i = position.get(order.join(','));
      if (i === undefined) impossible++;
      else counts[i]!++;
    }
    expect(impossible).toBe(0);
    const fit = goodnessOfFit(counts, exact.map((o) => o.probability));
    if (fit.df > 0) expect(fit.statistic).toBeLessThan(chiSquareCritical(ALPHA, fit.df));
    else expect(counts).toEqual([DRAWS]);
  });

  it(`first picks (chi-square, alpha ${ALPHA})`, () => {
    const counts = set.map(() => 0);
    for (const order of draws()) counts[order[0]!]!++;
    const fit = goodnessOfFit(counts, firstPickShares(set, p));
    if (fit.df > 0) expect(fit.statistic).toBeLessThan(chiSquareCritical(ALPHA, fit.df));
    else expect(counts.filter((c) => c > 0)).toEqual([DRAWS]);
  });
});

/** RFC 2782's text read literally: zero weights first, running sums, r in 0..S, first sum >= r. */
function literalRfcFirstPick(weights: number[]): number[] {
  const order = weights.map((w, i) => ({ w, i })).sort((a, b) => Number(a.w !== 0) - Number(b.w !== 0));
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map(() => 0);
  for (let r = 0; r <= total; r++) {
    let running = 0;
    const hit = order.find(({ w }) => (running += w) >= r)!;
    shares[hit.i]! += 1 / (total + 1);
  }
  return shares;
}

describe("RFC 2782's literal off-by-one is not what we do", () => {
  const set = records([[0, 1], [0, 1], [0, 2]]);
  const literal = literalRfcFirstPick(set.map((r) => r.weight));

  it('the literal reading gives the first record an extra 1/(S+1); §3 does not', () => {
    expect(literal[0]).toBeCloseTo(2 / 5, 12);
    expect(firstPickShares(set, 'win7')).toEqual([1 / 4, 1 / 4, 2 / 4]);
  });

  it('seeded first picks reject the literal shares and fit §3', () => {
    const rng = seededRng(2782);
    const counts = set.map(() => 0);
    for (let i = 0; i < DRAWS; i++) counts[orderIndices(set, 'win7', rng)[0]!]!++;
    expect(goodnessOfFit(counts, literal).pValue).toBeLessThan(ALPHA);
    expect(goodnessOfFit(counts, firstPickShares(set, 'win7')).statistic).toBeLessThan(chiSquareCritical(ALPHA, 2));
  });
});
