import { describe, expect, it } from 'vitest';
import { goodnessOfFit, chiSquareCritical } from '../../src/srv/chi-square.js';
import { KmsSrvError } from '../../src/util/errors.js';
import { cryptoRng, parseSeed, rngForSeed, rngFromWords, seededRng, splitMix64, xoshiro128StarStar } from '../../src/util/random.js';

function words(values: number[]): () => number {
  let i = 0;
  return () => values[i++]!;
}

describe('xoshiro128** and SplitMix64 published vectors', () => {
  it('xoshiro128** from state {1,2,3,4} gives the reference outputs of xoshiro128starstar.c', () => {
    const next = xoshiro128StarStar([1, 2, 3, 4]);
    const out = Array.from({ length: 10 }, next);
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('SplitMix64 seeded with 0 gives the reference outputs', () => {
    const state = { value: 0n };
    expect([splitMix64(state), splitMix64(state), splitMix64(state)]).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
  });
});

describe('rngFromWords', () => {
  it('rejects the words above the largest multiple of n (no modulo bias)', () => {
    // For n = 3 the limit is 2^32 - 1: the word 0xffffffff is rejected and the next one used.
    const rng = rngFromWords(words([0xffffffff, 5]));
    expect(rng.int(3)).toBe(5 % 3);
  });

  it('accepts every word for n = 2^32', () => {
    expect(rngFromWords(words([0xffffffff])).int(2 ** 32)).toBe(0xffffffff);
  });

  it('float uses 53 bits: all-ones words give the largest double below 1', () => {
    expect(rngFromWords(words([0xffffffff, 0xffffffff])).float()).toBe(1 - 2 ** -53);
    expect(rngFromWords(words([0, 0])).float()).toBe(0);
  });

  it.each([0, -1, 1.5, 2 ** 32 + 1, Number.NaN])('int(%s) is a RangeError', (n) => {
    expect(() => seededRng(1).int(n)).toThrow(RangeError);
  });
});

describe('seededRng', () => {
  it('same seed, same sequence; number and bigint seeds agree', () => {
    const a = seededRng(42);
    const b = seededRng(42n);
    expect(Array.from({ length: 20 }, () => a.int(1000))).toEqual(Array.from({ length: 20 }, () => b.int(1000)));
  });

  it('different seeds give different sequences', () => {
    const a = seededRng(1);
    const b = seededRng(2);
    expect(Array.from({ length: 8 }, () => a.int(2 ** 32))).not.toEqual(Array.from({ length: 8 }, () => b.int(2 ** 32)));
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => seededRng(0.5)).toThrow(RangeError);
  });

  it.each([7, 10, 3 * 2 ** 30])('int(%s) is uniform (chi-square, alpha 0.001, fixed seed)', (n) => {
    const rng = seededRng(20240601);
    const bins = Math.min(n, 10);
    const counts = new Array<number>(bins).fill(0);
    const draws = 50_000;
    for (let i = 0; i < draws; i++) counts[Math.floor((rng.int(n) * bins) / n)]!++;
    // Equal-width bins over 0..n-1: exact probabilities from the bin sizes.
    const probabilities = counts.map((_, b) => (Math.ceil(((b + 1) * n) / bins) - Math.ceil((b * n) / bins)) / n);
    const fit = goodnessOfFit(counts, probabilities);
    expect(fit.statistic).toBeLessThan(chiSquareCritical(0.001, fit.df));
  });

  it('float is uniform over ten bins and stays in [0, 1)', () => {
    const rng = seededRng(7);
    const counts = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 50_000; i++) {
      const x = rng.float();
      if (!(x >= 0 && x < 1)) outside++;
      else counts[Math.floor(x * 10)]!++;
    }
    expect(outside).toBe(0);
    const fit = goodnessOfFit(counts, new Array<number>(10).fill(0.1));
    expect(fit.statistic).toBeLessThan(chiSquareCritical(0.001, 9));
  });
});

describe('cryptoRng', () => {
  it('stays in range across buffer refills and is not constant', () => {
    const rng = cryptoRng();
    const seen = new Set<number>();
    for (let i = 0; i < 3000; i++) {
      const x = rng.int(6);
      expect(Number.isInteger(x) && x >= 0 && x < 6).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe('parseSeed and rngForSeed', () => {
  it.each(['abc', '1.5', '', '0x10'])('rejects %j with a usage error', (text) => {
    expect(() => parseSeed(text)).toThrow(KmsSrvError);
  });

  it('accepts big and negative seeds', () => {
    expect(parseSeed(' 18446744073709551617 ')).toBe(18446744073709551617n);
    expect(parseSeed('-3')).toBe(-3n);
  });

  it('a seed option reproduces the sequence', () => {
    const a = rngForSeed('99');
    const b = rngForSeed('99');
    expect([a.int(100), a.int(100), a.int(100)]).toEqual([b.int(100), b.int(100), b.int(100)]);
  });
});
