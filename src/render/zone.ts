// `zone`: a complete lab zone for one domain, loadable by BIND as it is (named-checkzone -S fail).
// One zone per file, so a plan with several domains needs `--domain`. The serial is YYYYMMDDnn from
// the injected clock, raised past the serial of the file being replaced.
import { normaliseName } from '../names/canonical.js';
import type { Plan } from '../plan/types.js';
import { KmsSrvError } from '../util/errors.js';
import { masterFileLines } from './bind.js';
import { oversizedRrsets, isWithin, planDomains, recordsByDomain, selectHosts, type AddressRecord } from './records.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

const MAX_SERIAL = 4294967295;

/** YYYYMMDD01 for the UTC day of `now`, or one past `previous` when that is not lower. */
export function zoneSerial(now: Date, previous?: number): number {
  const day = now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
  const base = day * 100 + 1;
  if (previous === undefined || previous < base) return base;
  if (previous >= MAX_SERIAL) throw new KmsSrvError('INPUT_INVALID', `the existing serial ${previous} cannot be raised further (RFC 1982 limit 4294967295)`);
  return previous + 1;
}

function pickDomain(plan: Plan, context: RenderContext): string {
  if (context.domain !== undefined) return normaliseName(context.domain);
  const domains = planDomains(plan);
  if (domains.length === 1) return domains[0] as string;
  throw new KmsSrvError('USAGE', `a lab zone holds one domain and the plan has ${domains.length} (${domains.join(', ')}): pick one with --domain`);
}

// Name servers: the plan's, else a lab default `ns1.<zone>` at 127.0.0.1. Never a KMS host: the
// nsupdate delete script removes the hosts' addresses, and BIND refuses an update that leaves an
// in-zone NS without one.
const LAB_NS_ADDRESS = '127.0.0.1';

function nameServers(plan: Plan, domain: string): { names: string[]; labDefault: boolean } {
  if (plan.nameservers && plan.nameservers.length > 0) return { names: plan.nameservers, labDefault: false };
  return { names: [`ns1.${domain}`], labDefault: true };
}

function render(plan: Plan, context: RenderContext): RenderOutput {
  const domain = pickDomain(plan, context);
  const [group] = recordsByDomain(plan, { ...context, domain }, { addressesBelow: true });
  if (!group) throw new KmsSrvError('USAGE', `no records for ${domain}`);
  const warnings: string[] = [];
  const { names: servers, labDefault } = nameServers(plan, domain);
  const hostsByName = new Map(plan.hosts.map((h) => [h.name, h]));
  const have = new Set(group.addresses.map((a) => `${a.owner} ${a.type} ${a.address}`));
  const extra: AddressRecord[] = [];
  if (labDefault) extra.push({ owner: servers[0] as string, ttl: plan.ttl, type: 'A', address: LAB_NS_ADDRESS });
  servers.forEach((ns, index) => {
    if (labDefault || !isWithin(ns, domain)) return;
    const host = hostsByName.get(ns);
    if (!host || host.ipv4.length + host.ipv6.length === 0) {
      throw new KmsSrvError('PLAN_INVALID', `/nameservers/${index}: name server ${ns} lies inside zone ${domain} but the plan gives it no address; list it as a host with ipv4/ipv6 or name a server outside the zone`);
    }
    for (const address of host.ipv4) extra.push({ owner: ns, ttl: plan.ttl, type: 'A', address });
    for (const address of host.ipv6) extra.push({ owner: ns, ttl: plan.ttl, type: 'AAAA', address });
  });
  for (const a of extra) if (!have.has(`${a.owner} ${a.type} ${a.address}`)) group.addresses.push(a);
  const addressed = new Set(group.addresses.map((a) => a.owner));
  for (const host of selectHosts(plan, context)) {
    if (group.srv.some((r) => r.target === host.name) && isWithin(host.name, domain) && !addressed.has(host.name)) {
      warnings.push(`host ${host.name} has no ipv4/ipv6 in the plan: BIND refuses an in-zone SRV target without an address`);
    }
  }
  const serial = zoneSerial(context.now, context.previousSerial);
  const contact = plan.contact ?? `hostmaster.${domain}`;
  const head: Array<[string, string]> = [
    [`${domain}.`, `${plan.ttl} IN SOA ${servers[0]}. ${contact}. ${serial} 3600 900 1209600 300`],
    ...servers.map((ns): [string, string] => [`${domain}.`, `${plan.ttl} IN NS ${ns}.`]),
  ];
  warnings.push(...oversizedRrsets([group]));
  const header = [
    `; Lab zone ${domain} (kms-srv generate zone). Serial ${serial} is YYYYMMDDnn;`,
    '; SOA timers: refresh 3600, retry 900, expire 1209600, negative-caching TTL 300.',
    ...(labDefault ? [`; Name server ns1.${domain} at ${LAB_NS_ADDRESS} is a lab default: list "nameservers" in the plan for real ones.`] : []),
  ];
  return { text: `${[...header, ...masterFileLines(group, head)].join('\n')}\n`, warnings };
}

export const zoneRenderer: Renderer = {
  format: 'zone',
  description: 'a complete lab zone for one domain (SOA, NS, SRV, A/AAAA); --domain when the plan has several',
  render,
};

/** The serial of an existing zone file's SOA record, or undefined when none is found. */
export function readSoaSerial(text: string): number | undefined {
  // Comments go first: a hand-written SOA spreads over lines with "; serial" remarks.
  const match = /\bSOA\s+\S+\s+\S+\s*\(?\s*(\d{1,10})\b/i.exec(text.replace(/;[^\n]*/g, ''));
  if (!match) return undefined;
  const serial = Number(match[1]);
  return serial <= MAX_SERIAL ? serial : undefined;
}
