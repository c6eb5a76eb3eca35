// `doctor`'s first half: ask DNS what a Windows client would ask (SPEC §2.2), plus what a client
// cannot see (each authoritative server's own answer, the target's aliases), probe the hosts, and
// return plain Facts. Every network touch goes through the injected deps, so tests use fakes.
import type { DomainFact, Facts, NsAnswerFact, SrvFact } from '../checks/facts.js';
import { isIpLiteral, isRootTarget, isUsable } from '../checks/records.js';
import { dnsOutcome, formatServer, isDnsError } from '../dns/errors.js';
import type { DnsRecord, QueryOptions, QueryResult } from '../dns/types.js';
import { absoluteName, canonicalName, sameName } from '../names/canonical.js';
import { vlmcsOwner } from '../names/kms-service.js';
import { splitHostPort } from '../names/host-port.js';
import { authoritativeServers, type AuthoritativeServer } from './zone-cut.js';
import { probeEndpoints, type Endpoint } from './probe-hosts.js';
import type { GatherDeps, GatherLog, GatherOptions } from './types.js';

/** What gathering one target yields: its alias (when it is one) and its addresses (undefined = unknown). */
interface TargetInfo {
  cname?: string;
  addresses?: string[];
}

/** A query that counts replies and silences; null when no server replied. */
export type CountedAsk = (name: string, type: string, options?: QueryOptions) => Promise<QueryResult | null>;

export function countingAsk(query: GatherDeps['query'], log: GatherLog): CountedAsk {
  return async (name, type, options) => {
    try {
      const result = await query(name, type, options);
      log.answered += 1;
      return result;
    } catch (error) {
      if (!isDnsError(error)) throw error;
      // A CNAME loop is an answer, just an unusable one; anything else means nobody replied.
      if (error.code === 'DNS_CNAME_LOOP') log.answered += 1;
      else log.unanswered += 1;
      return null;
    }
  };
}

export async function gatherFacts(options: GatherOptions, deps: GatherDeps): Promise<{ facts: Facts; log: GatherLog }> {
  const log: GatherLog = { answered: 0, unanswered: 0, authoritative: [], notes: [] };
  const ask = countingAsk(deps.query, log);
  const targets = new Map<string, Promise<TargetInfo>>();
  const targetInfo = (name: string) => {
    const key = canonicalName(name);
    let info = targets.get(key);
    if (!info) {
      info = lookupTarget(name, ask);
      targets.set(key, info);
    }
    return info;
  };

  const domains: DomainFact[] = [];
  for (const domain of options.domains) {
    const fact = await gatherDomain(domain, ask);
    for (const record of fact.records) {
      if (isRootTarget(record.target) || isIpLiteral(record.target)) continue;
      const info = await targetInfo(record.target);
      if (info.cname !== undefined) record.targetCname = info.cname;
      if (info.addresses !== undefined) record.targetAddresses = info.addresses;
    }
    domains.push(fact);
  }

  const nsAnswers: NsAnswerFact[] = [];
  for (const domain of domains) {
    if (domain.rcode === 'TIMEOUT' && !options.authoritative) continue;
    const found = await authoritativeServers(domain.domain, ask, targetInfo, options);
    log.authoritative.push({ srvName: domain.srvName, zone: found.zone, servers: found.servers.map((s) => s.label) });
    log.notes.push(...found.notes);
    for (const server of found.servers) nsAnswers.push(await askAuthoritative(domain.srvName, server, deps, log));
  }

  const facts: Facts = {
    profile: options.profile,
    hostCaching: options.client?.hostCachingDisabled !== true,
    domains,
    ...(nsAnswers.length > 0 ? { nsAnswers } : {}),
    ...(options.client ? { client: options.client } : {}),
  };
  if (options.probe !== 'none') {
    if (!deps.probe) throw new Error('gatherFacts: probing needs deps.probe');
    const endpoints = await endpointsToProbe(domains, options.client?.manualHost, targetInfo);
    facts.probes = await probeEndpoints(endpoints, options.probe, deps.probe);
  }
  return { facts, log };
}

/** `_vlmcs._tcp.<domain>` as a client asks it; a CNAME at that name is recorded, then followed. */
async function gatherDomain(domain: string, ask: CountedAsk): Promise<DomainFact> {
  const apex = absoluteName(domain);
  const srvName = vlmcsOwner(apex);
  const first = await ask(srvName, 'SRV', { noFollowCname: true });
  if (!first) return { domain: apex, srvName, rcode: 'TIMEOUT', records: [] };
  const alias = first.answers.find((r) => r.type === 'CNAME' && sameName(r.name, srvName));
  const result = (alias && (await ask(srvName, 'SRV'))) || first;
  const records = result.answers.filter((r) => r.type === 'SRV').map(srvFact);
  const win32 = records.length > 0 ? null : win32For(result.rcode);
  return {
    domain: apex,
    srvName,
    rcode: result.rcode,
    ...(win32 !== null ? { win32 } : {}),
    server: formatServer(result.server),
    ...(alias ? { ownerCname: absoluteName(String(alias.data)) } : {}),
    records,
  };
}

/** The Win32 code a client meets for an answer without SRV records (SPEC §4). */
function win32For(rcode: string): number | null {
  return rcode === 'NOERROR' ? dnsOutcome({ kind: 'nodata' }).win32 : dnsOutcome({ kind: 'rcode', rcode }).win32;
}

export function srvFact(record: DnsRecord): SrvFact {
  const data = record.data as { priority: number; weight: number; port: number; target: string };
  return { priority: data.priority, weight: data.weight, port: data.port, target: absoluteName(data.target), ttl: record.ttl };
}

/** Is the target an alias, and what are its addresses (after the alias)? */
async function lookupTarget(target: string, ask: CountedAsk): Promise<TargetInfo> {
  const bare = await ask(target, 'A', { noFollowCname: true });
  if (!bare) return {};
  const alias = bare.answers.find((r) => r.type === 'CNAME' && sameName(r.name, target));
  const v4 = alias ? await ask(target, 'A') : bare;
  const v6 = await ask(target, 'AAAA');
  const info: TargetInfo = alias ? { cname: absoluteName(String(alias.data)) } : {};
  if (v4 || v6) info.addresses = [...addressesIn(v4, 'A'), ...addressesIn(v6, 'AAAA')];
  return info;
}

function addressesIn(result: QueryResult | null, type: 'A' | 'AAAA'): string[] {
  return (result?.answers ?? []).filter((r) => r.type === type).map((r) => String(r.data));
}

async function askAuthoritative(
  srvName: string,
  server: AuthoritativeServer,
  deps: GatherDeps,
  log: GatherLog,
): Promise<NsAnswerFact> {
  try {
    const result = await deps.queryAt(server.address, srvName, 'SRV', { noFollowCname: true });
    log.answered += 1;
    const records = result.answers.filter((r) => r.type === 'SRV').map(srvFact).map(({ priority, weight, port, target }) => ({ priority, weight, port, target }));
    return { domain: srvName, server: server.label, rcode: result.rcode, records };
  } catch (error) {
    if (!isDnsError(error)) throw error;
    log.unanswered += 1;
    return { domain: srvName, server: server.label, rcode: 'TIMEOUT', records: [] };
  }
}

/** Every usable target:port once, with its addresses; the manual host too when the client has one. */
async function endpointsToProbe(
  domains: DomainFact[],
  manualHost: string | undefined,
  targetInfo: (name: string) => Promise<TargetInfo>,
): Promise<Endpoint[]> {
  const endpoints = new Map<string, Endpoint>();
  for (const domain of domains) {
    for (const record of domain.records) {
      const key = `${canonicalName(record.target)}:${record.port}`;
      if (!isUsable(record) || isIpLiteral(record.target) || endpoints.has(key)) continue;
      endpoints.set(key, { target: record.target, port: record.port, addresses: record.targetAddresses ?? [] });
    }
  }
  if (manualHost !== undefined) {
    const { host, port } = splitHostPort(manualHost);
    const key = `${canonicalName(host)}:${port}`;
    if (!endpoints.has(key)) {
      const addresses = isIpLiteral(host) ? [host] : ((await targetInfo(host)).addresses ?? []);
      endpoints.set(key, { target: host, port, addresses });
    }
  }
  return [...endpoints.values()];
}
