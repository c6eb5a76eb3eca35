// Text form of `simulate`: one aligned row per host, then the fleet totals.
import { formatTable, percent } from './text-table.js';
import type { SimulationReport } from './types.js';

function hours(minutes: number): string {
  return minutes >= 2880 ? `${(minutes / 1440).toFixed(1)} days` : `${(minutes / 60).toFixed(1)} h`;
}

export function formatSimulation(report: SimulationReport, seed: string | undefined): string {
  const { totals } = report;
  const head =
    `${report.clients} clients over ${report.days} days, profile ${report.profile}, host caching ${report.hostCache ? 'on' : 'off'}, ` +
    `${seed === undefined ? 'cryptographic random source' : `seed ${seed}`}\n` +
    report.outages.map((o) => `outage: ${o.target} down from hour ${o.fromHour} to hour ${o.toHour}\n`).join('');
  const rows = report.hosts.map((h) => [
    h.target,
    String(h.priority),
    String(h.weight),
    percent(h.expectedFirstPickShare),
    String(h.firstActivations),
    percent(h.firstActivationShare),
    String(h.renewals),
    percent(h.renewalShare),
    String(h.failovers),
    String(h.unanswered),
  ]);
  const table = formatTable(
    ['target', 'priority', 'weight', 'expected', 'first act.', 'share', 'renewals', 'share', 'failovers', 'unanswered'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const mean = totals.meanMinutesToReactivate === null ? 'none' : hours(totals.meanMinutesToReactivate);
  const lines = [
    `attempts ${totals.attempts}, DNS discoveries ${totals.dnsDiscoveries}`,
    `first activations ${totals.firstActivations}, renewals ${totals.renewals}; failed: ${totals.failedActivations} activation and ${totals.failedRenewals} renewal attempts`,
    `activated at the end ${totals.activatedAtEnd}, never activated ${totals.neverActivated}, lost activation ${totals.lostActivation}`,
    `failed renewals recovered ${totals.recoveredAfterFailedRenewal}, mean time to reactivate ${mean}`,
    'expected = SPEC §3 share of first picks with every host up; failovers = contacts that found the host down before another answered',
  ];
  if (report.hostCache) lines.push('host caching is on: renewals go to the cached host, so weights shape only first discoveries (slmgr /ckhc to balance)');
  return `${head}\n${table}\n${lines.join('\n')}\n`;
}
