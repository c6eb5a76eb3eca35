// Facts from a zone file: every `_vlmcs._tcp` owner becomes a domain, its SRV records the records.
// Only what the zone itself can tell is filled in: addresses and aliases of in-zone targets; a
// target outside the zone has unknown addresses (undefined), so no check guesses about it.
// `ZoneFactsBuilder` takes records one at a time as the parser streams them and keeps only what the
// checks use: SRV records as columns of numbers (names as ids into one table of distinct names, so
// a record costs about 30 bytes), the first CNAME of each owner, A/AAAA addresses by owner and the
// SOA owner. The SRV facts are made only once the file is read, since a target's addresses may come
// after the records that name it.
import { EVENTS } from '../knowledge/client-error.js';
import type { ClientProfile } from '../srv/types.js';
import { canonicalName } from '../names/canonical.js';
import { VLMCS_LABELS, vlmcsOwner } from '../names/kms-service.js';
import type { Zone, ZoneRecord } from '../zonefile/types.js';
import type { DomainFact, Facts, SourceLine, SrvFact } from './facts.js';

/** `_vlmcs._tcp.`, lower case, as owners are compared here. */
const SRV_PREFIX = `${VLMCS_LABELS}.`;

export interface ZoneFactsOptions {
  profile?: ClientProfile;
  hostCaching?: boolean;
}

/**
 * SRV records per part of factsInParts when check-zone judges a zone part by part. Small on purpose:
 * a small part's facts die young and are swept cheaply; parts of 10,000 records lived long enough to
 * reach the old generation, and check-zone peaked at 560 MB instead of 320 on 2 million SRV records.
 */
export const FACTS_PART_RECORDS = 200;

/** Bounds a chain of in-zone CNAMEs (a loop in the file must not hang the checks). */
const MAX_CNAME_HOPS = 8;

interface Alias {
  owner: string;
  target: string;
  source: SourceLine;
}

/** A `_vlmcs._tcp` owner as first written, and where. */
interface SrvOwner {
  srvName: string;
  source: SourceLine;
}

type Walk = { end: string; chain: string[]; broken?: 'loop' | 'too-long' };

/** No origin recorded for an SRV record (its target was absolute). */
const NO_NAME = 0xffffffff;

/** SRV records, one column per field, grown by doubling. */
class SrvColumns {
  size = 0;
  owner = new Uint32Array(1024);
  target = new Uint32Array(1024);
  origin = new Uint32Array(1024);
  file = new Uint32Array(1024);
  line = new Uint32Array(1024);
  ttl = new Uint32Array(1024);
  priority = new Uint16Array(1024);
  weight = new Uint16Array(1024);
  port = new Uint16Array(1024);
  relative = new Uint8Array(1024);

  /** Room for one more record. */
  reserve(): number {
    if (this.size === this.owner.length) {
      const grow = <T extends Uint32Array | Uint16Array | Uint8Array>(column: T): T => {
        const bigger = new (column.constructor as new (n: number) => T)(column.length * 2);
        bigger.set(column);
        return bigger;
      };
      this.owner = grow(this.owner);
      this.target = grow(this.target);
      this.origin = grow(this.origin);
      this.file = grow(this.file);
      this.line = grow(this.line);
      this.ttl = grow(this.ttl);
      this.priority = grow(this.priority);
      this.weight = grow(this.weight);
      this.port = grow(this.port);
      this.relative = grow(this.relative);
    }
    return this.size++;
  }
}

export class ZoneFactsBuilder {
  /**
   * Ids of the names (and files) the SRV columns and aliases refer to, and the names by id: one
   * string per distinct name, so a target written a million times is stored once.
   */
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  /** `_vlmcs._tcp` owners (canonical) in the order first written, any record type. */
  private readonly srvOwners = new Map<string, SrvOwner>();
  /** Every SRV record, any owner (a `_vlmcs._tcp` CNAME may lead to any). */
  private readonly srv = new SrvColumns();
  /** The first CNAME of each canonical owner, in the order written. */
  private readonly cnames = new Map<string, Alias>();
  /** A/AAAA addresses by canonical owner: one string, or several in the order written. */
  private readonly addresses = new Map<string, string | string[]>();
  private soaOwner: string | undefined;

  private id(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    this.ids.set(name, this.names.length);
    this.names.push(name);
    return this.names.length - 1;
  }

  private intern(name: string): string {
    return this.names[this.id(name)] as string;
  }

  add(r: ZoneRecord): void {
    const data = r.data;
    const type = data.type;
    if (type !== 'SRV' && type !== 'CNAME' && type !== 'A' && type !== 'AAAA' && type !== 'SOA' && !this.mayBeSrvOwner(r.owner)) return;
    // Not interned: an owner with addresses is stored once, as its key in `addresses`.
    const key = canonicalName(r.owner);
    if (key.startsWith(SRV_PREFIX) && !this.srvOwners.has(key)) this.srvOwners.set(key, { srvName: this.intern(r.owner), source: sourceOf(r) });
    switch (data.type) {
      case 'SOA':
        this.soaOwner ??= key;
        return;
      case 'CNAME':
        if (!this.cnames.has(key)) this.cnames.set(key, { owner: this.intern(r.owner), target: this.intern(data.target), source: sourceOf(r) });
        return;
      case 'A':
      case 'AAAA': {
        const known = this.addresses.get(key);
        if (known === undefined) this.addresses.set(key, data.address);
        else if (typeof known === 'string') this.addresses.set(key, [known, data.address]);
        else known.push(data.address);
        return;
      }
      case 'SRV': {
        const writtenRelative = r.relativeNames.includes('target');
        const srv = this.srv;
        const i = srv.reserve();
        srv.owner[i] = this.id(key);
        srv.target[i] = this.id(data.target);
        srv.origin[i] = writtenRelative && r.relativeTo !== undefined ? this.id(r.relativeTo) : NO_NAME;
        srv.file[i] = this.id(r.source.file);
        srv.line[i] = r.source.line;
        srv.ttl[i] = r.ttl;
        srv.priority[i] = data.priority;
        srv.weight[i] = data.weight;
        srv.port[i] = data.port;
        srv.relative[i] = writtenRelative ? 1 : 0;
        return;
      }
      default:
        return;
    }
  }

  private mayBeSrvOwner(owner: string): boolean {
    return owner.length >= SRV_PREFIX.length && owner.slice(0, SRV_PREFIX.length).toLowerCase() === SRV_PREFIX;
  }

  /** The facts, once every record is in; `zone` is what the parser said of the file as a whole. */
  facts(zone: Pick<Zone, 'origin' | 'files'>, options: ZoneFactsOptions = {}): Facts {
    const parts = [...this.factsInParts(zone, options, Infinity)];
    const first = parts[0] as Facts;
    return parts.length === 1 ? first : { ...first, domains: parts.flatMap((part) => part.domains) };
  }

  /**
   * The same facts in parts of whole domains, about `recordsPerPart` SRV records each (the zone-wide
   * CNAME loops in the first part only), so that a caller that judges domain by domain never holds
   * every record's facts at once.
   */
  *factsInParts(zone: Pick<Zone, 'origin' | 'files'>, options: ZoneFactsOptions, recordsPerPart: number): Generator<Facts> {
    // The SOA owner when the file has one, else the origin it started with.
    const apex = this.soaOwner ?? canonicalName(zone.origin);
    const inZone = (name: string) => {
      const n = canonicalName(name);
      return apex === '.' || n === apex || n.endsWith(`.${apex}`);
    };
    const cnameAt = (name: string): Alias | undefined => this.cnames.get(canonicalName(name));

    /** Follows in-zone CNAMEs from `name`: where the chain ends, and whether it loops or runs too long. */
    const walk = (name: string): Walk => {
      const chain: string[] = [];
      const seen = new Set<string>([canonicalName(name)]);
      let current = name;
      for (;;) {
        const alias = inZone(current) ? cnameAt(current) : undefined;
        if (!alias) return { end: current, chain };
        chain.push(current);
        current = alias.target;
        if (seen.has(canonicalName(current))) return { end: current, chain: [...chain, current], broken: 'loop' };
        if (chain.length > MAX_CNAME_HOPS) return { end: current, chain: [...chain, current], broken: 'too-long' };
        seen.add(canonicalName(current));
      }
    };

    /** What each distinct target resolves to inside the zone, worked out once per target. */
    const targets = new Map<string, Pick<SrvFact, 'targetCname' | 'targetAddresses' | 'targetLookup'>>();
    const targetFacts = (target: string) => {
      const key = canonicalName(target);
      const known = targets.get(key);
      if (known !== undefined) return known;
      let found: Pick<SrvFact, 'targetCname' | 'targetAddresses' | 'targetLookup'> = {};
      if (key !== '.') {
        const alias = cnameAt(target);
        const { end, broken } = walk(target);
        // A/AAAA after in-zone CNAMEs; unknown once the chain leaves the zone, none when it is broken.
        const held = broken || !inZone(end) ? undefined : this.addresses.get(canonicalName(end));
        const addresses = broken ? [] : !inZone(end) ? undefined : held === undefined ? [] : typeof held === 'string' ? [held] : held;
        found = {
          ...(alias ? { targetCname: alias.target } : {}),
          ...(addresses === undefined ? {} : { targetAddresses: addresses }),
          ...(broken ? { targetLookup: 'CNAME-LOOP' } : {}),
        };
      }
      targets.set(key, found);
      return found;
    };
    // Records grouped by owner, file order kept within an owner (a counting sort on the owner id).
    const { srv, names } = this;
    const start = new Uint32Array(names.length + 1);
    for (let i = 0; i < srv.size; i++) start[(srv.owner[i] as number) + 1]! += 1;
    for (let id = 0; id < names.length; id++) start[id + 1]! += start[id] as number;
    const order = new Uint32Array(srv.size);
    const next = start.slice(0, names.length);
    for (let i = 0; i < srv.size; i++) order[next[srv.owner[i] as number]!++] = i;
    const factAt = (i: number): SrvFact => {
      const target = names[srv.target[i] as number] as string;
      const origin = srv.origin[i] as number;
      const found = targetFacts(target);
      // Built by assignment, not by spreading: a spread object literal costs several times the memory.
      const fact: SrvFact = {
        priority: srv.priority[i] as number,
        weight: srv.weight[i] as number,
        port: srv.port[i] as number,
        target,
        ttl: srv.ttl[i] as number,
        source: { file: names[srv.file[i] as number] as string, line: srv.line[i] as number },
        targetWrittenRelative: srv.relative[i] === 1,
      };
      if (origin !== NO_NAME) fact.targetOrigin = names[origin] as string;
      if (found.targetCname !== undefined) fact.targetCname = found.targetCname;
      // Records naming one target share its address list (facts are read, never changed, by the checks).
      if (found.targetAddresses !== undefined) fact.targetAddresses = found.targetAddresses;
      if (found.targetLookup !== undefined) fact.targetLookup = found.targetLookup;
      return fact;
    };
    const srvFactsAt = (name: string): SrvFact[] => {
      const id = this.ids.get(canonicalName(name));
      if (id === undefined) return [];
      const facts: SrvFact[] = [];
      for (let k = start[id] as number; k < (start[id + 1] as number); k++) facts.push(factAt(order[k] as number));
      return facts;
    };

    const cnameLoops = this.cnameLoops(walk);
    const part = (domains: DomainFact[], first: boolean): Facts => ({
      ...(first && cnameLoops.length > 0 ? { cnameLoops } : {}),
      profile: options.profile ?? 'win7',
      hostCaching: options.hostCaching ?? true,
      domains,
      zone: { origin: zone.origin, files: zone.files },
    });
    let domains: DomainFact[] = [];
    let records = 0;
    let first = true;
    for (const [owner, { srvName, source }] of this.srvOwners) {
      if (domains.length > 0 && records >= recordsPerPart) {
        yield part(domains, first);
        first = false;
        domains = [];
        records = 0;
      }
      const domain = srvName.slice(SRV_PREFIX.length);
      const alias = this.cnames.get(owner);
      let srvFacts = srvFactsAt(owner);
      // A CNAME chain at the SRV name is followed inside the zone, as a resolver would.
      const chain = alias ? walk(srvName) : undefined;
      if (chain && !chain.broken && srvFacts.length === 0) srvFacts = srvFactsAt(chain.end);
      records += srvFacts.length;
      domains.push({
        domain,
        srvName,
        rcode: chain?.broken ? 'CNAME-LOOP' : 'NOERROR',
        ...(chain?.broken ? { failure: `CNAME chain ${chain.chain.join(' -> ')} ${chain.broken === 'loop' ? 'loops' : 'is too long'}`, win32: 9002 } : {}),
        // The owner's line lets a finding about the name itself (NODATA, CNAME) point into the file.
        ownerSource: { ...(alias?.source ?? source) },
        ...(alias ? { ownerCname: alias.target } : {}),
        records: srvFacts,
      });
    }
    if (first && domains.length === 0) {
      // No owner at all: what a client of the zone's own domain would get.
      domains.push({ domain: apex, srvName: vlmcsOwner(apex), rcode: 'NXDOMAIN', win32: EVENTS.nxdomain.win32, records: [] });
    }
    if (domains.length > 0) yield part(domains, first);
  }

  /** Every broken CNAME chain in the zone, reported once per loop (from its first-written alias). */
  private cnameLoops(walk: (name: string) => Walk): NonNullable<Facts['cnameLoops']> {
    const reported = new Set<string>();
    const loops: NonNullable<Facts['cnameLoops']> = [];
    for (const [key, alias] of this.cnames) {
      const { chain, broken } = walk(alias.owner);
      if (!broken) continue;
      // A loop is the same loop whichever of its names one starts from.
      const id = broken === 'loop' ? [...new Set(chain.map(canonicalName))].sort().join(' ') : key;
      if (broken === 'loop' && chain.slice(0, -1).every((n) => reported.has(canonicalName(n)))) continue;
      if (reported.has(id)) continue;
      reported.add(id);
      for (const name of chain) reported.add(canonicalName(name));
      loops.push({ chain, kind: broken, source: { ...alias.source } });
    }
    return loops;
  }
}

function sourceOf(r: ZoneRecord): SourceLine {
  return { file: r.source.file, line: r.source.line };
}

/** The facts of a zone already parsed whole (the streaming path feeds `ZoneFactsBuilder` itself). */
export function factsFromZone(zone: Zone, options: ZoneFactsOptions = {}): Facts {
  const builder = new ZoneFactsBuilder();
  for (const record of zone.records) builder.add(record);
  return builder.facts(zone, options);
}
