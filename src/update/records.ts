// The records publish/unpublish manage, grouped by the zone each UPDATE goes to. The per-domain
// records come from the same function the generators use, so `publish` and `generate nsupdate` agree.
import type { Plan } from '../plan/types.js';
import { isWithin, recordsByDomain } from '../render/records.js';
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

export interface ZoneRecords {
  /** Zone apex, absolute with trailing dot. */
  zone: string;
  records: UpdateRecord[];
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
  }));
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
  return [{ zone: apex, records }];
}
