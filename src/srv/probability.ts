// Exact probabilities of docs/behaviour.md#selection, computed from the rules (not by sampling): the share of first picks
// per record and the probability of every full order. Arithmetic is rational, so results sum to 1.
import { KmsSrvError } from '../util/errors.js';
import { fraction, multiply, ONE, toNumber, ZERO, type Fraction } from './fraction.js';
import { offersService, priorityGroups } from './select.js';
import type { ClientProfile, SrvRecord } from './types.js';

/** Full-order enumeration grows as n!; 8 records give at most 40,320 orders. */
export const MAX_ENUMERATED_RECORDS = 8;

/** Probability of each candidate being the next one drawn, given the weights of those left (§3). */
export function drawFractions(weights: readonly number[]): Fraction[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const zeros = weights.filter((w) => w === 0).length;
  if (zeros === 0) return weights.map((w) => fraction(w, total));
  // S = 0 needs no case of its own: every record is a zero, and 1/((0 + 1)·Z) is uniform.
  return weights.map((w) => (w > 0 ? fraction(w, total + 1) : fraction(1, (total + 1) * zeros)));
}

/** Exact share of first picks, per input index. Records with target "." never get picked. */
export function firstPickFractions(records: readonly SrvRecord[], profile: ClientProfile): Fraction[] {
  const shares: Fraction[] = records.map(() => ZERO);
  if (profile === 'vista') {
    const offered = records.filter(offersService).length;
    records.forEach((record, i) => {
      if (offersService(record)) shares[i] = fraction(1, offered);
    });
    return shares;
  }
  // win7: only the lowest priority group can supply the first host.
  const first = priorityGroups(records)[0] ?? [];
  const draws = drawFractions(first.map((i) => records[i]!.weight));
  first.forEach((index, k) => (shares[index] = draws[k]!));
  return shares;
}

/** Share of first picks per input index (a number in [0, 1]; all shares sum to 1 unless no host). */
export function firstPickShares(records: readonly SrvRecord[], profile: ClientProfile): number[] {
  return firstPickFractions(records, profile).map(toNumber);
}

export interface OrderFraction {
  /** Indices into the input records, in the order tried. */
  order: number[];
  probability: Fraction;
}

function permutationsOf(group: readonly number[], weights: readonly number[], profile: ClientProfile): OrderFraction[] {
  const out: OrderFraction[] = [];
  const visit = (left: number[], prefix: number[], probability: Fraction): void => {
    if (left.length === 0) {
      out.push({ order: prefix, probability });
      return;
    }
    const draws = profile === 'vista' ? left.map(() => fraction(1, left.length)) : drawFractions(left.map((i) => weights[i]!));
    left.forEach((index, k) => {
      visit(
        left.filter((_, j) => j !== k),
        [...prefix, index],
        multiply(probability, draws[k]!),
      );
    });
  };
  visit([...group], [], ONE);
  return out;
}

/**
 * Every order with a non-zero probability (orders that break priority are left out for win7), for
 * at most 8 records. Exact fractions; `orderProbabilities` gives the same as numbers.
 */
export function orderFractions(records: readonly SrvRecord[], profile: ClientProfile): OrderFraction[] {
  if (records.length > MAX_ENUMERATED_RECORDS) {
    throw new KmsSrvError(
      'INPUT_INVALID',
      `exact order probabilities are enumerated for at most ${MAX_ENUMERATED_RECORDS} records, got ${records.length} (${records.length}! orders)`,
    );
  }
  const weights = records.map((record) => record.weight);
  const hosts = records.flatMap((record, i) => (offersService(record) ? [i] : []));
  // vista: one group of every record that names a host, priority ignored.
  const groups = profile === 'vista' ? [hosts] : priorityGroups(records);
  // The groups are independent: an order is one permutation of each group, concatenated.
  let orders: OrderFraction[] = [{ order: [], probability: ONE }];
  for (const group of groups) {
    const tails = permutationsOf(group, weights, profile);
    orders = orders.flatMap((head) =>
      tails.map((tail) => ({ order: [...head.order, ...tail.order], probability: multiply(head.probability, tail.probability) })),
    );
  }
  // No host, no order (not one empty order of probability 1).
  return hosts.length === 0 ? [] : orders;
}

/** Every order in which a client can try `records`, with its exact probability (computed with fractions; they sum to 1). At most 8 records: more throws a `KmsSrvError` with code `INPUT_INVALID`. */
export function orderProbabilities(records: readonly SrvRecord[], profile: ClientProfile): Array<{ order: number[]; probability: number }> {
  return orderFractions(records, profile).map(({ order, probability }) => ({ order, probability: toNumber(probability) }));
}

/** positionShares[i][p]: probability that input record i is tried at position p (at most 8 records). */
export function positionShares(records: readonly SrvRecord[], profile: ClientProfile): number[][] {
  const orders = orderFractions(records, profile);
  const width = orders[0]?.order.length ?? 0;
  const shares = records.map(() => new Array<number>(width).fill(0));
  for (const { order, probability } of orders) {
    const p = toNumber(probability);
    order.forEach((index, position) => (shares[index]![position]! += p));
  }
  return shares;
}
