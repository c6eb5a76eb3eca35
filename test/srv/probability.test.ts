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

describe('edge cases', () => {
  const notOffered: SrvRecord = { priority: 0, weight: 0, port: 0, target: '.' };

  it('a lone "." record: no shares, no orders', () => {
    expect(firstPickShares([notOffered], 'win7')).toEqual([0]);
    expect(orderProbabilities([notOffered], 'win7')).toEqual([]);
  });

  it('"." beside hosts gets share 0 and appears in no order', () => {
    const set = [...records([[0, 0], [0, 0]]), notOffered];
    expect(firstPickShares(set, 'vista')).toEqual([1 / 2, 1 / 2, 0]);
    for (const { order } of orderProbabilities(set, 'win7')) expect(order).not.toContain(2);
  });

  it('more than 8 records is a clear error', () => {
    const nine = records(Array.from({ length: 9 }, (): [number, number] => [0, 1]));
    expect(() => orderProbabilities(nine, 'win7')).toThrow(KmsSrvError);
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
