// Which records of an accepted reply are answers at all. A reply that passed `replyRejection` is ours,
// but its sections are whatever the server chose to put there: a hostile or broken server can add
// SRV records for other names, addresses for unrelated hosts, or answers beside NXDOMAIN. Every
// command reads records only through this gate, so none of them can be steered by such extras:
//   1. answers: only records owned by the question name or by a name its CNAME chain reaches
//      (RFC 2181 §5.4.1: data owned by other names is not part of the answer);
//   2. additional addresses: only A/AAAA for a target named by an accepted SRV (or NS) record, and
//      only when the server answered authoritatively and the target lies in its zone (in bailiwick);
//      anything else is looked up on its own;
//   3. the RCODE decides: NXDOMAIN, SERVFAIL or REFUSED carry no answer records (a CNAME chain
//      ending in NXDOMAIN is legitimate, RFC 6604); records beside them are reported, not used.
import { canonicalName, isAtOrBelow, sameName } from '../names/canonical.js';
import type { DnsRecord, IgnoredRecord } from './types.js';

export interface GateInput {
  /** The name this reply answers (the question, or the alias a previous reply stopped at). */
  name: string;
  /** The asked type, upper case ("SRV"). */
  type: string;
  rcode: string;
  authoritative: boolean;
  answers: readonly DnsRecord[];
  authorities: readonly DnsRecord[];
  additionals: readonly DnsRecord[];
  /** Follow CNAMEs inside the answer (false for a CNAME or ANY question, or when told not to). */
  follow: boolean;
}

export interface GatedReply {
  /** The answer records kept: the chain's CNAMEs, then the records of the asked type at its end. */
  answers: DnsRecord[];
  /** CNAME owners walked in this reply, in order (the name itself first when it is an alias). */
  aliases: string[];
  /** Where the chain ends in this reply. */
  end: string;
  /** Records of the asked type were found at `end`. */
  found: boolean;
  /** The chain revisits a name inside this one reply. */
  loop: boolean;
  /** Addresses the reply carried for targets of its accepted SRV/NS records, usable without a lookup. */
  glue: DnsRecord[];
  /** What was left out, with why. */
  ignored: IgnoredRecord[];
}

const ERROR_RCODES_WITHOUT_DATA = new Set(['SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP']);

/** The host an SRV or NS record names for the client to look up next; undefined for other types. */
function targetOf(record: DnsRecord): string | undefined {
  if (record.type === 'SRV') return (record.data as { target?: unknown }).target as string | undefined;
  if (record.type === 'NS') return typeof record.data === 'string' ? record.data : undefined;
  return undefined;
}

/**
 * The zone the server spoke for: the deepest SOA or NS owner of the authority section at or above
 * `name`; without one, the name with its leading service labels (`_vlmcs._tcp.`) removed — a server
 * answering for `_vlmcs._tcp.D` is taken to speak for D and below, never for a sibling or parent.
 */
export function answerZone(name: string, authorities: readonly DnsRecord[]): string {
  let zone: string | undefined;
  for (const record of authorities) {
    if (record.type !== 'SOA' && record.type !== 'NS') continue;
    if (!isAtOrBelow(name, record.name)) continue;
    if (zone === undefined || isAtOrBelow(record.name, zone)) zone = canonicalName(record.name);
  }
  if (zone !== undefined) return zone;
  let bare = canonicalName(name);
  while (bare.startsWith('_')) {
    // A canonical name ends with its dot: the first dot being the last means no label is left.
    const dot = bare.indexOf('.');
    if (dot === bare.length - 1) return '.';
    bare = bare.slice(dot + 1);
  }
  return bare;
}

/** True when the server that sent `gated` may vouch for the addresses of `target`. */
export function inBailiwick(target: string, zone: string): boolean {
  return zone !== '.' && isAtOrBelow(target, zone);
}

export function gateReply(input: GateInput): GatedReply {
  const ignored: IgnoredRecord[] = [];
  const kept = new Set<DnsRecord>();
  const aliases: string[] = [];
  let end = input.name;
  let found = false;
  let loop = false;
  const visited = new Set<string>([canonicalName(input.name)]);
  // Walk from the question name through the CNAMEs the reply holds, keeping what each step owns.
  for (let step = 0; ; step++) {
    // Each step follows another of the reply's records, so a longer walk can only be going round: the
    // bound makes a flaw in the `visited` rule a loop verdict instead of a hang.
    if (step > input.answers.length) {
      loop = true;
      break;
    }
    const at = canonicalName(end);
    const ofType = input.answers.filter((r) => r.type === input.type && canonicalName(r.name) === at);
    if (ofType.length > 0 || input.type === 'ANY') {
      for (const record of input.type === 'ANY' ? input.answers.filter((r) => canonicalName(r.name) === at) : ofType) kept.add(record);
      found = true;
      break;
    }
    const alias = input.answers.find((r) => r.type === 'CNAME' && canonicalName(r.name) === at);
    if (!alias) break;
    kept.add(alias);
    if (!input.follow) break;
    aliases.push(end);
    end = String(alias.data);
    const key = canonicalName(end);
    if (visited.has(key)) {
      loop = true;
      break;
    }
    visited.add(key);
  }
  const errorRcode = input.rcode !== 'NOERROR';
  const answers: DnsRecord[] = [];
  for (const record of input.answers) {
    if (!kept.has(record)) {
      ignored.push({ section: 'answer', name: record.name, type: record.type, reason: `owned by ${record.name}, not by ${input.name}${aliases.length > 0 ? ' or its CNAME chain' : ''}` });
    } else if (errorRcode && record.type === 'CNAME' && ERROR_RCODES_WITHOUT_DATA.has(input.rcode)) {
      // BIND shows the chain it could not finish (a loop, too many aliases) beside its SERVFAIL:
      // walked for loop detection above, never used as an answer, and not a defect.
    } else if (errorRcode && record.type !== 'CNAME') {
      // NXDOMAIN may follow a CNAME chain (RFC 6604), but it carries no data of the asked type; a
      // failure or refusal carries nothing at all.
      ignored.push({ section: 'answer', name: record.name, type: record.type, reason: `carried by a ${input.rcode} reply, which has no answers` });
    } else {
      answers.push(record);
    }
  }
  if (errorRcode) found = false;
  const glue = acceptedGlue(input, answers, ignored);
  return { answers, aliases, end, found, loop, glue, ignored };
}

function acceptedGlue(input: GateInput, answers: readonly DnsRecord[], ignored: IgnoredRecord[]): DnsRecord[] {
  const targets = new Set<string>();
  for (const record of answers) {
    const target = targetOf(record);
    if (typeof target === 'string') targets.add(canonicalName(target));
  }
  const addresses = input.additionals.filter((r) => r.type === 'A' || r.type === 'AAAA');
  if (addresses.length === 0) return [];
  const zone = answerZone(input.name, input.authorities);
  const glue: DnsRecord[] = [];
  for (const record of addresses) {
    const owner = canonicalName(record.name);
    if (!targets.has(owner)) continue; // an unrelated host: not the answer's business
    if (!input.authoritative) {
      ignored.push({ section: 'additional', name: record.name, type: record.type, reason: 'the reply is not authoritative: the target is looked up' });
    } else if (!inBailiwick(owner, zone)) {
      ignored.push({ section: 'additional', name: record.name, type: record.type, reason: `outside the zone the server answered for (${zone}): the target is looked up` });
    } else {
      glue.push(record);
    }
  }
  return glue;
}

/** The glue addresses of one target, A before AAAA. */
export function glueAddresses(glue: readonly DnsRecord[], target: string): string[] {
  const pick = (type: string) => glue.filter((r) => r.type === type && sameName(r.name, target)).map((r) => String(r.data));
  return [...pick('A'), ...pick('AAAA')];
}
