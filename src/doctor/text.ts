// `doctor`'s text output: what was gathered (domains, authoritative servers, probes, notes), then the
// findings exactly as `check-zone` prints them.
import type { SrvFact } from '../checks/facts.js';
import { EVENTS, eventOfRcode } from '../knowledge/client-error.js';
import { hostPort } from '../names/host-port.js';
import { renderReportText, type TextOptions } from '../checks/report.js';
import { escapeForTerminal } from '../util/terminal.js';
import { plural } from '../util/text-table.js';
import type { DoctorResult } from './run-doctor.js';
import { formatWindowsClient } from '../kms/windows-client-text.js';

function describeRecord(r: SrvFact): string {
  const alias = r.targetCname !== undefined ? ` (CNAME to ${r.targetCname})` : '';
  const where = r.targetAddresses === undefined ? '' : r.targetAddresses.length === 0 ? ' -> no address' : ` -> ${r.targetAddresses.join(', ')}`;
  return `${r.priority} ${r.weight} ${r.port} ${r.target}${alias}${where}  ttl ${r.ttl}`;
}

export function formatDoctorText(result: DoctorResult, options: TextOptions = {}): string {
  const { facts } = result.report;
  const lines: string[] = result.windowsClient ? [...formatWindowsClient(result.windowsClient).trimEnd().split('\n'), ''] : [];
  lines.push(`Domains searched, in order (profile ${facts.profile}, host caching ${facts.hostCaching ? 'on' : 'off'}):`);
  for (const d of facts.domains) {
    // Without a usable reply, the failure says why in the resolver's words (refused, malformed, a loop …).
    const by = d.server ? ` from ${d.server}` : d.failure !== undefined ? ` (${d.failure})` : '';
    // The same words and code as discover's domain lines, from the one event table.
    const event = EVENTS[eventOfRcode(d.rcode)];
    const win32 = d.win32 !== undefined ? `, Win32 ${d.win32} (${event.code}): ${event.words}` : '';
    lines.push(`  ${d.srvName}  ${d.rcode}${win32}, ${plural(d.records.length, 'SRV record')}${by}`);
    if (d.ownerCname) lines.push(`    CNAME to ${d.ownerCname}`);
    for (const i of d.ignored ?? []) lines.push(`    ignored (${i.section}): ${i.name} ${i.type}: ${i.reason}`);
    for (const r of d.records) lines.push(`    ${describeRecord(r)}`);
  }
  const asked = result.log.authoritative.filter((a) => a.servers.length > 0);
  if (asked.length > 0) {
    lines.push('Authoritative servers asked directly:');
    for (const a of asked) {
      lines.push(`  ${a.srvName}${a.zone ? ` (zone ${a.zone})` : ''}`);
      for (const ns of (facts.nsAnswers ?? []).filter((n) => n.domain === a.srvName)) {
        lines.push(`    ${ns.server}: ${ns.rcode}, ${plural(ns.records.length, 'SRV record')}`);
      }
    }
  }
  if (facts.probes !== undefined) {
    lines.push(`Probes (${result.probe}):`);
    if (facts.probes.length === 0) lines.push('  (no host with an address to probe)');
    for (const p of facts.probes) lines.push(`  ${hostPort(p.target, p.port)} at ${p.address ?? '?'}: tcp ${p.tcp}${p.rpc ? `, rpc ${p.rpc === 'bind_ack' ? 'bind_ack (a KMS answers)' : 'not acknowledged'}` : ''}`);
  } else {
    lines.push('Probes: off (--no-probe)');
  }
  if (facts.client) {
    const c = facts.client;
    lines.push(`Client settings (--client-reg): manual host ${escapeForTerminal(c.manualHost ?? 'none')}, lookup domain ${escapeForTerminal(c.lookupDomain ?? 'none')}, host caching ${c.hostCachingDisabled ? 'off (/ckhc)' : 'on'}`);
  }
  if (result.log.notes.length > 0) lines.push('Notes:', ...result.log.notes.map((note) => `  - ${escapeForTerminal(note)}`));
  if (result.log.answered === 0) lines.push('No DNS server answered any query: nothing could be gathered.');
  // Names are in presentation form and .reg values escaped above; this pass catches any other field.
  return `${escapeForTerminal(lines.join('\n'), true)}\n\n${renderReportText(result.report, options)}`;
}
