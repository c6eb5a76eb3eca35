// docs/behaviour.md#selection: the order in which a KMS client tries the hosts of an SRV answer. Randomness is injected;
// every draw is an integer draw, so the probabilities are exactly those of §3 (no float rounding).
import type { Rng } from '../util/random.js';
import type { ClientProfile, SrvRecord } from './types.js';

/**
 * RFC 2782: a target of "." means the service is decidedly not offered at this domain. Such a record
 * names no host, so selection leaves it out; when it is the only record, there is no host to try.
 */
export function offersService(record: SrvRecord): boolean {
  return record.target !== '.';
}

/** Indices of the records that name a host, grouped by priority, lowest first; input order inside. */
export function priorityGroups(records: readonly SrvRecord[]): number[][] {
  const byPriority = new Map<number, number[]>();
  records.forEach((record, index) => {
    if (!offersService(record)) return;
    const group = byPriority.get(record.priority);
    if (group) group.push(index);
    else byPriority.set(record.priority, [index]);
  });
  return [...byPriority.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/**
 * One draw of docs/behaviour.md#selection among the first `count` entries of `candidates` (indices into `weights`).
 * Returns the POSITION in `candidates` of the record drawn. With S the sum of their weights and Z the
 * zero-weight ones: S = 0 → uniform; Z not empty → a draw r in 0..S, where r = S stands for the
 * zero-weight records (1/(S+1), then shared equally) and r < S walks the weighted ones (w/(S+1));
 * Z empty → r in 0..S-1 (w/S).
 */
export function drawPosition(weights: ArrayLike<number>, candidates: ArrayLike<number>, count: number, rng: Rng): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < count; i++) {
    const weight = weights[candidates[i]!]!;
    sum += weight;
    if (weight === 0) zeros++;
  }
  if (sum === 0) return rng.int(count);
  let r = rng.int(zeros > 0 ? sum + 1 : sum);
  if (r === sum) {
    let k = rng.int(zeros);
    for (let i = 0; i < count; i++) {
      if (weights[candidates[i]!] === 0 && k-- === 0) return i;
    }
  }
  for (let i = 0; i < count; i++) {
    const weight = weights[candidates[i]!]!;
    if (r < weight) return i;
    r -= weight;
  }
  throw new Error('drawPosition: unreachable (weights changed during the draw)');
}

/** The order as indices into `records` (records with target "." are left out, see offersService). */
export function orderIndices(records: readonly SrvRecord[], profile: ClientProfile, rng: Rng): number[] {
  if (profile === 'vista') {
    // Vista / 2008: a uniform random permutation, priority and weight ignored (Fisher–Yates).
    const order = records.flatMap((record, index) => (offersService(record) ? [index] : []));
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }
  const weights = records.map((record) => record.weight);
  const order: number[] = [];
  for (const group of priorityGroups(records)) {
    const left = [...group];
    for (let count = left.length; count > 0; count--) {
      const position = drawPosition(weights, left, count, rng);
      order.push(left[position]!);
      // Without replacement: move the last live candidate into the hole.
      left[position] = left[count - 1]!;
    }
  }
  return order;
}

/** docs/behaviour.md#selection: the order in which a client of `profile` tries the records. The input is not modified. */
export function orderRecords(records: readonly SrvRecord[], profile: ClientProfile, rng: Rng): SrvRecord[] {
  return orderIndices(records, profile, rng).map((index) => records[index]!);
}
