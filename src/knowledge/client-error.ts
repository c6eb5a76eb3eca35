// The events a KMS client's DNS discovery can end in, each with the one code and the words every
// command prints for it, and the one rule that turns a whole discovery into the code a Windows client
// shows. Pure data and pure functions: dns/, kms/, checks/, audit/ and the CLI all read it.
import { codeByHex, codeByName, formatCode, type CodeEntry } from './codes.js';

/** How one SRV lookup failed, as the client sees it. */
export type DnsEvent = 'nxdomain' | 'nodata' | 'servfail' | 'refused' | 'no-server-answered';

/** What discovery can end in: a DNS event, or hosts that were found and could not be used. */
export type ClientEvent = DnsEvent | 'no-host-responded';

export interface EventEntry {
  event: ClientEvent;
  /** The HRESULT a Windows client shows, as printed ("0x8007232A"). */
  code: string;
  /** The code's title, the same words `explain` prints first. */
  title: string;
  /** What happened, in the words every command uses for it. */
  words: string;
  /** The Win32 status behind it on the DNS side (the detail a resolver logs), null when there is none. */
  win32: number | null;
  win32Symbol: string | null;
}

/** A DNS event always has its Win32 status. */
export interface DnsEventEntry extends EventEntry {
  event: DnsEvent;
  win32: number;
  win32Symbol: string;
}

/** A code of the table by its name, for the places that print one; a misspelt name fails at import. */
export function knownCode(name: string): CodeEntry {
  const code = codeByName(name);
  if (!code) throw new Error(`no code named ${name} in src/knowledge/codes.ts`);
  return code;
}

function entry(event: ClientEvent, codeName: string, words: string): EventEntry {
  const code = knownCode(codeName);
  return { event, code: formatCode(code), title: code.title, words, win32: null, win32Symbol: null };
}

function dnsEntry(event: DnsEvent, codeName: string, words: string, win32: number, win32Symbol: string): DnsEventEntry {
  return { ...entry(event, codeName, words), event, win32, win32Symbol };
}

// REFUSED and "no server answered" share 0x8007232A with SERVFAIL: Windows reports a lookup that got
// no usable answer from any DNS server as a server failure (Microsoft's article on 0x8007232A says it
// occurs when the client cannot contact a DNS server). The Win32 status stays as the DNS-level detail.
export const EVENTS: Readonly<Record<DnsEvent, DnsEventEntry> & Record<'no-host-responded', EventEntry>> = {
  nxdomain: dnsEntry('nxdomain', 'DNS_NAME_NOT_FOUND', 'name does not exist', 9003, 'DNS_ERROR_RCODE_NAME_ERROR'),
  nodata: dnsEntry('nodata', 'DNS_NO_RECORDS', 'name exists but has no records of this type', 9501, 'DNS_INFO_NO_RECORDS'),
  servfail: dnsEntry('servfail', 'DNS_SERVER_FAILURE', 'DNS server failure', 9002, 'DNS_ERROR_RCODE_SERVER_FAILURE'),
  refused: dnsEntry('refused', 'DNS_SERVER_FAILURE', 'DNS server refused the query', 9002, 'DNS_ERROR_RCODE_SERVER_FAILURE'),
  'no-server-answered': dnsEntry('no-server-answered', 'DNS_SERVER_FAILURE', 'no DNS server answered', 1460, 'ERROR_TIMEOUT'),
  'no-host-responded': entry('no-host-responded', 'KMS_NOT_CONTACTED', 'KMS hosts were found but none responded'),
};

export const DNS_EVENTS: readonly DnsEvent[] = ['nxdomain', 'nodata', 'servfail', 'refused', 'no-server-answered'];

/**
 * The event of a DNS status word: an RCODE, or one of the facts' pseudo-RCODEs (TIMEOUT, UNREACHABLE,
 * BADRESP: no server gave a usable reply; CNAME-LOOP: a server failure, as BIND answers a loop).
 * NOERROR is NODATA here, since this is asked only when no record of the type came back; SERVFAIL,
 * NOTIMP, FORMERR and any other RCODE leave the client without an answer, a server failure.
 */
export function eventOfRcode(rcode: string): DnsEvent {
  switch (rcode.toUpperCase()) {
    case 'NXDOMAIN':
      return 'nxdomain';
    case 'NOERROR':
      return 'nodata';
    case 'REFUSED':
      return 'refused';
    // Ours, not RCODEs: no usable reply came (silence, only malformed replies, an ICMP refusal or reset).
    case 'TIMEOUT':
    case 'UNREACHABLE':
    case 'BADRESP':
    case 'ABORTED':
      return 'no-server-answered';
    default:
      return 'servfail';
  }
}

/** One searched domain: SRV records came back (`records`, even if every target is "."), or a DNS event. */
export type DomainOutcome = 'records' | DnsEvent;

export interface ClientSituation {
  /** Each searched domain's outcome, in search order; empty with a manual host or nothing to search. */
  domains: readonly DomainOutcome[];
  /**
   * The hosts the client would contact (from DNS or set by hand): `none` when it has none, `answered`
   * when one answered (or was not probed and has an address or might have one), `silent` otherwise.
   */
  hosts: 'none' | 'answered' | 'silent';
}

/** The DNS events after which the client has no answer at all. */
type ServerFailure = 'servfail' | 'refused' | 'no-server-answered';

const FAILURES: ReadonlySet<DomainOutcome> = new Set<ServerFailure>(['servfail', 'refused', 'no-server-answered']);

/** True for an event after which the client has no answer at all: the server failed, refused or was silent. */
export function isServerFailure(event: DomainOutcome): event is ServerFailure {
  return FAILURES.has(event);
}

/**
 * The error a Windows client would show, null when it finds a host. Microsoft does not document which
 * domain's error wins when several were searched; the tool's rule, most actionable first: records it
 * cannot use → no host responded; a failure anywhere hides what that domain holds, so it wins (the
 * first in search order); then a name without SRV (NODATA) anywhere; else the name does not exist.
 */
export function clientError(situation: ClientSituation): EventEntry | null {
  if (situation.hosts === 'answered') return null;
  if (situation.hosts === 'silent' || situation.domains.includes('records')) return EVENTS['no-host-responded'];
  const failure = situation.domains.find(isServerFailure);
  if (failure !== undefined) return EVENTS[failure];
  if (situation.domains.includes('nodata')) return EVENTS.nodata;
  return EVENTS.nxdomain;
}

/** "0x8007232A: DNS server failure": a code with its title from the one code table, as `explain` heads it. */
export function describeClientCode(code: string): string {
  const known = codeByHex(code);
  return known ? `${code}: ${known.title}` : code;
}
