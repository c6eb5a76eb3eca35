// Randomness is injected everywhere it is used (selection, DNS IDs, source ports, simulation), so a
// seed reproduces a run exactly. The default source is cryptographically strong: `cryptoRng()`.
// `seededRng(seed)` is for tests, `--seed` and the simulator; it is fast but not secure.
import { randomFillSync } from 'node:crypto';
import { usageError } from './errors.js';

/** A source of random numbers in [0, 1); selection takes one so that tests and `--seed` runs are reproducible. */
export interface Rng {
  /** A uniformly distributed integer in [0, maxExclusive). maxExclusive is 1 .. 2^32. */
  int(maxExclusive: number): number;
  /** A uniformly distributed float in [0, 1). */
  float(): number;
}

const TWO_32 = 0x1_0000_0000;
const TWO_53 = 2 ** 53;

/** An Rng over any source of uniform 32-bit words (exported for tests). `int` and `float` are exactly unbiased. */
export function rngFromWords(nextWord: () => number): Rng {
  return {
    int(maxExclusive: number): number {
      if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_32) {
        throw new RangeError(`Rng.int: maxExclusive must be an integer in 1..2^32, got ${maxExclusive}`);
      }
      // Rejection sampling: accept only words below the largest multiple of maxExclusive, so every
      // residue is equally likely (a plain `word % n` favours small residues).
      const limit = TWO_32 - (TWO_32 % maxExclusive);
      for (;;) {
        const word = nextWord();
        if (word < limit) return word % maxExclusive;
      }
    },
    float(): number {
      // 53 random bits: every representable multiple of 2^-53 in [0, 1) equally likely.
      const high = nextWord() >>> 5;
      const low = nextWord() >>> 6;
      return (high * 0x400_0000 + low) / TWO_53;
    },
  };
}

/** The default source: Node's CSPRNG, read 4 KiB at a time to keep the per-draw cost low. */
export function cryptoRng(): Rng {
  const words = new Uint32Array(1024);
  let next = words.length;
  return rngFromWords(() => {
    if (next === words.length) {
      randomFillSync(words);
      next = 0;
    }
    return words[next++]!;
  });
}

const MASK_64 = (1n << 64n) - 1n;

/** SplitMix64 (Vigna): spreads any seed, even 0 or 1, over the full state space. Returns the next word. */
export function splitMix64(state: { value: bigint }): bigint {
  state.value = (state.value + 0x9e3779b97f4a7c15n) & MASK_64;
  let z = state.value;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}

/** xoshiro128** (Blackman and Vigna) over a 4-word state; returns the word generator. */
export function xoshiro128StarStar(state: readonly [number, number, number, number]): () => number {
  let [s0, s1, s2, s3] = state;
  return () => {
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };
}

/**
 * A reproducible source: xoshiro128** seeded through SplitMix64. The same seed gives the same
 * sequence on every platform. Seeds are reduced modulo 2^64.
 */
export function seededRng(seed: number | bigint): Rng {
  if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
    throw new RangeError(`seededRng: the seed must be a safe integer, got ${seed}`);
  }
  const mixer = { value: BigInt.asUintN(64, BigInt(seed)) };
  const a = splitMix64(mixer);
  const b = splitMix64(mixer);
  const words: [number, number, number, number] = [
    Number(a & 0xffffffffn),
    Number(a >> 32n),
    Number(b & 0xffffffffn),
    Number(b >> 32n),
  ];
  // The all-zero state is the one xoshiro cannot leave; SplitMix64 practically never yields it.
  if (words.every((word) => word === 0)) words[0] = 1;
  return rngFromWords(xoshiro128StarStar(words));
}

/** Parses a `--seed` value: a decimal integer (any size; reduced modulo 2^64 by `seededRng`). */
export function parseSeed(text: string): bigint {
  const trimmed = text.trim();
  if (!/^-?\d{1,40}$/.test(trimmed)) throw usageError(`--seed must be a whole number, got "${text}"`);
  return BigInt(trimmed);
}

/** The Rng for a command: seeded when `--seed` was given, otherwise the cryptographic default. */
export function rngForSeed(seed: string | undefined): Rng {
  return seed === undefined ? cryptoRng() : seededRng(parseSeed(seed));
}
