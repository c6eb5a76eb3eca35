// Every check, with its stable ID. Order here is the order of docs/checks.md and of
// findings of equal severity.
import { EVENTS, eventOfRcode, knownCode } from '../knowledge/client-error.js';
import { formatCode } from '../knowledge/codes.js';
import { unlistedValueNote } from '../knowledge/registry-values.js';
import { TCP_FAILURE_WORDS, type TcpFailure } from '../knowledge/socket-outcomes.js';
import { canonicalName } from '../names/canonical.js';
import { hostPort } from '../names/host-port.js';
import { KMS_DEFAULT_PORT } from '../names/kms-service.js';
import { percent } from '../util/text-table.js';
import { defineCheck, type Check, type Hit } from './check.js';
import { srvMissingFix } from './srv-fix.js';
import type { DomainFact, Facts, ProbeFact, SrvFact } from './facts.js';
import {
  distinctHosts,
  isFailedRcode,
  isIpLiteral,
  isRootTarget,
  isUsable,
  looksOriginAppended,
  recordSubject,
  setSignature,
  targetAsWritten,
  usableRecords,
  weightsDiffer,
} from './records.js';

const REF = {
  rfc2782: 'RFC 2782: A DNS RR for specifying the location of services (DNS SRV)',
  rfc2181: 'RFC 2181 §10.3: Clarifications to the DNS Specification (MX and NS must not point to an alias; RFC 2782 applies it to SRV)',
  rfc1034cname: 'RFC 1034 §3.6.2: Aliases and canonical names (a CNAME owner has no other data)',
  rfc1035master: 'RFC 1035 §5.1: Master files (names without a trailing dot are relative to $ORIGIN)',
  rfc2308: 'RFC 2308: Negative Caching of DNS Queries (NXDOMAIN and NODATA)',
  msDeploy: 'Microsoft: Volume Activation Deployment Guide (KMS host publishing and client discovery)',
  msPlanKms: 'Microsoft: Key Management Services (KMS) activation planning',
  msSlmgr: 'Microsoft: Slmgr.vbs options for obtaining volume activation information',
  msTroubleshoot: 'Microsoft: Guidelines for troubleshooting the Key Management Service (KMS)',
} as const;

const RPC_UNAVAILABLE = formatCode(knownCode('RPC_SERVER_UNAVAILABLE'));
const NO_KMS = EVENTS['no-host-responded'].code;
/** Why a lookup got no usable reply, beside the event's words (the facts' pseudo-RCODEs). */
const NO_REPLY_DETAIL: Record<string, string> = {
  TIMEOUT: 'timed out',
  UNREACHABLE: 'the connection was refused or reset',
  BADRESP: 'only malformed replies came back',
};
/** At most this many ignored records are named in one finding. */
const MAX_IGNORED_SHOWN = 5;
const TTL_MIN = 60;
const TTL_MAX = 86_400;
const MAX_HOSTS = 6;

/** One hit per SRV record that matches, with its source line. */
function perRecord(facts: Facts, match: (r: SrvFact, d: DomainFact) => string | undefined): Hit[] {
  const hits: Hit[] = [];
  for (const domain of facts.domains) {
    for (const record of domain.records) {
      const message = match(record, domain);
      if (message !== undefined) hits.push({ subject: recordSubject(domain, record), message, ...(record.source ? { source: record.source } : {}) });
    }
  }
  return hits;
}

/** One hit per domain that matches; the source is the domain's first record (or its CNAME). */
function perDomain(facts: Facts, match: (d: DomainFact) => string | undefined): Hit[] {
  const hits: Hit[] = [];
  for (const domain of facts.domains) {
    const message = match(domain);
    const source = domain.records[0]?.source ?? domain.ownerSource;
    if (message !== undefined) hits.push({ subject: domain.srvName, message, ...(source ? { source } : {}) });
  }
  return hits;
}

function cachingOn(facts: Facts): boolean {
  return facts.hostCaching && facts.client?.hostCachingDisabled !== true;
}

/** The catalogue of checks, in the order they run and are documented (docs/checks.md). */
export const CHECKS: readonly Check[] = [
  defineCheck({
    id: 'srv-missing', severity: 'error', where: 'both',
    summary: `No \`_vlmcs._tcp\` SRV record in any domain of the search path, or in the zone checked (client: ${EVENTS.nxdomain.code}).`,
    fix: 'Publish `_vlmcs._tcp.<domain>` SRV records (or let the KMS host publish them) in a domain the clients search, or add that domain to their suffix search list. The finding names the domain: the BIND line to add and the `kms-srv generate bind` / `kms-srv publish` commands that make and send it.',
    refs: [REF.msDeploy, REF.rfc2782],
    find: (facts) => {
      const anyRecords = facts.domains.some((d) => d.records.length > 0 || d.ownerCname !== undefined);
      const allFailed = facts.domains.length > 0 && facts.domains.every((d) => isFailedRcode(d.rcode));
      // A name that exists without SRV is srv-nodata's case, with its own client code.
      const anyNodata = facts.domains.some((d) => d.rcode === 'NOERROR');
      if (anyRecords || allFailed || anyNodata) return [];
      const names = facts.domains.map((d) => `${d.srvName} (${d.rcode})`);
      const first = facts.domains[0];
      return [{
        subject: facts.domains.map((d) => d.srvName).join(', ') || '(no domain to search)',
        message: names.length === 0
          ? 'The client has no domain to search, so DNS auto-discovery cannot find a KMS host.'
          : `${facts.zone ? 'This zone has no KMS SRV record' : 'No KMS SRV record in any searched domain'}: ${names.join(', ')}. A Windows client reports ${EVENTS.nxdomain.code} (${EVENTS.nxdomain.title}).`,
        // The first domain searched is the one a client tries first: its records are the ones to add.
        ...(first ? { fix: srvMissingFix(first.domain) } : {}),
      }];
    },
  }),
  defineCheck({
    id: 'srv-nodata', severity: 'error', where: 'both',
    summary: `The name \`_vlmcs._tcp.<domain>\` exists but holds no SRV record (${EVENTS.nodata.code}).`,
    fix: 'Add the SRV records at that name (priority, weight, port 1688, the host\'s FQDN with a trailing dot), or remove the stray data left there.',
    refs: [REF.rfc2308, REF.rfc2782],
    find: (facts) => perDomain(facts, (d) =>
      d.rcode === 'NOERROR' && d.records.length === 0 && d.ownerCname === undefined
        ? `${d.srvName}: ${EVENTS.nodata.words} (SRV); a client reports ${EVENTS.nodata.code} (${EVENTS.nodata.title}, Win32 ${EVENTS.nodata.win32}).`
        : undefined),
  }),
  defineCheck({
    id: 'dns-servfail', severity: 'error', where: 'live',
    summary: `A DNS server failed or refused the query, or none answered (${EVENTS.servfail.code}).`,
    fix: 'Make the zone load and answer on every server the clients use: read the server\'s log for load errors, check forwarders and recursion rights.',
    refs: [REF.rfc2308, REF.msTroubleshoot],
    find: (facts) => {
      const hits = perDomain(facts, (d) => {
        // A CNAME loop is cname-loop's finding; every other failure fails the client's lookup alike.
        if (!isFailedRcode(d.rcode) || d.rcode === 'CNAME-LOOP') return undefined;
        const event = EVENTS[eventOfRcode(d.rcode)];
        const detail = NO_REPLY_DETAIL[d.rcode];
        const what = detail !== undefined ? `${event.words} (${detail})` : `the server${d.server ? ` ${d.server}` : ''} answered ${d.rcode}: ${event.words}`;
        return `${d.srvName}: ${what}; a client reports ${event.code} (${event.title}, Win32 ${event.win32}).`;
      });
      for (const ns of facts.nsAnswers ?? []) {
        if (!isFailedRcode(ns.rcode)) continue;
        const detail = NO_REPLY_DETAIL[ns.rcode];
        const what = detail !== undefined ? `gave no usable reply (${detail})` : `answered ${ns.rcode}`;
        hits.push({ subject: `${ns.domain} @ ${ns.server}`, message: `Authoritative server ${ns.server} ${what} for ${ns.domain}${ns.domain.endsWith('.') ? '' : '.'}` });
      }
      return hits;
    },
  }),
  defineCheck({
    id: 'cname-loop', severity: 'error', where: 'both',
    summary: 'A CNAME chain loops or runs longer than a client follows (8 aliases); servers answer SERVFAIL (0x8007232A).',
    fix: 'Break the loop: point one alias of the chain at a name that holds the records itself (SRV at `_vlmcs._tcp`, A/AAAA at a host).',
    refs: [REF.rfc1034cname, REF.rfc2181],
    find: (facts) => {
      const failure = EVENTS.servfail;
      const hits = perDomain(facts, (d) => (d.rcode === 'CNAME-LOOP' ? `${d.srvName}: ${d.failure ?? 'the CNAME chain loops'}; a client reports ${failure.code} (${failure.title}, Win32 ${failure.win32}).` : undefined));
      hits.push(...perRecord(facts, (r) => (r.targetLookup === 'CNAME-LOOP' ? `The address lookup of target ${r.target} runs into a CNAME loop; a client cannot connect to it.` : undefined)));
      for (const loop of facts.cnameLoops ?? []) {
        hits.push({ subject: loop.chain[0] ?? '', message: `CNAME chain ${loop.chain.join(' -> ')} ${loop.kind === 'loop' ? 'loops' : 'is longer than a client follows'}.`, ...(loop.source ? { source: loop.source } : {}) });
      }
      return hits;
    },
  }),
  defineCheck({
    id: 'dns-answer-ignored', severity: 'warning', where: 'live',
    summary: 'A DNS server sent records that are not part of the answer (other owners, answers beside NXDOMAIN, out-of-zone addresses); kms-srv ignored them, as a careful resolver does.',
    fix: 'Find out why the server adds foreign data: a misconfigured or compromised server, a broken middlebox, or a zone that answers for names it does not own.',
    refs: [REF.rfc2181],
    find: (facts) => perDomain(facts, (d) => {
      const ignored = d.ignored ?? [];
      if (ignored.length === 0) return undefined;
      const shown = ignored.slice(0, MAX_IGNORED_SHOWN).map((i) => `${i.section} ${i.name} ${i.type} (${i.reason})`);
      const more = ignored.length > MAX_IGNORED_SHOWN ? `, and ${ignored.length - MAX_IGNORED_SHOWN} more` : '';
      return `${d.srvName}: the server${d.server ? ` ${d.server}` : ''} sent ${ignored.length} record${ignored.length === 1 ? '' : 's'} that were ignored: ${shown.join('; ')}${more}.`;
    }),
  }),
  defineCheck({
    id: 'srv-target-relative', severity: 'error', where: 'both',
    summary: 'Target written without a trailing dot, so the origin was appended (`kms1.contoso.com.contoso.com.`; in a zone file also a relative name of several labels with no address in the zone).',
    fix: 'Write the target as a fully qualified name ending in a dot (`kms1.contoso.com.`).',
    refs: [REF.rfc1035master, REF.rfc2782],
    find: (facts) => perRecord(facts, (r) => {
      if (isRootTarget(r.target) || isIpLiteral(r.target)) return undefined;
      const written = targetAsWritten(r);
      const appended = r.targetOrigin === undefined ? 'the origin' : `the origin ${r.targetOrigin}`;
      const asWritten = written === undefined ? 'without a trailing dot' : `as "${written}", without a trailing dot`;
      if (looksOriginAppended(r.target, r.targetWrittenRelative === true)) {
        // Live answers only show the result: the missing dot is then the likely story, not a known one.
        const how = r.targetWrittenRelative === true ? 'it was written' : 'it was probably written';
        return `Target ${r.target} repeats its domain: ${how} ${asWritten}, so ${appended} was appended.`;
      }
      // A relative name of several labels with nothing at the name it became: almost surely a
      // fully qualified name missing its dot. One label ("kms3") is the usual in-zone shorthand.
      if (written !== undefined && written.includes('.') && r.targetAddresses?.length === 0) {
        return `Target ${r.target} has no address in the zone: it was written ${asWritten}, so ${appended} was appended.`;
      }
      return undefined;
    }),
  }),
  defineCheck({
    id: 'srv-target-cname', severity: 'warning', where: 'both',
    summary: 'The target is an alias (CNAME); RFC 2782 forbids it.',
    fix: 'Point the SRV record at the host\'s canonical name (the CNAME\'s target), which has the A/AAAA records.',
    refs: [REF.rfc2782, REF.rfc2181],
    find: (facts) => perRecord(facts, (r) =>
      r.targetCname !== undefined ? `Target ${r.target} is a CNAME to ${r.targetCname}; SRV targets must be canonical names.` : undefined),
  }),
  defineCheck({
    id: 'srv-owner-cname', severity: 'warning', where: 'both',
    summary: '`_vlmcs._tcp.<domain>` itself is a CNAME; some KMS clients (vlmcs) crash on it.',
    fix: 'Replace the CNAME by the SRV records themselves at `_vlmcs._tcp.<domain>`; a KMS host publishing there cannot coexist with a CNAME, and some KMS clients (vlmcs from vlmcsd) crash on a CNAME at that name.',
    refs: [REF.rfc1034cname, REF.msDeploy],
    find: (facts) => {
      const hits: Hit[] = [];
      for (const d of facts.domains) {
        if (d.ownerCname === undefined) continue;
        hits.push({ subject: d.srvName, message: `${d.srvName} is a CNAME to ${d.ownerCname}; the SRV name should hold the SRV records itself (some KMS clients, vlmcs among them, crash on a CNAME there).`, ...(d.ownerSource ? { source: d.ownerSource } : {}) });
      }
      return hits;
    },
  }),
  defineCheck({
    id: 'srv-target-no-address', severity: 'error', where: 'both',
    summary: 'The target has no A/AAAA record (zone files: in-zone targets only).',
    fix: 'Add A and/or AAAA records for the target host, or correct the target name.',
    refs: [REF.rfc2782, REF.msDeploy],
    find: (facts) => perRecord(facts, (r) =>
      r.targetAddresses !== undefined && r.targetAddresses.length === 0 && r.targetLookup === undefined && !isRootTarget(r.target) && !isIpLiteral(r.target)
        ? `Target ${r.target} has no A or AAAA record; a client cannot connect to it.`
        : undefined),
  }),
  defineCheck({
    id: 'srv-target-lookup-failed', severity: 'error', where: 'live',
    summary: 'The address lookup of a target failed (no DNS server answered, or it failed or refused): a client cannot connect (0xC004F074).',
    fix: 'Make the target\'s zone answer on the servers the clients use (forwarders, delegation, the zone\'s own servers), or point the SRV record at a host whose name resolves.',
    refs: [REF.rfc2782, REF.msTroubleshoot],
    find: (facts) => perRecord(facts, (r) => {
      if (r.targetLookup === undefined || r.targetLookup === 'CNAME-LOOP' || (r.targetAddresses?.length ?? 0) > 0) return undefined;
      const detail = NO_REPLY_DETAIL[r.targetLookup];
      const what = detail !== undefined ? `${EVENTS[eventOfRcode(r.targetLookup)].words} (${detail})` : `the server answered ${r.targetLookup}`;
      return `The A/AAAA lookup of target ${r.target} failed: ${what}; a client cannot connect to it.`;
    }),
  }),
  defineCheck({
    id: 'srv-target-ip', severity: 'error', where: 'both',
    summary: 'The target is an IP address literal, not a host name.',
    fix: 'Use the host\'s name as the target (with A/AAAA records holding the address).',
    refs: [REF.rfc2782],
    find: (facts) => perRecord(facts, (r) =>
      isIpLiteral(r.target) ? `Target ${r.target} is an address, not a host name; SRV targets must be names.` : undefined),
  }),
  defineCheck({
    id: 'srv-target-root', severity: 'warning', where: 'both',
    summary: 'Target `.`: the service is explicitly not offered.',
    fix: 'Remove the `.` record if KMS should be offered in this domain; keep it only to say on purpose that there is none.',
    refs: [REF.rfc2782],
    find: (facts) => perRecord(facts, (r, d) =>
      isRootTarget(r.target) ? `Target "." in ${d.srvName} says KMS is deliberately not offered in this domain (RFC 2782); clients find no host in it.` : undefined),
  }),
  defineCheck({
    id: 'port-zero', severity: 'error', where: 'both',
    summary: 'Port 0: no client can connect to the host.',
    fix: 'Set the port the KMS host listens on: 1688 unless `slmgr /sprt` changed it.',
    refs: [REF.rfc2782, REF.msSlmgr],
    find: (facts) => perRecord(facts, (r) => (r.port === 0 && !isRootTarget(r.target) ? `Port 0 for ${r.target}: no client can connect.` : undefined)),
  }),
  defineCheck({
    id: 'port-nonstandard', severity: 'info', where: 'both',
    summary: 'A port other than 1688 (fine if `slmgr /sprt` set it on the host).',
    fix: 'Nothing to do if the host listens there (`slmgr /sprt`); otherwise use 1688, and open the port in the firewall.',
    refs: [REF.msSlmgr],
    find: (facts) => perRecord(facts, (r) =>
      r.port !== 0 && r.port !== KMS_DEFAULT_PORT && !isRootTarget(r.target) ? `Port ${r.port} for ${r.target} (KMS listens on ${KMS_DEFAULT_PORT} unless /sprt changed it).` : undefined),
  }),
  defineCheck({
    id: 'srv-duplicate-host', severity: 'warning', where: 'both',
    summary: 'The same host is listed twice (case, port, manual and published copies).',
    fix: 'Keep one record per host; delete the manual copy if the host publishes itself (or turn publishing off with `slmgr /cdns`).',
    refs: [REF.rfc2782, REF.msDeploy],
    find: (facts) => {
      const hits: Hit[] = [];
      for (const domain of facts.domains) {
        const first = new Map<string, SrvFact>();
        for (const r of domain.records) {
          if (isRootTarget(r.target)) continue;
          const key = canonicalName(r.target);
          const earlier = first.get(key);
          if (!earlier) {
            first.set(key, r);
            continue;
          }
          const where = earlier.source ? ` (first at ${earlier.source.file}:${earlier.source.line})` : '';
          hits.push({
            subject: recordSubject(domain, r),
            message: `${r.target} is listed again in ${domain.srvName}${where}; it gets an extra share of the picks.`,
            ...(r.source ? { source: r.source } : {}),
          });
        }
      }
      return hits;
    },
  }),
  defineCheck({
    id: 'single-host', severity: 'notice', where: 'both',
    summary: 'Only one KMS host (Microsoft recommends at least two).',
    fix: 'Add a second KMS host and publish it, so clients fail over when one is down.',
    refs: [REF.msPlanKms],
    find: (facts) => perDomain(facts, (d) => {
      const hosts = distinctHosts(usableRecords(d));
      return hosts.length === 1 ? `${d.srvName} lists a single KMS host (${hosts[0]}): no failover.` : undefined;
    }),
  }),
  defineCheck({
    id: 'too-many-hosts', severity: 'warning', where: 'both',
    summary: 'More than six hosts (a KMS host key activates six hosts by default).',
    fix: 'Remove stale hosts; a KMS host key activates up to six hosts, so more usually means old records.',
    refs: [REF.msPlanKms],
    find: (facts) => perDomain(facts, (d) => {
      const hosts = distinctHosts(usableRecords(d));
      return hosts.length > MAX_HOSTS ? `${d.srvName} lists ${hosts.length} KMS hosts (more than ${MAX_HOSTS}).` : undefined;
    }),
  }),
  defineCheck({
    id: 'weight-zero-starved', severity: 'warning', where: 'both',
    summary: 'A weight-0 host beside weighted hosts of the same priority gets at most 1/(S+1) of first picks (all-zero groups are fine: uniform).',
    fix: 'Give the host a weight like its peers, or move it to a higher priority number on purpose as a fallback.',
    refs: [REF.rfc2782, REF.msDeploy],
    find: (facts) => {
      if (facts.profile === 'vista') return [];
      return perRecord(facts, (r, d) => {
        if (r.weight !== 0 || !isUsable(r)) return undefined;
        const group = usableRecords(d).filter((o) => o.priority === r.priority);
        const sum = group.reduce((s, o) => s + o.weight, 0);
        if (sum === 0) return undefined;
        const share = 1 / (sum + 1) / group.filter((o) => o.weight === 0).length;
        // Small shares keep a decimal, so 1/101 reads 1.0%, not 1%.
        return `${r.target} has weight 0 beside weights summing to ${sum} at priority ${r.priority}: it gets at most ${percent(share, share < 0.1 ? 1 : 0)} of first picks.`;
      });
    },
  }),
  defineCheck({
    id: 'caching-defeats-weights', severity: 'notice', where: 'both',
    summary: 'Priorities or weights differ while clients cache hosts (`slmgr /ckhc` needed to balance).',
    fix: 'Turn host caching off on the clients (`slmgr /ckhc`) if the weights are meant to balance load; with caching, they only shape the first discovery.',
    refs: [REF.msSlmgr, REF.msDeploy],
    find: (facts) => {
      if (facts.profile === 'vista' || !cachingOn(facts)) return [];
      return perDomain(facts, (d) =>
        weightsDiffer(usableRecords(d))
          ? `${d.srvName} sets different priorities or weights, but clients cache the first host that answers: the split applies to first discoveries only.`
          : undefined);
    },
  }),
  defineCheck({
    id: 'vista-ignores-weights', severity: 'notice', where: 'both',
    summary: 'Priorities or weights are relied on; Vista / 2008 clients ignore them.',
    fix: 'Do not rely on priority or weight for Windows Vista / Server 2008 clients: they pick a host at random. Keep every listed host able to serve.',
    refs: [REF.msDeploy, REF.rfc2782],
    find: (facts) => perDomain(facts, (d) =>
      weightsDiffer(usableRecords(d))
        ? `${d.srvName} sets different priorities or weights; Vista / 2008 clients${facts.profile === 'vista' ? ' (the chosen profile)' : ''} pick among all hosts uniformly.`
        : undefined),
  }),
  defineCheck({
    id: 'ttl-range', severity: 'warning', where: 'both',
    summary: `TTL below ${TTL_MIN} s or above 1 day.`,
    fix: 'Use a TTL between 60 s and 86400 s (1 h is common), so failover is seen soon and caches are not hammered.',
    refs: [REF.rfc2782],
    find: (facts) => perRecord(facts, (r) =>
      r.ttl < TTL_MIN || r.ttl > TTL_MAX ? `TTL ${r.ttl} s for ${r.target} is outside ${TTL_MIN}–${TTL_MAX} s.` : undefined),
  }),
  defineCheck({
    id: 'ns-inconsistent', severity: 'warning', where: 'live',
    summary: 'The zone\'s authoritative servers return different SRV sets.',
    fix: 'Bring the secondaries in step (zone transfer, serial number, NOTIFY), so every client sees the same hosts.',
    refs: [REF.rfc2782, REF.msTroubleshoot],
    find: (facts) => {
      const byDomain = new Map<string, Map<string, string[]>>();
      for (const ns of facts.nsAnswers ?? []) {
        const key = canonicalName(ns.domain);
        const sets = byDomain.get(key) ?? new Map<string, string[]>();
        const signature = `${ns.rcode}: ${setSignature(ns.records) || '(none)'}`;
        sets.set(signature, [...(sets.get(signature) ?? []), ns.server]);
        byDomain.set(key, sets);
      }
      const hits: Hit[] = [];
      for (const [domain, sets] of byDomain) {
        if (sets.size < 2) continue;
        const detail = [...sets].map(([sig, servers]) => `${servers.join(', ')} → ${sig}`).join('; ');
        hits.push({ subject: domain, message: `Authoritative servers disagree on ${domain}: ${detail}.` });
      }
      return hits;
    },
  }),
  defineCheck({
    id: 'domains-inconsistent', severity: 'notice', where: 'live',
    summary: 'The domains of the search path publish different host sets.',
    fix: 'Publish the same KMS hosts in every domain the clients search (`DnsDomainPublishList` on the hosts), or accept that clients of each domain see a different set.',
    refs: [REF.msDeploy],
    find: (facts) => {
      const sets = facts.domains
        .filter((d) => usableRecords(d).length > 0)
        .map((d) => ({ d, hosts: usableRecords(d).map((r) => `${canonicalName(r.target)}:${r.port}`).sort().filter((h, i, a) => a.indexOf(h) === i).join(', ') }));
      if (new Set(sets.map((s) => s.hosts)).size < 2) return [];
      return [{ subject: sets.map((s) => s.d.srvName).join(', '), message: `Domains publish different KMS hosts: ${sets.map((s) => `${s.d.domain} → ${s.hosts}`).join('; ')}.` }];
    },
  }),
  defineCheck({
    id: 'host-unreachable', severity: 'error', where: 'live',
    summary: `Nothing accepts TCP on target:port (${NO_KMS} / ${RPC_UNAVAILABLE}).`,
    fix: 'Open the port in the host\'s firewall (rule "Key Management Service"), check the host is up, and that the SRV target and port are current.',
    refs: [REF.msTroubleshoot],
    find: (facts) => (facts.probes ?? []).filter((p): p is ProbeFact & { tcp: TcpFailure } => p.tcp !== 'ok').map((p) => ({
      subject: hostPort(p.target, p.port),
      message: `TCP to ${hostPort(p.target, p.port)}${p.address ? ` (${p.address})` : ''}: ${TCP_FAILURE_WORDS[p.tcp]}. Clients report ${NO_KMS} or ${RPC_UNAVAILABLE}.`,
    })),
  }),
  defineCheck({
    id: 'host-not-kms', severity: 'error', where: 'live',
    summary: 'TCP accepts but the KMS RPC bind is not acknowledged.',
    fix: 'Point the record at a real KMS host, or start the Software Protection service there; another program owns this port.',
    refs: [REF.msTroubleshoot],
    find: (facts) => (facts.probes ?? []).filter((p) => p.tcp === 'ok' && p.rpc === 'no').map((p) => ({
      subject: hostPort(p.target, p.port),
      message: `${hostPort(p.target, p.port)}${p.address ? ` (${p.address})` : ''} accepts TCP but does not acknowledge an RPC bind to the KMS interface: something else listens there.`,
    })),
  }),
  defineCheck({
    id: 'client-manual-host', severity: 'notice', where: 'live',
    summary: '`KeyManagementServiceName` is set: DNS discovery is bypassed.',
    fix: 'Clear it with `slmgr /ckms` to return to DNS auto-discovery, unless the manual host is intended.',
    refs: [REF.msSlmgr, REF.msDeploy],
    find: (facts) => (facts.client?.manualHost
      ? [{ subject: facts.client.manualHost, message: `The client is set to use ${facts.client.manualHost} (KeyManagementServiceName); it does not look the SRV records up.` }]
      : []),
  }),
  defineCheck({
    id: 'client-lookup-domain', severity: 'notice', where: 'live',
    summary: 'A lookup domain is set: the suffix search list is ignored.',
    fix: 'Remove the lookup domain set with `slmgr /skms-domain` if the client should search its suffix list, or make sure that domain holds the SRV records.',
    refs: [REF.msSlmgr],
    find: (facts) => (facts.client?.lookupDomain
      ? [{ subject: facts.client.lookupDomain, message: `The client searches only ${facts.client.lookupDomain} (slmgr /skms-domain); its DNS suffix search list is ignored. Read from the .reg: ${unlistedValueNote('KeyManagementServiceLookupDomain')}.` }]
      : []),
  }),
];

export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);

/** The check with this id (`srv-missing`, `weight-zero-starved`, …), or undefined. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}
