// The summary `audit` prints without --json: verdict counts, the slowest domains, the failing ones.
import { EVENTS } from '../knowledge/client-error.js';
import { escapeForTerminal } from '../util/terminal.js';
import { formatTable } from '../util/text-table.js';
import { TOP, type AuditTally } from './tally.js';
import { VERDICTS } from './types.js';

export interface AuditRunInfo {
  elapsedMs: number;
  concurrency: number;
  servers: string[];
  /** Per server asked over UDP: queries sent and replies taken; absent when not counted. */
  serverCounts?: ReadonlyArray<{ server: string; sent: number; answered: number }>;
}

// The DNS verdicts in the words of their client events; the others say what audit itself saw.
const MEANING: Record<string, string> = {
  ok: 'SRV found, every target has an address (and answered, when probed)',
  'no-srv': `_vlmcs._tcp: ${EVENTS.nxdomain.words} (NXDOMAIN)`,
  nodata: `_vlmcs._tcp: ${EVENTS.nodata.words} (NODATA)`,
  servfail: EVENTS.servfail.words,
  refused: EVENTS.refused.words,
  'no-address': 'a target has no A or AAAA record',
  unreachable: 'a host did not answer the probe',
  timeout: EVENTS['no-server-answered'].words,
  invalid: 'the input line is not a domain name',
};

export function formatAuditText(tally: AuditTally, info: AuditRunInfo): string {
  const seconds = info.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(tally.total / seconds) : tally.total;
  const parts: string[] = [
    `audited ${tally.total} domain${tally.total === 1 ? '' : 's'} in ${seconds.toFixed(2)} s (${rate} per second, ${info.concurrency} at a time) via ${info.servers.join(', ')}`,
    '',
    formatTable(
      ['verdict', 'domains', 'client error', 'meaning'],
      VERDICTS.filter((v) => v === 'ok' || tally.count(v) > 0).map((v) => [v, String(tally.count(v)), [...(tally.errorCodes.get(v) ?? [])].sort().join(', '), MEANING[v] ?? '']),
      ['left', 'right', 'left', 'left'],
    ).trimEnd(),
  ];
  if (tally.slowest.length > 0) {
    parts.push('', `slowest ${Math.min(TOP, tally.slowest.length)}:`);
    parts.push(
      formatTable(
        ['ms', 'domain', 'verdict'],
        tally.slowest.map((e) => [String(e.elapsedMs), escapeForTerminal(e.domain), e.verdict]),
        ['right', 'left', 'left'],
      ).trimEnd(),
    );
  }
  // A server sent queries that answered none of them is named: its domains' verdicts are about it.
  const silent = (info.serverCounts ?? []).filter((s) => s.sent > 0 && s.answered === 0);
  if (silent.length > 0) {
    parts.push('');
    for (const s of silent) parts.push(`server ${s.server} answered none of the ${s.sent.toLocaleString('en-US')} queries sent to it`);
  }
  if (tally.failing.length > 0) {
    const cut = tally.notOk > tally.failing.length ? `, the first ${tally.failing.length} to finish (--all-failures lists every one)` : '';
    parts.push('', `${tally.notOk} not ok${cut}:`);
    parts.push(
      formatTable(
        ['line', 'domain', 'verdict', 'client error'],
        // An invalid line is shown as it was read.
        tally.failing.map((e) => [String(e.line), escapeForTerminal(e.domain), e.verdict, e.errorCode ?? '']),
        ['right', 'left', 'left', 'left'],
      ).trimEnd(),
    );
  }
  return `${parts.join('\n')}\n`;
}
