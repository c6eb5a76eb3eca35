// The records a plan stands for, per domain: what every DNS format writes, in one sorted order.
// SRV records go to each domain a host publishes in; a host's A/AAAA records go to its own domain
// (the name minus its first label), which the plan always lists among the host's publish domains.
import { canonicalSortKey, normaliseName } from '../names/canonical.js';
import { vlmcsOwner } from '../names/kms-service.js';
import type { Plan, PlanHost } from '../plan/types.js';
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import type { RenderContext } from './types.js';

export interface SrvRecord {
  /** `_vlmcs._tcp.DOMAIN` without trailing dot. */
  owner: string;
  ttl: number;
  priority: number;
  weight: number;
  port: number;
  /** Host FQDN without trailing dot. */
  target: string;
}

export interface AddressRecord {
  owner: string;
  ttl: number;
  type: 'A' | 'AAAA';
  address: string;
}

export interface DomainRecords {
  domain: string;
  srv: SrvRecord[];
  addresses: AddressRecord[];
}

/** The host's own domain: its name minus the first label. */
export function ownDomain(hostName: string): string {
  return hostName.slice(hostName.indexOf('.') + 1);
}

/** True when `name` is `domain` or lies below it. */
export function isWithin(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

// Numeric order for IPv4 (10.0.0.9 before 10.0.0.10); IPv6 is already canonical text.
function addressKey(record: AddressRecord): string {
  return record.type === 'A' ? record.address.split('.').map((o) => o.padStart(3, '0')).join('.') : record.address;
}

/** One host's addresses in record order: A before AAAA, each numerically. */
function compareOwnAddresses(a: AddressRecord, b: AddressRecord): number {
  if (a.type !== b.type) return a.type === 'A' ? -1 : 1;
  const x = addressKey(a);
  const y = addressKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Hosts in canonical order of their names, each key computed once. */
function canonicalHostOrder(hosts: readonly PlanHost[]): PlanHost[] {
  return hosts
    .map((host) => ({ host, key: canonicalSortKey(host.name) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ host }) => host);
}

/** Every domain the plan publishes in, in canonical order. */
export function planDomains(plan: Plan): string[] {
  const set = new Set<string>();
  for (const host of plan.hosts) for (const entry of host.publish) set.add(entry.domain);
  return [...set].map((d) => [canonicalSortKey(d), d] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, d]) => d);
}

/** The hosts `--host` keeps (all, in plan order, without it). */
export function selectHosts(plan: Plan, context: RenderContext): PlanHost[] {
  return context.host === undefined ? plan.hosts : [findHost(plan, context.host)];
}

/** The host `--host NAME` names, compared as the plan stores names; unknown: a usage error naming the known ones. */
export function findHost(plan: Plan, name: string): PlanHost {
  const wanted = normaliseName(name);
  const host = plan.hosts.find((h) => h.name === wanted);
  if (host) return host;
  const known = plan.hosts.map((h) => h.name).join(', ') || 'none';
  throw new KmsSrvError('USAGE', `--host ${excerpt(name)} is not a host of the plan (hosts: ${known})`);
}

/** The domains `--domain` keeps (all without it); an unknown domain is a usage error. */
function selectDomains(plan: Plan, context: RenderContext): string[] {
  const all = planDomains(plan);
  if (context.domain === undefined) return all;
  const wanted = normaliseName(context.domain);
  if (!all.includes(wanted)) {
    throw new KmsSrvError('USAGE', `--domain ${excerpt(context.domain)}: the plan publishes no records there (domains: ${all.join(', ')})`);
  }
  return [wanted];
}

export interface RecordOptions {
  /**
   * Also put the addresses of SRV targets lying deeper below the domain into it (lab zones, which
   * must load on their own: BIND refuses an in-zone SRV target without an address).
   */
  addressesBelow?: boolean;
}

function addressRecords(host: PlanHost, ttl: number): AddressRecord[] {
  return [
    ...host.ipv4.map((address) => ({ owner: host.name, ttl, type: 'A' as const, address })),
    ...host.ipv6.map((address) => ({ owner: host.name, ttl, type: 'AAAA' as const, address })),
  ].sort(compareOwnAddresses);
}

/**
 * The plan's records grouped by domain, each group and list sorted. One pass over the hosts, taken in
 * canonical order of their names: every list then grows already ordered by owner (addresses) or target
 * (SRV), and a stable sort by priority, then weight (highest first), finishes the SRV order. Host names
 * are unique, so no two SRV records in a group share a target (nor, therefore, a port).
 */
export function recordsByDomain(plan: Plan, context: RenderContext, options: RecordOptions = {}): DomainRecords[] {
  const hosts = canonicalHostOrder(selectHosts(plan, context));
  const domains = selectDomains(plan, context);
  const groups = new Map<string, DomainRecords & { owner: string }>(
    domains.map((domain) => [domain, { domain, srv: [], addresses: [], owner: vlmcsOwner(domain) }]),
  );
  for (const host of hosts) {
    let own: AddressRecord[] | undefined;
    let addressed: string | undefined;
    const home = groups.get(ownDomain(host.name));
    if (home) {
      own = addressRecords(host, plan.ttl);
      for (const record of own) home.addresses.push(record);
      addressed = home.domain;
    }
    for (const entry of host.publish) {
      const group = groups.get(entry.domain);
      if (!group) continue;
      group.srv.push({ owner: group.owner, ttl: plan.ttl, priority: entry.priority, weight: entry.weight, port: host.port, target: host.name });
      // A host's publish list names each domain once, so only its home domain can come round twice.
      if (options.addressesBelow === true && entry.domain !== addressed && isWithin(host.name, entry.domain)) {
        own ??= addressRecords(host, plan.ttl);
        for (const record of own) group.addresses.push(record);
      }
    }
  }
  const out: DomainRecords[] = [];
  for (const { domain, srv, addresses } of groups.values()) {
    srv.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    out.push({ domain, srv, addresses });
  }
  return out;
}

// RFC 1035 §4.2.1 caps a message at 65535 octets; BIND refuses a bigger RRset ("ran out of space").
const RRSET_LIMIT = 65535;

/** Warnings for SRV RRsets too large to load or to send: per record 2 length + 6 fixed + target octets. */
export function oversizedRrsets(groups: readonly DomainRecords[]): string[] {
  const warnings: string[] = [];
  for (const group of groups) {
    let size = 0;
    for (const r of group.srv) size += 10 + r.target.length;
    if (size > RRSET_LIMIT) {
      warnings.push(`${vlmcsOwner(group.domain)} holds ${group.srv.length} SRV records (about ${size} octets): BIND refuses an RRset over 65535 octets; publish fewer hosts per domain`);
    }
  }
  return warnings;
}
