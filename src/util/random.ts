// Randomness is injected everywhere it is used (selection, DNS IDs, source ports, simulation), so a
// seed reproduces a run exactly. The default source is cryptographically strong.
export interface Rng {
  /** A uniformly distributed integer in [0, maxExclusive). maxExclusive is 1 .. 2^32. */
  int(maxExclusive: number): number;
  /** A uniformly distributed float in [0, 1). */
  float(): number;
}
