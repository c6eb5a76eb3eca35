// DNS failures as typed errors. Each carries Node's DNS code (so callers used to `dns.promises` feel at
// home) and the Win32 code a KMS client logs for the same outcome (docs/behaviour.md#error-codes, #dns). All mapping happens
// in `dnsOutcome` below, and all messages are built in `dnsErrorMessage`.
import { KmsSrvError, type ErrorCode } from '../util/errors.js';
import type { ServerAddress } from './types.js';

export type DnsNodeCode =
  | 'ETIMEOUT'
  | 'ESERVFAIL'
  | 'ENOTFOUND'
  | 'ENODATA'
  | 'EREFUSED'
  | 'EBADRESP'
  | 'EFORMERR'
  | 'ECANCELLED'
  | 'ECONNREFUSED';

/** What went wrong, before it becomes an error: an RCODE, an empty answer, or a transport failure. */
export type DnsFailure =
  | { kind: 'rcode'; rcode: string }
  | { kind: 'nodata' }
  | { kind: 'timeout' }
  | { kind: 'badresp'; reason: string }
  | { kind: 'unreachable'; reason: string }
  | { kind: 'aborted' }
  | { kind: 'cname-loop'; chain: string[] };

export interface DnsOutcome {
  code: ErrorCode;
  nodeCode: DnsNodeCode;
  /** The Win32 error a Windows client reports, null when Windows has no DNS-specific code for it here. */
  win32: number | null;
  /** Words for people: "name does not exist". */
  summary: string;
}

const WIN32_NAMES: Record<number, string> = {
  9002: 'DNS_ERROR_RCODE_SERVER_FAILURE',
  9003: 'DNS_ERROR_RCODE_NAME_ERROR',
  9501: 'DNS_INFO_NO_RECORDS',
};

// Socket error codes in words; the code itself is printed beside the message already.
const UNREACHABLE_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port)',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
};

/** The one mapping from a DNS failure to Node's code and the Win32 code (docs/behaviour.md#error-codes, #dns). */
export function dnsOutcome(failure: DnsFailure): DnsOutcome {
  switch (failure.kind) {
    case 'rcode':
      switch (failure.rcode) {
        case 'NXDOMAIN':
          return { code: 'DNS_NXDOMAIN', nodeCode: 'ENOTFOUND', win32: 9003, summary: 'name does not exist' };
        case 'REFUSED':
          // Windows reports a refusal the way it reports a server failure (0x8007232A, check dns-servfail).
          return { code: 'DNS_REFUSED', nodeCode: 'EREFUSED', win32: 9002, summary: 'server refused the query' };
        case 'FORMERR':
          return { code: 'DNS_FORMERR', nodeCode: 'EFORMERR', win32: null, summary: 'server could not parse the query' };
        default:
          // SERVFAIL, and NOTIMP or any other RCODE: the server could not give an answer.
          return { code: 'DNS_SERVFAIL', nodeCode: 'ESERVFAIL', win32: 9002, summary: `server failure (${failure.rcode})` };
      }
    case 'nodata':
      return { code: 'DNS_NODATA', nodeCode: 'ENODATA', win32: 9501, summary: 'name exists but has no records of this type' };
    case 'timeout':
      return { code: 'DNS_TIMEOUT', nodeCode: 'ETIMEOUT', win32: null, summary: 'no server answered in time' };
    case 'badresp':
      return { code: 'DNS_BADRESP', nodeCode: 'EBADRESP', win32: null, summary: `malformed answer (${failure.reason})` };
    case 'unreachable':
      return { code: 'DNS_UNREACHABLE', nodeCode: 'ECONNREFUSED', win32: null, summary: `server unreachable: ${UNREACHABLE_WORDS[failure.reason] ?? failure.reason}` };
    case 'aborted':
      return { code: 'DNS_ABORTED', nodeCode: 'ECANCELLED', win32: null, summary: 'query cancelled' };
    case 'cname-loop':
      return { code: 'DNS_CNAME_LOOP', nodeCode: 'ESERVFAIL', win32: null, summary: `CNAME chain too long or looping (${failure.chain.join(' -> ')})` };
  }
}

/** "0x8007232B": how activation (slmgr) reports a Win32 error, as an HRESULT. */
export function activationHex(win32: number): string {
  return `0x${((0x80070000 | win32) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

export function formatServer(server: ServerAddress): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

export interface DnsErrorContext {
  name: string;
  type: string;
  /** The server whose answer (or silence) this is; null when no server was tried. */
  server: ServerAddress | null;
  /** The RCODE received, null for transport failures. */
  rcode?: string | null;
  cause?: unknown;
}

function dnsErrorMessage(outcome: DnsOutcome, ctx: DnsErrorContext): string {
  const from = ctx.server ? ` from ${formatServer(ctx.server)}` : '';
  const rcode = ctx.rcode ? `${ctx.rcode}${from}` : `${outcome.nodeCode}${from}`;
  const windows =
    outcome.win32 === null
      ? ''
      : `; a Windows client reports Win32 ${outcome.win32} ${WIN32_NAMES[outcome.win32] ?? ''}, activation error ${activationHex(outcome.win32)}`;
  return `${ctx.name} ${ctx.type}: ${outcome.summary} (${rcode}${windows})`;
}

export class DnsError extends KmsSrvError {
  readonly nodeCode: DnsNodeCode;
  readonly win32: number | null;
  readonly rcode: string | null;
  readonly server: ServerAddress | null;

  constructor(failure: DnsFailure, ctx: DnsErrorContext) {
    const outcome = dnsOutcome(failure);
    const rcode = ctx.rcode ?? (failure.kind === 'rcode' ? failure.rcode : null);
    super(outcome.code, dnsErrorMessage(outcome, { ...ctx, rcode }), {
      cause: ctx.cause,
      details: { name: ctx.name, type: ctx.type, server: ctx.server, rcode, nodeCode: outcome.nodeCode, win32: outcome.win32 },
    });
    this.name = 'DnsError';
    this.nodeCode = outcome.nodeCode;
    this.win32 = outcome.win32;
    this.rcode = rcode;
    this.server = ctx.server;
  }
}

export function isDnsError(value: unknown): value is DnsError {
  return value instanceof DnsError;
}
