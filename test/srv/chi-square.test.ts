import { describe, expect, it } from 'vitest';
import { chiSquareCritical, chiSquarePValue, gammaQ, goodnessOfFit, lnGamma } from '../../src/srv/chi-square.js';

/** Closed form for even df = 2k: P(X >= x) = Σ_{i<k} e^(-x/2) (x/2)^i / i!, summed in log space. */
function evenDfPValue(x: number, df: number): number {
  const logTerms: number[] = [];
  let logFactorial = 0;
  for (let i = 0; i < df / 2; i++) {
    if (i > 0) logFactorial += Math.log(i);
    logTerms.push(-x / 2 + i * Math.log(x / 2) - logFactorial);
  }
  const top = Math.max(...logTerms);
  return Math.exp(top) * logTerms.reduce((acc, t) => acc + Math.exp(t - top), 0);
}

describe('lnGamma', () => {
  it.each([1, 2, 5, 10, 20, 50])('Γ(%i) = (n-1)!', (n) => {
    let factorial = 0;
    for (let i = 2; i < n; i++) factorial += Math.log(i);
    expect(lnGamma(n)).toBeCloseTo(factorial, 10);
  });

  it('Γ(1/2) = √π', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});

describe('chi-square p-values', () => {
  it.each([
    [0.5, 2],
    [3, 2],
    [10, 4],
    [7.5, 10],
    [40, 20],
    [120, 100],
    [2500, 2400],
  ])('x=%d, df=%i matches the closed form for even df', (x, df) => {
    expect(chiSquarePValue(x, df)).toBeCloseTo(evenDfPValue(x, df), 10);
  });

  it('Q(a, 0) = 1 and Q(a, ∞) = 0', () => {
    expect(gammaQ(3, 0)).toBe(1);
    expect(chiSquarePValue(Infinity, 3)).toBe(0);
  });
});

describe('chi-square critical values (published tables)', () => {
  it.each([
    { alpha: 0.05, df: 1, critical: 3.841 },
    { alpha: 0.001, df: 1, critical: 10.828 },
    { alpha: 0.001, df: 10, critical: 29.588 },
    { alpha: 0.05, df: 100, critical: 124.342 },
  ])('alpha $alpha, df $df → $critical', ({ alpha, df, critical }) => {
    expect(chiSquareCritical(alpha, df)).toBeCloseTo(critical, 3);
  });

  it('the critical value inverts the p-value', () => {
    expect(chiSquarePValue(chiSquareCritical(0.001, 37), 37)).toBeCloseTo(0.001, 9);
  });
});

describe('goodnessOfFit', () => {
  it('a perfect fit has statistic 0 and p-value 1', () => {
    expect(goodnessOfFit([25, 25, 50], [0.25, 0.25, 0.5])).toEqual({ statistic: 0, df: 2, pValue: 1, categories: 3 });
  });

  it('an observation in an impossible category fails outright', () => {
    expect(goodnessOfFit([10, 1], [1, 0]).pValue).toBe(0);
  });

  it('sparse categories are pooled', () => {
    // Expected counts 97, 1, 1, 1: the three sparse ones pool into 3 (< 5) and join the big bin.
    const fit = goodnessOfFit([97, 1, 1, 1], [0.97, 0.01, 0.01, 0.01]);
    expect(fit.categories).toBe(1);
    expect(fit.df).toBe(0);
  });
});
