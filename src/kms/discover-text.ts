// `discover` for people: what the client asked, what came back, the order it tries hosts in, each
// attempt, and the host it ends with — or the error code it would show and what that means.
import { absoluteName } from '../names/canonical.js';
import { describeClientCode, EVENTS } from '../knowledge/client-error.js';
import { escapeForTerminal } from '../util/terminal.js';
import { alignColumns, percent, plural } from '../util/text-table.js';
import { hostPort } from '../names/host-port.js';
import type { CachedHost, DiscoverAttemptJson } from './types.js';
import type { DiscoverReport } from './run-discover.js';
import { formatWindowsClient } from './windows-client-text.js';

function describeCached(host: CachedHost | null): string {
  if (!host) return 'none';
  // The cache is read from a state file, which anything may have written.
  return escapeForTerminal(`${hostPort(host.target, host.port)}${host.address ? ` at ${host.address}` : ''} (cached ${host.cachedAt})`);
}

function attemptLine(a: DiscoverAttemptJson, index: number): string[] {
  return [`${index + 1}.`, hostPort(a.target, a.port), a.address ?? '-', a.ok ? 'answered' : `failed: ${escapeForTerminal(a.error ?? 'no answer')}`, `${a.elapsedMs} ms`];
}

const PROFILE_WORDS = {
  win7: 'Windows 7 / Server 2008 R2 and later: priority and weight honoured',
  vista: 'Windows Vista / Server 2008: uniform random, priority and weight ignored',
} as const;

export function formatDiscoverText(report: DiscoverReport): string {
  let out = report.windowsClient ? `${formatWindowsClient(report.windowsClient)}\n` : '';
  out += `Client profile: ${report.profile} (${PROFILE_WORDS[report.profile]})\n`;
  const cacheWhere = report.stateFile ? `state file ${report.stateFile}` : 'this run only (no --state)';
  out += report.hostCaching ? `Host cache: on, ${cacheWhere}; cached host: ${describeCached(report.cache.before)}\n` : 'Host cache: off (like slmgr /ckhc)\n';

  if (report.source === 'manual') {
    const m = report.candidates[0];
    out += `\nManual KMS host set (like slmgr /skms): ${m ? hostPort(m.target, m.port) : '?'}; DNS auto-discovery and the cache are bypassed.\n`;
  }

  if (report.domains.length > 0) {
    out += report.lookupDomainUsed ? '\nDNS lookup (lookup domain set, like slmgr /skms-domain; search list ignored):\n' : '\nDNS lookups, in order:\n';
    const rows = report.domains.map((d, i) => {
      const detail = report.domainDetails[i];
      const what =
        d.rcode === null
          ? `no answer: ${escapeForTerminal(detail?.failure ?? 'no DNS server answered')}`
          : d.event === null
            ? plural(d.records.length, 'SRV record')
            : `Win32 ${d.win32} (${EVENTS[d.event].code}): ${EVENTS[d.event].words}`;
      const cname = detail && detail.cnameChain.length > 0 ? `  (CNAME followed: ${[...detail.cnameChain, detail.finalName].map(absoluteName).join(' -> ')})` : '';
      // Owner names with their root dot, as doctor and dig print them; hosts below stay host:port.
      return [absoluteName(d.name), d.rcode ?? '-', what + cname];
    });
    out += alignColumns(rows, { indent: '  ' });
  }

  if (report.candidates.length > 0 && report.source !== 'manual') {
    out += '\nCandidates (first pick = share of clients that try the host first):\n';
    const rows = report.candidates.map((c) => [String(c.priority), String(c.weight), String(c.port), c.target, c.addresses.join(' ') || '(none)', percent(c.probability, 1)]);
    out += alignColumns([['priority', 'weight', 'port', 'target', 'addresses', 'first pick'], ...rows], { indent: '  ' });
    if (report.order.length > 0) out += `  Selection order this run: ${report.order.join(' -> ')}\n`;
  }

  if (report.attempts.length > 0) {
    out += '\nAttempts:\n';
    out += alignColumns(report.attempts.map(attemptLine), { indent: '  ' });
  } else if (!report.probed && (report.selected || report.candidates.length > 0)) {
    out += '\nAttempts: none (--probe none)\n';
  }

  if (report.selected) {
    const from = { manual: 'the manual setting', cache: 'the host cache', dns: 'DNS', none: '?' }[report.source];
    const cached = report.cache.after && report.cache.after !== report.cache.before ? '; now cached' : '';
    out += `\nSelected: ${hostPort(report.selected.target, report.selected.port)}${report.selected.address ? ` at ${report.selected.address}` : ''} (from ${from}${cached})\n`;
  } else {
    out += `\nNo KMS host selected. A Windows client would show ${describeClientCode(report.errorCode ?? '?')}.\n`;
  }

  if (report.notes.length > 0) out += `\nNotes:\n${report.notes.map((n) => `  - ${escapeForTerminal(n)}\n`).join('')}`;
  // Names are in presentation form; this pass catches any other field that carries a control character.
  return escapeForTerminal(out, true);
}
