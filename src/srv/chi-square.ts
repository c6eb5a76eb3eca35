// Pearson's chi-square goodness-of-fit test: how `order --stats` and the tests judge seeded draws
// against the exact shares of §3 (a loose percentage margin flakes; see golang/go#49933).

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** ln Γ(x) for x > 0: shift x up to 15, then Stirling's series (error below 1e-13 there). */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma: x must be positive, got ${x}`);
  let shift = 0;
  let z = x;
  while (z < 15) {
    shift += Math.log(z);
    z += 1;
  }
  const z2 = z * z;
  const series = 1 / (12 * z) - 1 / (360 * z * z2) + 1 / (1260 * z * z2 * z2) - 1 / (1680 * z * z2 * z2 * z2);
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || x < 0 || Number.isNaN(x)) throw new RangeError(`gammaQ: need a > 0 and x >= 0, got a=${a}, x=${x}`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const prefactor = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    // Power series for the lower function P; Q = 1 - P.
    let term = 1 / a;
    let total = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      total += term;
      if (Math.abs(term) < Math.abs(total) * EPSILON) break;
    }
    return Math.min(1, Math.max(0, 1 - total * prefactor));
  }
  // Continued fraction for Q, evaluated with the modified Lentz method.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.min(1, Math.max(0, prefactor * h));
}

/** P(X >= statistic) for X chi-square distributed with `df` degrees of freedom: the p-value. */
export function chiSquarePValue(statistic: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`chiSquarePValue: df must be a positive integer, got ${df}`);
  if (statistic === Infinity) return 0;
  return gammaQ(df / 2, Math.max(0, statistic) / 2);
}

/** The critical value c with P(X >= c) = alpha (bisection; 200 halvings pin it to double precision). */
export function chiSquareCritical(alpha: number, df: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`chiSquareCritical: alpha must be in (0, 1), got ${alpha}`);
  let low = 0;
  let high = Math.max(1, df);
  for (let i = 0; i < 200 && chiSquarePValue(high, df) > alpha; i++) high *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (chiSquarePValue(mid, df) > alpha) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

export interface GoodnessOfFit {
  statistic: number;
  /** Degrees of freedom: categories after pooling, minus one. 0 means nothing to test. */
  df: number;
  pValue: number;
  /** Number of categories after pooling the sparse ones. */
  categories: number;
}

/**
 * Tests observed counts against expected probabilities (which must sum to 1). Categories expected
 * fewer than `minExpected` times are pooled, the usual condition for the chi-square approximation.
 * An observation in a category of probability 0 is impossible: statistic Infinity, p-value 0.
 */
export function goodnessOfFit(observed: readonly number[], probabilities: readonly number[], minExpected = 5): GoodnessOfFit {
  if (observed.length !== probabilities.length) throw new RangeError('goodnessOfFit: observed and probabilities differ in length');
  const total = observed.reduce((a, b) => a + b, 0);
  const bins: Array<{ observed: number; expected: number }> = [];
  const pooled = { observed: 0, expected: 0 };
  for (let i = 0; i < observed.length; i++) {
    const expected = probabilities[i]! * total;
    if (probabilities[i] === 0) {
      if (observed[i]! > 0) return { statistic: Infinity, df: Math.max(1, observed.length - 1), pValue: 0, categories: observed.length };
      continue;
    }
    if (expected < minExpected) {
      pooled.observed += observed[i]!;
      pooled.expected += expected;
    } else bins.push({ observed: observed[i]!, expected });
  }
  if (pooled.expected > 0) {
    // A pooled bin that is still sparse joins the smallest regular bin.
    const smallest = bins.reduce<{ observed: number; expected: number } | undefined>((min, bin) => (!min || bin.expected < min.expected ? bin : min), undefined);
    if (pooled.expected < minExpected && smallest) {
      smallest.observed += pooled.observed;
      smallest.expected += pooled.expected;
    } else bins.push(pooled);
  }
  const statistic = bins.reduce((acc, bin) => acc + (bin.observed - bin.expected) ** 2 / bin.expected, 0);
  const df = bins.length - 1;
  return { statistic, df, pValue: df > 0 ? chiSquarePValue(statistic, df) : 1, categories: bins.length };
}
