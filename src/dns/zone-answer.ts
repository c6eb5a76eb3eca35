// What an authoritative server says about one question, from parsed zones: answers, CNAME chasing
// inside the zones, NXDOMAIN / NODATA with the SOA (RFC 2308), additional A/AAAA for SRV, NS and MX
// targets. Pure: the responder does the sockets. Wildcards and delegations are not served (lab use).
import type dnsPacket from 'dns-packet';
import { canonicalName } from '../names/canonical.js';
import { type Zone, type ZoneRecord } from '../zonefile/types.js';

export interface ZoneAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'SERVFAIL';
  authoritative: boolean;
  answers: dnsPacket.Answer[];
  authorities: dnsPacket.Answer[];
  additionals: dnsPacket.Answer[];
}

interface IndexedZone {
  apex: string;
  soa: ZoneRecord | undefined;
  byName: Map<string, ZoneRecord[]>;
  /** Every owner and every name between an owner and the apex (empty non-terminals exist: RFC 8020). */
  existing: Set<string>;
}

const MAX_CHASE = 8;

function parentOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 || dot === name.length - 1 ? '.' : name.slice(dot + 1);
}

function isAtOrBelow(name: string, apex: string): boolean {
  return apex === '.' || name === apex || name.endsWith(`.${apex}`);
}

export class ZoneIndex {
  private readonly zones: IndexedZone[];

  constructor(zones: readonly Zone[]) {
    this.zones = zones.map((zone) => {
      const apex = canonicalName(zone.origin);
      const byName = new Map<string, ZoneRecord[]>();
      const existing = new Set<string>([apex]);
      for (const record of zone.records) {
        const owner = canonicalName(record.owner);
        if (!isAtOrBelow(owner, apex)) continue;
        const list = byName.get(owner);
        if (list) list.push(record);
        else byName.set(owner, [record]);
        for (let n = owner; n !== apex && n !== '.' && !existing.has(n); n = parentOf(n)) existing.add(n);
      }
      const soa = byName.get(apex)?.find((r) => r.type === 'SOA');
      return { apex, soa, byName, existing };
    });
    // The most specific zone first, so a child zone wins over its parent.
    this.zones.sort((a, b) => b.apex.length - a.apex.length);
  }

  private zoneFor(name: string): IndexedZone | undefined {
    return this.zones.find((z) => isAtOrBelow(name, z.apex));
  }

  answer(qname: string, qtype: string): ZoneAnswer {
    const empty: ZoneAnswer = { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [], additionals: [] };
    let name = canonicalName(qname);
    const zone = this.zoneFor(name);
    if (!zone) return empty;
    const result: ZoneAnswer = { rcode: 'NOERROR', authoritative: true, answers: [], authorities: [], additionals: [] };
    let owner = qname; // the first owner keeps the question's spelling, as servers echo it
    const visited = new Set<string>([name]);
    for (let hop = 0; hop <= MAX_CHASE; hop++) {
      const records = zone.byName.get(name) ?? [];
      const matching = records.filter((r) => r.type === qtype || qtype === 'ANY');
      if (matching.length > 0) {
        // RFC 2181 §5.2: one TTL per RRset; BIND keeps the first one loaded, and so do we.
        const ttl = (matching[0] as ZoneRecord).ttl;
        for (const r of matching) pushRecord(result.answers, qtype === 'ANY' ? r : { ...r, ttl }, owner);
        this.addAdditionals(result, matching);
        return result;
      }
      const alias = records.find((r) => r.type === 'CNAME');
      if (alias && alias.data.type === 'CNAME') {
        pushRecord(result.answers, alias, owner);
        name = canonicalName(alias.data.target);
        owner = alias.data.target;
        // A loop inside the zone: BIND answers SERVFAIL with the chain it walked, and so do we.
        if (visited.has(name)) return { ...result, rcode: 'SERVFAIL' };
        visited.add(name);
        // Chase only inside this zone, as BIND does; for a target elsewhere the client asks again.
        if (this.zoneFor(name) !== zone) return result;
        continue;
      }
      if (!zone.existing.has(name)) result.rcode = 'NXDOMAIN';
      if (zone.soa) pushNegativeSoa(result.authorities, zone.soa);
      return result;
    }
    // A chain longer than the chase limit: BIND gives up the same way, SERVFAIL with what it walked.
    return { ...result, rcode: 'SERVFAIL' };
  }

  private addAdditionals(result: ZoneAnswer, records: ZoneRecord[]): void {
    for (const r of records) {
      const target = r.data.type === 'SRV' ? r.data.target : r.data.type === 'NS' ? r.data.host : undefined;
      if (!target) continue;
      const key = canonicalName(target);
      const zone = this.zoneFor(key);
      for (const a of zone?.byName.get(key) ?? []) {
        if (a.type === 'A' || a.type === 'AAAA') pushRecord(result.additionals, a, a.owner);
      }
    }
  }
}

/** A zone record as dns-packet encodes it; types the codec cannot build from text are skipped. */
function pushRecord(into: dnsPacket.Answer[], record: ZoneRecord, owner: string): void {
  const base = { name: owner, ttl: record.ttl, class: 'IN' as const };
  const d = record.data;
  switch (d.type) {
    case 'A':
    case 'AAAA':
      into.push({ ...base, type: d.type, data: d.address });
      return;
    case 'NS':
      into.push({ ...base, type: 'NS', data: d.host });
      return;
    case 'CNAME':
      into.push({ ...base, type: 'CNAME', data: d.target });
      return;
    case 'SRV':
      into.push({ ...base, type: 'SRV', data: { priority: d.priority, weight: d.weight, port: d.port, target: d.target } });
      return;
    case 'TXT':
      into.push({ ...base, type: 'TXT', data: d.strings });
      return;
    case 'SOA':
      into.push({ ...base, type: 'SOA', data: { ...d } });
      return;
    default:
      return;
  }
}

/** RFC 2308 §3: the SOA in a negative answer carries min(SOA TTL, SOA MINIMUM). */
function pushNegativeSoa(into: dnsPacket.Answer[], soa: ZoneRecord): void {
  if (soa.data.type !== 'SOA') return;
  pushRecord(into, { ...soa, ttl: Math.min(soa.ttl, soa.data.minimum) }, soa.owner);
}
