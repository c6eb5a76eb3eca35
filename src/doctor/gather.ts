// `doctor`'s first half: the one gathering path (src/gather/gather.ts) for what a Windows client would
// ask, plus what a client cannot see (each authoritative server's own answer), probe the hosts, and
// return plain Facts. Every network touch goes through the injected deps, so tests use fakes.
import type { DomainFact, Facts, NsAnswerFact } from '../checks/facts.js';
import { isIpLiteral, isNoReply, isUsable } from '../checks/records.js';
import { isDnsError } from '../dns/errors.js';
import { attachTargets, failureRcode, gatherSrv, srvFact, TargetBook, type GatherQuery, type TargetInfo } from '../gather/gather.js';
import { canonicalName } from '../names/canonical.js';
import { splitHostPort } from '../names/host-port.js';
import { authoritativeServers, type AuthoritativeServer } from './zone-cut.js';
import { probeEndpoints, type Endpoint } from '../gather/probes.js';
import { OS_RESOLVER } from '../dns/os-lookup.js';
import type { CountedAsk, GatherDeps, GatherLog, GatherOptions } from './types.js';


export function countingAsk(query: GatherDeps['query'], log: GatherLog): CountedAsk {
  const counted = countedQuery(query, log);
  return async (name, type, options) => {
    try {
      return await counted(name, type, options);
    } catch (error) {
      if (!isDnsError(error)) throw error;
      return null;
    }
  };
}

export async function gatherFacts(options: GatherOptions, deps: GatherDeps): Promise<{ facts: Facts; log: GatherLog }> {
  const log: GatherLog = { answered: 0, unanswered: 0, authoritative: [], notes: [] };
  const ask = countingAsk(deps.query, log);
  // The one gathering path (src/gather): every domain's SRV answer, then every target at once.
  const query = countedQuery(deps.query, log);
  const book = new TargetBook(query);
  const gathered = await Promise.all(options.domains.map((domain) => gatherSrv(domain, query)));
  const domains = gathered.map((g) => g.fact);
  await Promise.all(gathered.map((g) => book.lookupAll(g.fact.records.map((r) => r.target), g.glue)));
  await attachTargets(domains, book);
  const targetInfo = async (name: string) => book.get(name);

  const nsAnswers: NsAnswerFact[] = [];
  for (const domain of domains) {
    if (isNoReply(domain.rcode) && !options.authoritative) continue;
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
    const endpoints = await endpointsToProbe(domains, options.client?.manualHost, manualHostLookup(targetInfo, deps, log));
    facts.probes = await probeEndpoints(endpoints, options.probe, deps.probe);
  }
  return { facts, log };
}

/** The query, counting replies and silences in the log as `countingAsk` does, but passing the error on. */
function countedQuery(query: GatherQuery, log: GatherLog): GatherQuery {
  return async (name, type, options) => {
    try {
      const result = await query(name, type, options);
      log.answered += 1;
      return result;
    } catch (error) {
      if (isDnsError(error)) {
        if (error.code === 'DNS_CNAME_LOOP') log.answered += 1;
        else log.unanswered += 1;
      }
      throw error;
    }
  };
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
    return { domain: srvName, server: server.label, rcode: failureRcode(error), records: [] };
  }
}

/** A manual host's addresses: the OS resolver when given (the client's own path), else DNS; the notes say which. */
function manualHostLookup(targetInfo: (name: string) => Promise<TargetInfo>, deps: GatherDeps, log: GatherLog): (name: string) => Promise<string[]> {
  return async (name) => {
    if (!deps.lookupHost) {
      log.notes.push(`the manual host ${name} was looked up in DNS (A/AAAA) through the DNS servers given with --server, not through the operating system's resolver`);
      return (await targetInfo(name)).addresses ?? [];
    }
    const found = await deps.lookupHost(name);
    log.notes.push(`the manual host ${name} was resolved through ${OS_RESOLVER}, as the client resolves it: ${found.addresses.join(', ') || (found.failure ?? 'no address')}`);
    return found.addresses;
  };
}

/** Every usable target:port once, with its addresses; the manual host too when the client has one. */
async function endpointsToProbe(
  domains: DomainFact[],
  manualHost: string | undefined,
  lookupManual: (name: string) => Promise<string[]>,
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
      const addresses = isIpLiteral(host) ? [host] : await lookupManual(host);
      endpoints.set(key, { target: host, port, addresses });
    }
  }
  return [...endpoints.values()];
}
