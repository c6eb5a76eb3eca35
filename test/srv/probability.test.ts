import { describe, expect, it } from 'vitest';
import { add, formatFraction, fraction, ONE, sum, ZERO } from '../../src/srv/fraction.js';
import {
  drawFractions,
  firstPickFractions,
  firstPickShares,
  orderFractions,
  orderProbabilities,
  positionShares,
} from '../../src/srv/probability.js';
import type { SrvRecord } from '../../src/srv/types.js';
import { KmsSrvError } from '../../src/util/errors.js';
import { records, SELECTION_CASES } from './cases.js';

describe('drawFractions: the three cases of §3', () => {
  it.each([
    { weights: [60, 30, 10], expected: ['3/5', '3/10', '1/10'] }, // Z empty: w/S
    { weights: [5, 0, 3, 0], expected: ['5/9', '1/18', '1/3', '1/18'] }, // Z = 2: w/(S+1), zeros share 1/(S+1)
    { weights: [0, 0, 0], expected: ['1/3', '1/3', '1/3'] }, // S = 0: uniform
    { weights: [9], expected: ['1'] },
  ])('$weights → $expected', ({ weights, expected }) => {
    expect(drawFractions(weights).map(formatFraction)).toEqual(expected);
  });
});

describe.each(SELECTION_CASES)('exact probabilities: $name', ({ records: set, profile }) => {
  it('first-pick shares sum to exactly 1', () => {
    expect(sum(firstPickFractions(set, profile))).toEqual(ONE);
  });

  it('full-order probabilities sum to exactly 1 and each order is a permutation', () => {
    const orders = orderFractions(set, profile);
    expect(sum(orders.map((o) => o.probability))).toEqual(ONE);
    for (const { order } of orders) expect([...order].sort((a, b) => a - b)).toEqual(set.map((_, i) => i));
  });

  it('the first element of the orders has the first-pick shares as its marginal', () => {
    const marginal = set.map(() => ZERO);
    for (const { order, probability } of orderFractions(set, profile)) marginal[order[0]!] = add(marginal[order[0]!]!, probability);
    expect(marginal).toEqual(firstPickFractions(set, profile));
  });

  it('position shares: every row and every column sums to 1', () => {
    const shares = positionShares(set, profile);
    for (const row of shares) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let p = 0; p < set.length; p++) expect(shares.reduce((a, row) => a + row[p]!, 0)).toBeCloseTo(1, 12);
  });
});

describe('profiles', () => {
  const set = records([[10, 1], [0, 3], [0, 1], [10, 5]]);

  it('win7: only the lowest priority group gets first picks', () => {
    expect(firstPickShares(set, 'win7')).toEqual([0, 3 / 4, 1 / 4, 0]);
  });

  it('win7: orders that break priority have no entry', () => {
    const orders = orderProbabilities(set, 'win7');
    expect(orders).toHaveLength(4);
    for (const { order } of orders) expect(order.slice(0, 2).sort()).toEqual([1, 2]);
  });

  it('vista: every record 1/n first, every order 1/n!', () => {
    expect(firstPickShares(set, 'vista')).toEqual([1 / 4, 1 / 4, 1 / 4, 1 / 4]);
    const orders = orderFractions(set, 'vista');
    expect(orders).toHaveLength(24);
    for (const { probability } of orders) expect(probability).toEqual(fraction(1, 24));
  });
});

/** Orders as "i,j,k" → the fraction in lowest terms, so the listing order does not matter. */
const byOrder = (orders: ReturnType<typeof orderFractions>) => Object.fromEntries(orders.map(({ order, probability }) => [order.join(','), formatFraction(probability)]));

describe('every order against hand-worked fractions (§3: draws without replacement, weights of those left)', () => {
  it('win7, one priority, weights 60/30/10: each order is the product of its draws', () => {
    // e.g. 1,0,2: 30/100 first, then 60 of the 70 left: 3/10 · 6/7 = 9/35.
    expect(byOrder(orderFractions(records([[0, 60], [0, 30], [0, 10]]), 'win7'))).toEqual({
      '0,1,2': '9/20', // 3/5 · 3/4
      '0,2,1': '3/20', // 3/5 · 1/4
      '1,0,2': '9/35', // 3/10 · 6/7
      '1,2,0': '3/70', // 3/10 · 1/7
      '2,0,1': '1/15', // 1/10 · 2/3
      '2,1,0': '1/30', // 1/10 · 1/3
    });
  });

  it('win7, weights 1/0/0: the weight-0 hosts split 1/(S+1), and once alone they are uniform', () => {
    // First draw: S = 1, Z = 2 → 1/2 for the weighted host, 1/4 for each zero. After a zero: S = 1,
    // Z = 1 → 1/2 each. After the weighted host: S = 0 → 1/2 each.
    expect(byOrder(orderFractions(records([[0, 1], [0, 0], [0, 0]]), 'win7'))).toEqual({
      '0,1,2': '1/4',
      '0,2,1': '1/4',
      '1,0,2': '1/8',
      '1,2,0': '1/8',
      '2,0,1': '1/8',
      '2,1,0': '1/8',
    });
  });

  it('win7, two priorities: the lower one always first, then weight 3 against a weight-0 host (3/4, 1/4)', () => {
    const set = records([[10, 3], [0, 2], [10, 0]]);
    expect(byOrder(orderFractions(set, 'win7'))).toEqual({ '1,0,2': '3/4', '1,2,0': '1/4' });
    expect(firstPickFractions(set, 'win7').map(formatFraction)).toEqual(['0', '1', '0']);
    const shares = positionShares(set, 'win7');
    const expected = [
      [0, 3 / 4, 1 / 4],
      [1, 0, 0],
      [0, 1 / 4, 3 / 4],
    ];
    shares.forEach((row, i) => row.forEach((share, p) => expect(share, `record ${i}, position ${p}`).toBeCloseTo(expected[i]![p]!, 15)));
  });

  it('vista: priority and weight ignored, a "." record left out: two hosts, two orders of 1/2', () => {
    const set: SrvRecord[] = [...records([[10, 100], [0, 0]]), { priority: 0, weight: 50, port: 0, target: '.' }];
    expect(byOrder(orderFractions(set, 'vista'))).toEqual({ '0,1': '1/2', '1,0': '1/2' });
    expect(positionShares(set, 'vista')).toEqual([[1 / 2, 1 / 2], [1 / 2, 1 / 2], [0, 0]]);
  });
});

describe('edge cases', () => {
  const notOffered: SrvRecord = { priority: 0, weight: 0, port: 0, target: '.' };

  it.each(['win7', 'vista'] as const)('%s: a lone "." record, or no record, has no shares and no orders', (profile) => {
    expect(firstPickShares([notOffered], profile)).toEqual([0]);
    expect(orderProbabilities([notOffered], profile)).toEqual([]);
    expect(orderProbabilities([], profile)).toEqual([]);
    expect(positionShares([notOffered], profile)).toEqual([[]]);
    expect(positionShares([], profile)).toEqual([]);
  });

  it('"." beside hosts gets share 0 and appears in no order', () => {
    const set = [...records([[0, 0], [0, 0]]), notOffered];
    expect(firstPickShares(set, 'vista')).toEqual([1 / 2, 1 / 2, 0]);
    for (const { order } of orderProbabilities(set, 'win7')) expect(order).not.toContain(2);
  });

  it('more than 8 records is a clear error', () => {
    const nine = records(Array.from({ length: 9 }, (): [number, number] => [0, 1]));
    expect(() => orderProbabilities(nine, 'win7')).toThrow(KmsSrvError);
    expect(() => orderProbabilities(nine, 'win7')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => orderProbabilities(nine, 'win7')).toThrow(/at most 8 records, got 9/);
    expect(() => positionShares(nine, 'vista')).toThrow(KmsSrvError);
  });

  it('8 records enumerate all 40,320 vista orders', () => {
    const eight = records(Array.from({ length: 8 }, (_, i): [number, number] => [0, i]));
    expect(orderFractions(eight, 'vista')).toHaveLength(40_320);
  });

  it('first-pick shares need no enumeration, so large sets work', () => {
    const many = records(Array.from({ length: 100 }, (): [number, number] => [0, 1]));
    expect(sum(firstPickFractions(many, 'win7'))).toEqual(ONE);
  });
});
