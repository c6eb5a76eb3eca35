// `order --stats`: draw N orders and set each record's observed share of first picks beside the exact
// share of §3, with a chi-square goodness-of-fit verdict.
import type { Rng } from '../util/random.js';
import { chiSquareCritical, goodnessOfFit } from './chi-square.js';
import { firstPickShares } from './probability.js';
import { orderIndices } from './select.js';
import type { ClientProfile, SrvRecord } from './types.js';

const STATS_ALPHA = 0.001;

export interface OrderStatsRow {
  target: string;
  port: number;
  priority: number;
  weight: number;
  /** Exact share of first picks (§3). */
  expected: number;
  /** Share of the N orders that started with this record. */
  observed: number;
  /** Number of orders that started with this record. */
  picks: number;
}

export interface OrderStats {
  count: number;
  records: OrderStatsRow[];
  chiSquare: { statistic: number; df: number; pValue: number; alpha: number; critical: number | null; agrees: boolean };
}

export function orderStats(records: readonly SrvRecord[], profile: ClientProfile, rng: Rng, count: number): OrderStats {
  const picks = records.map(() => 0);
  for (let i = 0; i < count; i++) {
    const first = orderIndices(records, profile, rng)[0];
    if (first !== undefined) picks[first]!++;
  }
  const expected = firstPickShares(records, profile);
  const fit = goodnessOfFit(picks, expected);
  const critical = fit.df > 0 ? chiSquareCritical(STATS_ALPHA, fit.df) : null;
  return {
    count,
    records: records.map((record, i) => ({
      target: record.target,
      port: record.port,
      priority: record.priority,
      weight: record.weight,
      expected: expected[i]!,
      observed: count > 0 ? picks[i]! / count : 0,
      picks: picks[i]!,
    })),
    chiSquare: { statistic: fit.statistic, df: fit.df, pValue: fit.pValue, alpha: STATS_ALPHA, critical, agrees: fit.pValue >= STATS_ALPHA },
  };
}
