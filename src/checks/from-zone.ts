// Facts from a zone file: every `_vlmcs._tcp` owner becomes a domain, its SRV records the records.
// Only what the zone itself can tell is filled in: addresses and aliases of in-zone targets; a
// target outside the zone has unknown addresses (undefined), so no check guesses about it.
// `ZoneFactsBuilder` takes records one at a time as the parser streams them and keeps only what the
// checks use: SRV records as columns of numbers in fixed chunks (names as ids into one table of
// distinct names, so a record costs 26 bytes), the first CNAME of each owner, A/AAAA addresses by
// owner id and the SOA owner. The SRV facts are made only once the file is read, since a target's
// addresses may come after the records that name it, and a part at a time (factsInParts), so that
// check-zone's text report never holds every record's facts.
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

/** Records per chunk of SrvColumns: the store grows a chunk at a time, never copying what it holds. */
const CHUNK_BITS = 14;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/** One chunk of SRV records, a column per field (26 bytes a record). */
class SrvChunk {
  readonly owner = new Uint32Array(1 << CHUNK_BITS);
  readonly target = new Uint32Array(1 << CHUNK_BITS);
  readonly line = new Uint32Array(1 << CHUNK_BITS);
  readonly ttl = new Uint32Array(1 << CHUNK_BITS);
  /** Id of the record's file, origin and relative flag together (SrvContexts). */
  readonly context = new Uint32Array(1 << CHUNK_BITS);
  readonly priority = new Uint16Array(1 << CHUNK_BITS);
  readonly weight = new Uint16Array(1 << CHUNK_BITS);
  readonly port = new Uint16Array(1 << CHUNK_BITS);
}

/** SRV records in chunks; record `i` is at `chunkOf(i)`, offset `i & CHUNK_MASK`. */
class SrvColumns {
  size = 0;
  private readonly chunks: SrvChunk[] = [];

  /** Room for one more record: its number. */
  reserve(): number {
    if (this.size >> CHUNK_BITS === this.chunks.length) this.chunks.push(new SrvChunk());
    return this.size++;
  }

  chunkOf(i: number): SrvChunk {
    return this.chunks[i >> CHUNK_BITS] as SrvChunk;
  }
}

/**
 * The file, origin and "target written relative" of SRV records, by id: they change only at a
 * $ORIGIN or $INCLUDE, so records share a handful of ids instead of each holding all three.
 */
class SrvContexts {
  readonly file: number[] = [];
  readonly origin: number[] = [];
  readonly relative: boolean[] = [];
  private readonly ids = new Map<string, number>();
  private last = -1;

  id(file: number, origin: number, relative: boolean): number {
    const last = this.last;
    if (last >= 0 && this.file[last] === file && this.origin[last] === origin && this.relative[last] === relative) return last;
    const key = `${file} ${origin} ${relative ? 1 : 0}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.file.length;
      this.ids.set(key, id);
      this.file.push(file);
      this.origin.push(origin);
      this.relative.push(relative);
    }
    this.last = id;
    return id;
  }
}

/** What the zone says of an SRV target. */
type TargetFacts = Pick<SrvFact, 'targetCname' | 'targetAddresses' | 'targetLookup'>;
/** Kinds of target in ZoneFactsBuilder.targetKinds. */
const TARGET_UNSEEN = 0;
/** In the zone, no CNAME: the target's own addresses, if any. */
const TARGET_PLAIN = 1;
/** Outside the zone, no CNAME: addresses unknown. */
const TARGET_OUTSIDE = 2;
/** The root, or a CNAME: facts of its own. */
const TARGET_OTHER = 3;

export class ZoneFactsBuilder {
  /**
   * Ids of the names (and files) the SRV columns, addresses and aliases refer to, and the names by
   * id: one string per distinct name, so a target written a million times is stored once.
   */
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  /** `_vlmcs._tcp` owners (canonical) in the order first written, any record type. */
  private readonly srvOwners = new Map<string, SrvOwner>();
  /** Every SRV record, any owner (a `_vlmcs._tcp` CNAME may lead to any). */
  private readonly srv = new SrvColumns();
  private readonly contexts = new SrvContexts();
  /** The first CNAME of each canonical owner, in the order written. */
  private readonly cnames = new Map<string, Alias>();
  /** A/AAAA addresses in the order written, by the id of their canonical owner: one string, or several. */
  private readonly addresses: (string | string[] | undefined)[] = [];
  private soaOwner: string | undefined;
  /** The last owner added and its canonical form's id: records of one owner usually come together. */
  private lastOwner = '';
  private lastOwnerId = -1;
  /**
   * What each target (by id) is, worked out once for the apex named: TARGET_PLAIN and TARGET_OUTSIDE
   * need nothing more (most targets: a byte each), TARGET_OTHER has its facts in `otherTargets`.
   */
  private targetKinds = new Uint8Array(0);
  private readonly otherTargets = new Map<number, TargetFacts>();
  private targetKindsApex: string | undefined;
  private grouped: { start: Uint32Array; order: Uint32Array } | undefined;

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
    let ownerId: number;
    if (r.owner === this.lastOwner) {
      ownerId = this.lastOwnerId;
    } else {
      const key = canonicalName(r.owner);
      ownerId = this.id(key);
      if (key.startsWith(SRV_PREFIX) && !this.srvOwners.has(key)) this.srvOwners.set(key, { srvName: this.intern(r.owner), source: sourceOf(r) });
      this.lastOwner = r.owner;
      this.lastOwnerId = ownerId;
    }
    switch (data.type) {
      case 'SOA':
        this.soaOwner ??= this.names[ownerId];
        return;
      case 'CNAME': {
        const key = this.names[ownerId] as string;
        if (!this.cnames.has(key)) this.cnames.set(key, { owner: this.intern(r.owner), target: this.intern(data.target), source: sourceOf(r) });
        return;
      }
      case 'A':
      case 'AAAA': {
        const addresses = this.addresses;
        // Grown by push, never written past its end: a sparse array would fall back to a slow dictionary.
        while (addresses.length <= ownerId) addresses.push(undefined);
        const known = addresses[ownerId];
        // One address (the usual case) as a plain string: an array per host would cost twice as much.
        if (known === undefined) addresses[ownerId] = data.address;
        else if (typeof known === 'string') addresses[ownerId] = [known, data.address];
        else known.push(data.address);
        return;
      }
      case 'SRV': {
        const writtenRelative = r.relativeNames.includes('target');
        const i = this.srv.reserve();
        const chunk = this.srv.chunkOf(i);
        const j = i & CHUNK_MASK;
        chunk.owner[j] = ownerId;
        chunk.target[j] = this.id(data.target);
        chunk.context[j] = this.contexts.id(this.id(r.source.file), writtenRelative && r.relativeTo !== undefined ? this.id(r.relativeTo) : NO_NAME, writtenRelative);
        chunk.line[j] = r.source.line;
        chunk.ttl[j] = r.ttl;
        chunk.priority[j] = data.priority;
        chunk.weight[j] = data.weight;
        chunk.port[j] = data.port;
        return;
      }
      default:
        return;
    }
  }

  /**
   * The SRV records grouped by owner, file order kept within an owner (a counting sort on the owner
   * id): the records of owner id `o` are `order[start[o]]` to `order[start[o + 1] - 1]`. Worked out
   * once and kept, since check-zone goes over the facts more than once.
   */
  private byOwner(): { start: Uint32Array; order: Uint32Array } {
    const { srv, names } = this;
    if (this.grouped?.order.length === srv.size && this.grouped.start.length === names.length + 1) return this.grouped;
    const start = new Uint32Array(names.length + 1);
    for (let i = 0; i < srv.size; i++) start[(srv.chunkOf(i).owner[i & CHUNK_MASK] as number) + 1]! += 1;
    for (let id = 0; id < names.length; id++) start[id + 1]! += start[id] as number;
    const order = new Uint32Array(srv.size);
    const next = start.slice(0, names.length);
    for (let i = 0; i < srv.size; i++) order[next[srv.chunkOf(i).owner[i & CHUNK_MASK] as number]!++] = i;
    this.grouped = { start, order };
    return this.grouped;
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

    // What each distinct target resolves to inside the zone, worked out once per target (and kept for the next pass).
    if (this.targetKindsApex !== apex || this.targetKinds.length !== this.names.length) {
      this.targetKinds = new Uint8Array(this.names.length);
      this.otherTargets.clear();
      this.targetKindsApex = apex;
    }
    const kinds = this.targetKinds;
    const addressesOf = (name: string): string | string[] | undefined => {
      const id = this.ids.get(canonicalName(name));
      return id === undefined ? undefined : this.addresses[id];
    };
    const targetFacts = (targetId: number): TargetFacts => {
      const target = this.names[targetId] as string;
      let kind = kinds[targetId] as number;
      if (kind === TARGET_UNSEEN) {
        kind = TARGET_OTHER;
        if (canonicalName(target) === '.') {
          this.otherTargets.set(targetId, {});
        } else {
          const alias = cnameAt(target);
          const { end, broken } = walk(target);
          if (!alias && !inZone(end)) kind = TARGET_OUTSIDE;
          // Written in canonical form, the target's id is its addresses' key too.
          else if (!alias && canonicalName(target) === target) kind = TARGET_PLAIN;
          else {
            // A/AAAA after in-zone CNAMEs; unknown once the chain leaves the zone, none when it is broken.
            const held = broken || !inZone(end) ? undefined : addressesOf(end);
            const addresses = broken ? [] : !inZone(end) ? undefined : held === undefined ? [] : typeof held === 'string' ? [held] : held;
            this.otherTargets.set(targetId, {
              ...(alias ? { targetCname: alias.target } : {}),
              ...(addresses === undefined ? {} : { targetAddresses: addresses }),
              ...(broken ? { targetLookup: 'CNAME-LOOP' } : {}),
            });
          }
        }
        kinds[targetId] = kind;
      }
      if (kind === TARGET_OUTSIDE) return {};
      if (kind === TARGET_PLAIN) {
        // An in-zone name without a CNAME: its own addresses (a new array for a single one, dropped with the part).
        const held = this.addresses[targetId];
        return { targetAddresses: held === undefined ? [] : typeof held === 'string' ? [held] : held };
      }
      return this.otherTargets.get(targetId) as TargetFacts;
    };
    const { srv, names, contexts } = this;
    const { start, order } = this.byOwner();
    const factAt = (i: number): SrvFact => {
      const chunk = srv.chunkOf(i);
      const j = i & CHUNK_MASK;
      const targetId = chunk.target[j] as number;
      const context = chunk.context[j] as number;
      const origin = contexts.origin[context] as number;
      const found = targetFacts(targetId);
      // Built by assignment, not by spreading: a spread object literal costs several times the memory.
      const fact: SrvFact = {
        priority: chunk.priority[j] as number,
        weight: chunk.weight[j] as number,
        port: chunk.port[j] as number,
        target: names[targetId] as string,
        ttl: chunk.ttl[j] as number,
        source: { file: names[contexts.file[context] as number] as string, line: chunk.line[j] as number },
        targetWrittenRelative: contexts.relative[context] === true,
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
