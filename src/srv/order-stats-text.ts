// Text form of `order --stats`.
import { formatTable, percent } from '../util/text-table.js';
import type { OrderStats } from './order-stats.js';

export function formatStats(stats: OrderStats, profile: string, seed: string | undefined): string {
  const rows = stats.records.map((r) => [r.target, String(r.port), String(r.priority), String(r.weight), percent(r.expected, 3), percent(r.observed, 3)]);
  const table = formatTable(['target', 'port', 'priority', 'weight', 'expected', 'observed'], rows, ['left', 'right', 'right', 'right', 'right', 'right']);
  const { statistic, df, pValue, alpha, critical, agrees } = stats.chiSquare;
  const verdict =
    critical === null
      ? 'a single possible first pick: nothing to test'
      : `chi-square ${statistic.toFixed(3)} with ${df} df, p-value ${pValue.toPrecision(3)} (critical value at alpha ${alpha}: ${critical.toFixed(3)}): ` +
        (agrees ? 'the observed first picks agree with the exact shares' : 'the observed first picks DO NOT agree with the exact shares');
  return `${stats.count} orders, profile ${profile}, ${seed === undefined ? 'cryptographic random source' : `seed ${seed}`}\n\n${table}\n${verdict}\n`;
}
