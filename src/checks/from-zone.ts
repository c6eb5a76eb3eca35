// Facts from a parsed zone file: every `_vlmcs._tcp` owner becomes a domain, its SRV records the
// records. Only what the zone itself can tell is filled in: addresses and aliases of in-zone targets;
// a target outside the zone has unknown addresses (undefined), so no check guesses about it.
import { EVENTS } from '../knowledge/client-error.js';
import type { ClientProfile } from '../srv/types.js';
import { canonicalName } from '../names/canonical.js';
import { type Zone, type ZoneRecord } from '../zonefile/types.js';
import { VLMCS_LABELS, vlmcsOwner } from '../names/kms-service.js';
import { type DomainFact, type Facts, type SourceLine, type SrvFact } from './facts.js';

export interface ZoneFactsOptions {
  profile?: ClientProfile;
  hostCaching?: boolean;
}

/** Bounds a chain of in-zone CNAMEs (a loop in the file must not hang the checks). */
const MAX_CNAME_HOPS = 8;

export function factsFromZone(zone: Zone, options: ZoneFactsOptions = {}): Facts {
  const byOwner = new Map<string, ZoneRecord[]>();
  for (const r of zone.records) {
    const key = canonicalName(r.owner);
    byOwner.set(key, [...(byOwner.get(key) ?? []), r]);
  }
  const apex = zoneApex(zone);
  const inZone = (name: string) => {
    const n = canonicalName(name);
    return apex === '.' || n === apex || n.endsWith(`.${apex}`);
  };
  const cnameAt = (name: string): ZoneRecord | undefined => byOwner.get(canonicalName(name))?.find((r) => r.data.type === 'CNAME');

  /** Follows in-zone CNAMEs from `name`: where the chain ends, and whether it loops or runs too long. */
  const walk = (name: string): { end: string; chain: string[]; broken?: 'loop' | 'too-long' } => {
    const chain: string[] = [];
    const seen = new Set<string>([canonicalName(name)]);
    let current = name;
    for (;;) {
      const alias = inZone(current) ? cnameAt(current) : undefined;
      if (!alias || alias.data.type !== 'CNAME') return { end: current, chain };
      chain.push(current);
      current = alias.data.target;
      if (seen.has(canonicalName(current))) return { end: current, chain: [...chain, current], broken: 'loop' };
      if (chain.length > MAX_CNAME_HOPS) return { end: current, chain: [...chain, current], broken: 'too-long' };
      seen.add(canonicalName(current));
    }
  };

  /** A/AAAA of a name after in-zone CNAMEs; undefined once the chain leaves the zone, [] when it is broken. */
  const addressesOf = (name: string): string[] | undefined => {
    const { end, broken } = walk(name);
    if (broken) return [];
    if (!inZone(end)) return undefined;
    return (byOwner.get(canonicalName(end)) ?? []).flatMap((r) => (r.data.type === 'A' || r.data.type === 'AAAA' ? [r.data.address] : []));
  };

  const srvFact = (r: ZoneRecord): SrvFact => {
    if (r.data.type !== 'SRV') throw new Error('srvFact needs an SRV record');
    const target = r.data.target;
    const alias = canonicalName(target) === '.' ? undefined : cnameAt(target);
    const addresses = canonicalName(target) === '.' ? undefined : addressesOf(target);
    const writtenRelative = r.relativeNames.includes('target');
    return {
      priority: r.data.priority,
      weight: r.data.weight,
      port: r.data.port,
      target,
      ttl: r.ttl,
      source: sourceOf(r),
      targetWrittenRelative: writtenRelative,
      ...(writtenRelative && r.relativeTo !== undefined ? { targetOrigin: r.relativeTo } : {}),
      ...(alias && alias.data.type === 'CNAME' ? { targetCname: alias.data.target } : {}),
      ...(addresses === undefined ? {} : { targetAddresses: addresses }),
      ...(canonicalName(target) !== '.' && walk(target).broken ? { targetLookup: 'CNAME-LOOP' } : {}),
    };
  };

  const domains: DomainFact[] = [];
  for (const [owner, records] of byOwner) {
    if (!owner.startsWith(`${VLMCS_LABELS}.`)) continue;
    const srvName = records[0]!.owner;
    const domain = srvName.slice(VLMCS_LABELS.length + 1);
    const alias = records.find((r) => r.data.type === 'CNAME');
    let srv = records.filter((r) => r.data.type === 'SRV');
    // A CNAME chain at the SRV name is followed inside the zone, as a resolver would.
    const chain = alias ? walk(srvName) : undefined;
    if (chain && !chain.broken && srv.length === 0) {
      srv = (byOwner.get(canonicalName(chain.end)) ?? []).filter((r) => r.data.type === 'SRV');
    }
    domains.push({
      domain,
      srvName,
      rcode: chain?.broken ? 'CNAME-LOOP' : 'NOERROR',
      ...(chain?.broken ? { failure: `CNAME chain ${chain.chain.join(' -> ')} ${chain.broken === 'loop' ? 'loops' : 'is too long'}`, win32: 9002 } : {}),
      // The owner's line lets a finding about the name itself (NODATA, CNAME) point into the file.
      ownerSource: sourceOf(alias ?? records[0]!),
      ...(alias && alias.data.type === 'CNAME' ? { ownerCname: alias.data.target } : {}),
      records: srv.map(srvFact),
    });
  }
  if (domains.length === 0) {
    // No owner at all: what a client of the zone's own domain would get.
    domains.push({ domain: apex, srvName: vlmcsOwner(apex), rcode: 'NXDOMAIN', win32: EVENTS.nxdomain.win32, records: [] });
  }
  const cnameLoops = zoneCnameLoops(zone, byOwner, walk);
  return {
    ...(cnameLoops.length > 0 ? { cnameLoops } : {}),
    profile: options.profile ?? 'win7',
    hostCaching: options.hostCaching ?? true,
    domains,
    zone: { origin: zone.origin, files: zone.files },
  };
}

/** The SOA owner when the file has one, else the origin it started with. */
function zoneApex(zone: Zone): string {
  const soa = zone.records.find((r) => r.data.type === 'SOA');
  return canonicalName(soa ? soa.owner : zone.origin);
}

function sourceOf(r: ZoneRecord): SourceLine {
  return { file: r.source.file, line: r.source.line };
}

/** Every broken CNAME chain in the zone, reported once per loop (from its first-written alias). */
function zoneCnameLoops(
  zone: Zone,
  byOwner: Map<string, ZoneRecord[]>,
  walk: (name: string) => { chain: string[]; broken?: 'loop' | 'too-long' },
): NonNullable<Facts['cnameLoops']> {
  const reported = new Set<string>();
  const loops: NonNullable<Facts['cnameLoops']> = [];
  for (const record of zone.records) {
    if (record.data.type !== 'CNAME') continue;
    const { chain, broken } = walk(record.owner);
    if (!broken) continue;
    // A loop is the same loop whichever of its names one starts from.
    const key = broken === 'loop' ? [...new Set(chain.map(canonicalName))].sort().join(' ') : canonicalName(record.owner);
    if (broken === 'loop' && chain.slice(0, -1).every((n) => reported.has(canonicalName(n)))) continue;
    if (reported.has(key)) continue;
    reported.add(key);
    for (const name of chain) reported.add(canonicalName(name));
    loops.push({ chain, kind: broken, source: sourceOf(byOwner.get(canonicalName(record.owner))?.find((r) => r.data.type === 'CNAME') ?? record) });
  }
  return loops;
}
