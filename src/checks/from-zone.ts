// Facts from a zone file: every `_vlmcs._tcp` owner becomes a domain, its SRV records the records.
// Only what the zone itself can tell is filled in: addresses and aliases of in-zone targets; a
// target outside the zone has unknown addresses (undefined), so no check guesses about it.
// `ZoneFactsBuilder` takes records one at a time as the parser streams them and keeps only what the
// checks use, outside the JavaScript heap where it can: SRV records as a delta-coded byte stream in
// runs per owner (about 5 bytes a record), names and addresses once each in byte tables
// (util/byte-chunks.ts), the first CNAME of each owner and the SOA owner. The SRV facts are made
// only once the file is read, since a target's addresses may come after the records that name it,
// and a part at a time (factsInParts), so that check-zone never holds every record's facts.
import { EVENTS } from '../knowledge/client-error.js';
import type { ClientProfile } from '../srv/types.js';
import { canonicalName } from '../names/canonical.js';
import { VLMCS_LABELS, vlmcsOwner } from '../names/kms-service.js';
import type { Zone, ZoneRecord } from '../zonefile/types.js';
import { StringList, StringTable, U32Chunks, VarintChunks } from '../util/byte-chunks.js';
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

/**
 * The `_vlmcs._tcp` owners in the order first written (any record type), as numbers: the id of the
 * canonical name, of the name as written and of its file, and the line (a zone may have millions).
 */
class SrvOwners {
  /** Per name id: the owner's number + 1, 0 when the name is no `_vlmcs._tcp` owner (yet). */
  private readonly byName = new U32Chunks();
  readonly key = new U32Chunks();
  readonly written = new U32Chunks();
  readonly file = new U32Chunks();
  readonly line = new U32Chunks();

  /** Notes owner `key` (a name id) unless known. */
  add(key: number, written: number, file: number, line: number): void {
    while (this.byName.length <= key) this.byName.push(0);
    if (this.byName.get(key) !== 0) return;
    this.key.push(key);
    this.written.push(written);
    this.file.push(file);
    this.line.push(line);
    this.byName.set(key, this.key.length);
  }

  get size(): number {
    return this.key.length;
  }
}

type Walk = { end: string; chain: string[]; broken?: 'loop' | 'too-long' };

/** Which fields of an SRV record are written: those that differ from the record before it in its run. */
const HAS_PRIORITY = 1;
const HAS_WEIGHT = 2;
const HAS_PORT = 4;
const HAS_TTL = 8;
const HAS_CONTEXT = 16;

/** A signed difference as an unsigned number: 0, -1, 1, -2 … as 0, 1, 2, 3 … (small either way). */
function zigzag(delta: number): number {
  return delta >= 0 ? 2 * delta : -2 * delta - 1;
}

function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** One SRV record as SrvRecords holds it: names and contexts by id. */
interface SrvRecord {
  line: number;
  target: number;
  priority: number;
  weight: number;
  port: number;
  ttl: number;
  context: number;
}

function resetRecord(r: SrvRecord): void {
  r.line = 0;
  r.target = 0;
  r.priority = 0;
  r.weight = 0;
  r.port = 0;
  r.ttl = 0;
  r.context = 0;
}

/**
 * SRV records as a byte stream, in runs of one owner (the records of a `_vlmcs._tcp` name usually come
 * together; records of other types may come between). Within a run each record is written as its
 * difference from the one before: a flags byte, the line and target id as signed steps, then only the
 * fields that changed, each in as few bytes as its value needs (about 5 bytes a record where columns
 * of fixed width took 26).
 */
class SrvRecords {
  size = 0;
  private readonly bytes = new VarintChunks();
  /** Per run: its owner id, where its first record starts, how many records it holds. */
  readonly runOwner = new U32Chunks();
  private readonly runStart = new U32Chunks();
  private readonly runCount = new U32Chunks();
  private lastOwner = -1;
  /** The record written last (what the next one is written against), and the one read last. */
  private readonly written: SrvRecord = { line: 0, target: 0, priority: 0, weight: 0, port: 0, ttl: 0, context: 0 };
  readonly current: SrvRecord = { line: 0, target: 0, priority: 0, weight: 0, port: 0, ttl: 0, context: 0 };

  add(owner: number, r: SrvRecord): void {
    const w = this.written;
    if (owner !== this.lastOwner) {
      this.runOwner.push(owner);
      this.runStart.push(this.bytes.position);
      this.runCount.push(0);
      this.lastOwner = owner;
      resetRecord(w);
    }
    const run = this.runOwner.length - 1;
    this.runCount.set(run, this.runCount.get(run) + 1);
    const flags = (r.priority !== w.priority ? HAS_PRIORITY : 0) | (r.weight !== w.weight ? HAS_WEIGHT : 0) | (r.port !== w.port ? HAS_PORT : 0) | (r.ttl !== w.ttl ? HAS_TTL : 0) | (r.context !== w.context ? HAS_CONTEXT : 0);
    const bytes = this.bytes;
    bytes.write(flags);
    bytes.write(zigzag(r.line - w.line));
    bytes.write(zigzag(r.target - w.target));
    if (flags & HAS_PRIORITY) bytes.write(r.priority);
    if (flags & HAS_WEIGHT) bytes.write(r.weight);
    if (flags & HAS_PORT) bytes.write(r.port);
    if (flags & HAS_TTL) bytes.write(r.ttl);
    if (flags & HAS_CONTEXT) bytes.write(r.context);
    Object.assign(w, r);
    this.size++;
  }

  get runs(): number {
    return this.runOwner.length;
  }

  /** Starts reading run `run`; each `next()` then puts its next record in `current`. Returns its record count. */
  open(run: number): number {
    this.bytes.cursor = this.runStart.get(run);
    resetRecord(this.current);
    return this.runCount.get(run);
  }

  next(): SrvRecord {
    const { bytes, current: c } = this;
    const flags = bytes.read();
    c.line += unzigzag(bytes.read());
    c.target += unzigzag(bytes.read());
    if (flags & HAS_PRIORITY) c.priority = bytes.read();
    if (flags & HAS_WEIGHT) c.weight = bytes.read();
    if (flags & HAS_PORT) c.port = bytes.read();
    if (flags & HAS_TTL) c.ttl = bytes.read();
    if (flags & HAS_CONTEXT) c.context = bytes.read();
    return c;
  }
}

/**
 * The file, origin and "target written relative" of SRV records, by id: they change only at a
 * $ORIGIN or $INCLUDE, so records share a handful of ids instead of each holding all three.
 */
class SrvContexts {
  readonly file: string[] = [];
  readonly origin: (string | undefined)[] = [];
  readonly relative: boolean[] = [];
  private readonly ids = new Map<string, number>();
  private last = -1;

  id(file: string, origin: string | undefined, relative: boolean): number {
    const last = this.last;
    if (last >= 0 && this.file[last] === file && this.origin[last] === origin && this.relative[last] === relative) return last;
    const key = JSON.stringify([file, origin ?? null, relative]);
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
   * Ids of the names the SRV records, addresses and targets refer to: each distinct name stored once,
   * as bytes, so a target written a million times costs one entry.
   */
  private readonly names = new StringTable();
  /** `_vlmcs._tcp` owners (canonical) in the order first written, any record type. */
  private readonly srvOwners = new SrvOwners();
  /** The files records came from, by id (a handful: the main file and its $INCLUDEs). */
  private readonly files: string[] = [];
  /** Every SRV record, any owner (a `_vlmcs._tcp` CNAME may lead to any). */
  private readonly srv = new SrvRecords();
  private readonly contexts = new SrvContexts();
  /** The first CNAME of each canonical owner, in the order written. */
  private readonly cnames = new Map<string, Alias>();
  /** A/AAAA addresses by the id of their canonical owner: the first address's id + 1 (0: none yet). */
  private readonly firstAddress = new U32Chunks();
  /** Every address of the owners that have more than one, in the order written. */
  private readonly moreAddresses = new Map<number, string[]>();
  private readonly addressTexts = new StringList();
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
  private readonly adding: SrvRecord = { line: 0, target: 0, priority: 0, weight: 0, port: 0, ttl: 0, context: 0 };

  add(r: ZoneRecord): void {
    const data = r.data;
    const type = data.type;
    if (type !== 'SRV' && type !== 'CNAME' && type !== 'A' && type !== 'AAAA' && type !== 'SOA' && !this.mayBeSrvOwner(r.owner)) return;
    let ownerId: number;
    if (r.owner === this.lastOwner) {
      ownerId = this.lastOwnerId;
    } else {
      const key = canonicalName(r.owner);
      ownerId = this.names.id(key);
      if (key.startsWith(SRV_PREFIX)) this.srvOwners.add(ownerId, this.names.id(r.owner), this.fileId(r.source.file), r.source.line);
      this.lastOwner = r.owner;
      this.lastOwnerId = ownerId;
    }
    switch (data.type) {
      case 'SOA':
        this.soaOwner ??= canonicalName(r.owner);
        return;
      case 'CNAME': {
        const key = canonicalName(r.owner);
        if (!this.cnames.has(key)) this.cnames.set(key, { owner: r.owner, target: data.target, source: sourceOf(r) });
        return;
      }
      case 'A':
      case 'AAAA': {
        const first = this.firstAddress;
        while (first.length <= ownerId) first.push(0);
        const known = first.get(ownerId);
        // One address (the usual case) as an id; the hosts with more keep a list of strings.
        if (known === 0) first.set(ownerId, this.addressTexts.add(data.address) + 1);
        else {
          const more = this.moreAddresses.get(ownerId);
          if (more) more.push(data.address);
          else this.moreAddresses.set(ownerId, [this.addressTexts.text(known - 1), data.address]);
        }
        return;
      }
      case 'SRV': {
        const writtenRelative = r.relativeNames.includes('target');
        const record = this.adding;
        record.line = r.source.line;
        record.target = this.names.id(data.target);
        record.priority = data.priority;
        record.weight = data.weight;
        record.port = data.port;
        record.ttl = r.ttl;
        record.context = this.contexts.id(r.source.file, writtenRelative ? r.relativeTo : undefined, writtenRelative);
        this.srv.add(ownerId, record);
        return;
      }
      default:
        return;
    }
  }

  /** The addresses of the owner with id `id`, in the order written; undefined when it has none. */
  private addressesAt(id: number): string[] | undefined {
    const first = id < this.firstAddress.length ? this.firstAddress.get(id) : 0;
    if (first === 0) return undefined;
    return this.moreAddresses.get(id) ?? [this.addressTexts.text(first - 1)];
  }

  /**
   * The runs of SRV records grouped by owner, file order kept within an owner (a counting sort on the
   * owner id): the runs of owner id `o` are `order[start[o]]` to `order[start[o + 1] - 1]`. Worked
   * out once and kept, since check-zone goes over the facts more than once.
   */
  private byOwner(): { start: Uint32Array; order: Uint32Array } {
    const { srv, names } = this;
    const runs = srv.runs;
    if (this.grouped?.order.length === runs && this.grouped.start.length === names.size + 1) return this.grouped;
    const start = new Uint32Array(names.size + 1);
    for (let i = 0; i < runs; i++) start[srv.runOwner.get(i) + 1]! += 1;
    for (let id = 0; id < names.size; id++) start[id + 1]! += start[id] as number;
    const order = new Uint32Array(runs);
    const next = start.slice(0, names.size);
    for (let i = 0; i < runs; i++) order[next[srv.runOwner.get(i)]!++] = i;
    this.grouped = { start, order };
    return this.grouped;
  }

  private fileId(file: string): number {
    const files = this.files;
    const last = files.length - 1;
    if (last >= 0 && files[last] === file) return last;
    const known = files.indexOf(file);
    if (known >= 0) return known;
    files.push(file);
    return last + 1;
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
    if (this.targetKindsApex !== apex || this.targetKinds.length !== this.names.size) {
      this.targetKinds = new Uint8Array(this.names.size);
      this.otherTargets.clear();
      this.targetKindsApex = apex;
    }
    const kinds = this.targetKinds;
    const addressesOf = (name: string): string[] | undefined => {
      const id = this.names.find(canonicalName(name));
      return id === undefined ? undefined : this.addressesAt(id);
    };
    const targetFacts = (targetId: number): TargetFacts => {
      let kind = kinds[targetId] as number;
      if (kind === TARGET_UNSEEN) {
        const target = this.names.text(targetId);
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
            const addresses = broken ? [] : !inZone(end) ? undefined : held ?? [];
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
        return { targetAddresses: this.addressesAt(targetId) ?? [] };
      }
      return this.otherTargets.get(targetId) as TargetFacts;
    };
    const { srv, names, contexts } = this;
    const { start, order } = this.byOwner();
    const factOf = (r: SrvRecord): SrvFact => {
      const context = r.context;
      const origin = contexts.origin[context];
      const found = targetFacts(r.target);
      // Built by assignment, not by spreading: a spread object literal costs several times the memory.
      const fact: SrvFact = {
        priority: r.priority,
        weight: r.weight,
        port: r.port,
        target: names.text(r.target),
        ttl: r.ttl,
        source: { file: contexts.file[context] as string, line: r.line },
        targetWrittenRelative: contexts.relative[context] === true,
      };
      if (origin !== undefined) fact.targetOrigin = origin;
      if (found.targetCname !== undefined) fact.targetCname = found.targetCname;
      // Records naming one target share its address list (facts are read, never changed, by the checks).
      if (found.targetAddresses !== undefined) fact.targetAddresses = found.targetAddresses;
      if (found.targetLookup !== undefined) fact.targetLookup = found.targetLookup;
      return fact;
    };
    const srvFactsAt = (name: string): SrvFact[] => {
      const id = names.find(canonicalName(name));
      if (id === undefined) return [];
      const facts: SrvFact[] = [];
      for (let k = start[id] as number; k < (start[id + 1] as number); k++) {
        for (let left = srv.open(order[k] as number); left > 0; left--) facts.push(factOf(srv.next()));
      }
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
    const owners = this.srvOwners;
    for (let o = 0; o < owners.size; o++) {
      const owner = names.text(owners.key.get(o));
      const srvName = names.text(owners.written.get(o));
      const source: SourceLine = { file: this.files[owners.file.get(o)] as string, line: owners.line.get(o) };
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
