// The records a plan stands for, per domain: what every DNS format writes, in one sorted order.
// SRV records go to each domain a host publishes in; a host's A/AAAA records go to its own domain
// (the name minus its first label), which the plan always lists among the host's publish domains.
import type { Plan, PlanHost } from '../plan/types.js';
import { KmsSrvError } from '../util/errors.js';
import type { RenderContext } from './types.js';

export const SRV_LABEL = '_vlmcs._tcp';

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

/** DNS canonical order (RFC 4034 §6.1): compare labels from the right, so parents precede children. */
export function compareNames(a: string, b: string): number {
  const la = a.split('.').reverse();
  const lb = b.split('.').reverse();
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    const x = la[i] as string;
    const y = lb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return la.length - lb.length;
}

function compareAddresses(a: AddressRecord, b: AddressRecord): number {
  if (a.owner !== b.owner) return compareNames(a.owner, b.owner);
  if (a.type !== b.type) return a.type === 'A' ? -1 : 1;
  return addressKey(a) < addressKey(b) ? -1 : addressKey(a) > addressKey(b) ? 1 : 0;
}

// Numeric order for IPv4 (10.0.0.9 before 10.0.0.10); IPv6 is already canonical text.
function addressKey(record: AddressRecord): string {
  return record.type === 'A' ? record.address.split('.').map((o) => o.padStart(3, '0')).join('.') : record.address;
}

function compareSrv(a: SrvRecord, b: SrvRecord): number {
  return a.priority - b.priority || b.weight - a.weight || compareNames(a.target, b.target) || a.port - b.port;
}

/** Every domain the plan publishes in, in canonical order. */
export function planDomains(plan: Plan): string[] {
  const set = new Set<string>();
  for (const host of plan.hosts) for (const entry of host.publish) set.add(entry.domain);
  return [...set].sort(compareNames);
}

/** The hosts `--host` keeps (all without it); an unknown host is a usage error naming the known ones. */
export function selectHosts(plan: Plan, context: RenderContext): PlanHost[] {
  if (context.host === undefined) return plan.hosts;
  const wanted = context.host.toLowerCase().replace(/\.$/, '');
  const found = plan.hosts.filter((h) => h.name === wanted);
  if (found.length === 0) {
    throw new KmsSrvError('USAGE', `--host ${context.host}: no such host in the plan (hosts: ${plan.hosts.map((h) => h.name).join(', ')})`);
  }
  return found;
}

/** The domains `--domain` keeps (all without it); an unknown domain is a usage error. */
export function selectDomains(plan: Plan, context: RenderContext): string[] {
  const all = planDomains(plan);
  if (context.domain === undefined) return all;
  const wanted = context.domain.toLowerCase().replace(/\.$/, '');
  if (!all.includes(wanted)) {
    throw new KmsSrvError('USAGE', `--domain ${context.domain}: the plan publishes no records there (domains: ${all.join(', ')})`);
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
  ];
}

/** The plan's records grouped by domain, each group and list sorted. */
export function recordsByDomain(plan: Plan, context: RenderContext, options: RecordOptions = {}): DomainRecords[] {
  const hosts = selectHosts(plan, context);
  const domains = selectDomains(plan, context);
  return domains.map((domain) => {
    const srv: SrvRecord[] = [];
    const addresses: AddressRecord[] = [];
    const targetsHere = new Set<string>();
    for (const host of hosts) {
      for (const entry of host.publish) {
        if (entry.domain !== domain) continue;
        srv.push({ owner: `${SRV_LABEL}.${domain}`, ttl: plan.ttl, priority: entry.priority, weight: entry.weight, port: host.port, target: host.name });
        targetsHere.add(host.name);
      }
      const home = ownDomain(host.name) === domain;
      const below = options.addressesBelow === true && targetsHere.has(host.name) && isWithin(host.name, domain);
      if (home || below) addresses.push(...addressRecords(host, plan.ttl));
    }
    return { domain, srv: srv.sort(compareSrv), addresses: addresses.sort(compareAddresses) };
  });
}

/** Pads the first column so records line up; cheap enough for half a million lines. */
export function alignOwners(rows: Array<[string, string]>): string[] {
  let width = 0;
  for (const [owner] of rows) if (owner.length > width) width = owner.length;
  return rows.map(([owner, rest]) => `${owner.padEnd(width)} ${rest}`);
}
