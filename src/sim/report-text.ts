// Text form of `simulate`: one aligned row per host, then the fleet totals.
import { sameHost } from './outage.js';
import { formatTable, percent } from '../util/text-table.js';
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
    "expected = the host's share of first picks by the profile's SRV selection rules, every host up; failovers = contacts that found the host down before another answered",
  ];
  if (report.hostCache) lines.push('host caching is on: renewals go to the cached host, so weights shape only first discoveries (slmgr /ckhc to balance)');
  return `${head}\n${table}\n${lines.join('\n')}\n${outageEffects(report)}`;
}

/** One line per host with an outage: what its downtime did, so an admin need not read it off the table. */
function outageEffects(report: SimulationReport): string {
  const lines = report.hosts.flatMap((h) => {
    const hours = report.outages.filter((o) => sameHost(o.target, h.target)).map((o) => `${o.fromHour}-${o.toHour}`);
    if (hours.length === 0) return [];
    return [
      `  ${h.target} (down hours ${hours.join(', ')}): ${h.failovers} contacts failed over to another host, ${h.unanswered} found no host up; ` +
        `it served ${percent(h.renewalShare)} of renewals, ${percent(h.expectedFirstPickShare)} expected`,
    ];
  });
  if (lines.length === 0) return '';
  const why = report.hostCache
    ? 'with host caching, a client that failed over keeps the host that answered until that host fails too'
    : 'without host caching, every contact orders the hosts afresh';
  return `\neffect of the outages (${why}):\n${lines.join('\n')}\n`;
}
