// Facts from a parsed zone file: every `_vlmcs._tcp` owner becomes a domain, its SRV records the
// records. Only what the zone itself can tell is filled in: addresses and aliases of in-zone targets;
// a target outside the zone has unknown addresses (undefined), so no check guesses about it.
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

  /** A/AAAA of a name after in-zone CNAMEs; undefined once the chain leaves the zone. */
  const addressesOf = (name: string): string[] | undefined => {
    let current = name;
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      if (!inZone(current)) return undefined;
      const alias = cnameAt(current);
      if (!alias || alias.data.type !== 'CNAME') {
        return (byOwner.get(canonicalName(current)) ?? []).flatMap((r) => (r.data.type === 'A' || r.data.type === 'AAAA' ? [r.data.address] : []));
      }
      current = alias.data.target;
    }
    return [];
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
    };
  };

  const domains: DomainFact[] = [];
  for (const [owner, records] of byOwner) {
    if (!owner.startsWith(`${VLMCS_LABELS}.`)) continue;
    const srvName = records[0]!.owner;
    const domain = srvName.slice(VLMCS_LABELS.length + 1);
    const alias = records.find((r) => r.data.type === 'CNAME');
    let srv = records.filter((r) => r.data.type === 'SRV');
    // A CNAME at the SRV name is followed inside the zone, as a resolver would.
    if (alias && alias.data.type === 'CNAME' && srv.length === 0) {
      srv = (byOwner.get(canonicalName(alias.data.target)) ?? []).filter((r) => r.data.type === 'SRV');
    }
    domains.push({
      domain,
      srvName,
      rcode: 'NOERROR',
      // The owner's line lets a finding about the name itself (NODATA, CNAME) point into the file.
      ownerSource: sourceOf(alias ?? records[0]!),
      ...(alias && alias.data.type === 'CNAME' ? { ownerCname: alias.data.target } : {}),
      records: srv.map(srvFact),
    });
  }
  if (domains.length === 0) {
    // No owner at all: what a client of the zone's own domain would get.
    domains.push({ domain: apex, srvName: vlmcsOwner(apex), rcode: 'NXDOMAIN', win32: 9003, records: [] });
  }
  return {
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
