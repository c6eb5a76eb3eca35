// The records publish/unpublish manage, grouped by the zone each UPDATE goes to. The per-domain
// records come from the same function the generators use, so `publish` and `generate nsupdate` agree.
import type { Plan } from '../plan/types.js';
import { isWithin, ownDomain, recordsByDomain } from '../render/records.js';
import { KmsSrvError } from '../util/errors.js';
import { canonicalName } from '../names/canonical.js';

export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  /** Absolute, with trailing dot. */
  target: string;
}

/** One record as UPDATE sends it and `--json` prints it. Names are absolute, lower case, trailing dot. */
export interface UpdateRecord {
  name: string;
  type: 'SRV' | 'A' | 'AAAA';
  ttl: number;
  /** SRV: the fields; A/AAAA: the address. */
  data: SrvData | string;
}

/** One RRset: every record of one type at one name. */
export interface RrsetId {
  name: string;
  type: UpdateRecord['type'];
}

/** One record in master-file form, as publish prints it and names it in messages. */
export function presentRecord(record: UpdateRecord): string {
  const d = record.data;
  const rdata = typeof d === 'string' ? d : `${d.priority} ${d.weight} ${d.port} ${d.target}`;
  return `${record.name} ${record.ttl} IN ${record.type} ${rdata}`;
}

export interface ZoneRecords {
  /** Zone apex, absolute with trailing dot. */
  zone: string;
  records: UpdateRecord[];
  /**
   * The RRsets the plan owns in this zone, which publish makes equal to `records`: each publish
   * domain's `_vlmcs._tcp` SRV RRset and the A and AAAA RRsets of the plan's hosts addressed here
   * (a host without IPv6 in the plan owns an empty AAAA RRset).
   */
  owned: RrsetId[];
}

function ownedBy(plan: Plan, domain: string, records: readonly UpdateRecord[]): RrsetId[] {
  const srv = [...new Set(records.filter((r) => r.type === 'SRV').map((r) => r.name))];
  const hosts = plan.hosts.filter((h) => canonicalName(ownDomain(h.name)) === domain).map((h) => canonicalName(h.name));
  return [...srv.map((name): RrsetId => ({ name, type: 'SRV' })), ...hosts.flatMap((name): RrsetId[] => [{ name, type: 'A' }, { name, type: 'AAAA' }])];
}

/**
 * Each plan domain is a zone of its own, unless `zone` names one zone: then every record lying in it
 * goes into that one UPDATE and records outside it are left out.
 */
export function planZones(plan: Plan, zone?: string): ZoneRecords[] {
  const groups = recordsByDomain(plan, { now: new Date(0) }).map((group) => ({
    zone: canonicalName(group.domain),
    records: [
      ...group.srv.map((r): UpdateRecord => ({
        name: canonicalName(r.owner),
        type: 'SRV',
        ttl: r.ttl,
        data: { priority: r.priority, weight: r.weight, port: r.port, target: canonicalName(r.target) },
      })),
      ...group.addresses.map((r): UpdateRecord => ({ name: canonicalName(r.owner), type: r.type, ttl: r.ttl, data: r.address })),
    ],
  })).map((g) => ({ ...g, owned: ownedBy(plan, g.zone, g.records) }));
  if (zone === undefined) return groups.filter((g) => g.records.length > 0);

  const apex = canonicalName(zone);
  const inside = groups.flatMap((g) => g.records).filter((r) => isWithin(r.name, apex));
  const seen = new Set<string>();
  const records = inside.filter((r) => {
    const key = `${r.name} ${r.type} ${JSON.stringify(r.data)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (records.length === 0) {
    throw new KmsSrvError('USAGE', `--zone ${zone}: no record of the plan lies in this zone (domains: ${groups.map((g) => g.zone).join(', ')})`);
  }
  const owned = new Map(groups.flatMap((g) => g.owned).filter((o) => isWithin(o.name, apex)).map((o) => [`${o.name} ${o.type}`, o]));
  return [{ zone: apex, records, owned: [...owned.values()] }];
}
