// DNS failures as typed errors. Each carries Node's DNS code (so callers used to `dns.promises` feel at
// home) and the client event it amounts to, whose code and words come from the one table in
// src/knowledge/client-error.ts. All mapping happens in `dnsOutcome`, all messages in `dnsErrorMessage`.
import { KmsSrvError, type ErrorCode } from '../util/errors.js';
import { EVENTS, eventOfRcode, type DnsEvent } from '../knowledge/client-error.js';
import { socketErrorWords } from '../knowledge/socket-outcomes.js';
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
  /** The client event this failure amounts to, null when it is ours alone (a cancelled query). */
  event: DnsEvent | null;
  /** The event's Win32 status (the DNS-level detail), null without an event. */
  win32: number | null;
  /** Words for people: "name does not exist". */
  summary: string;
}

/** The event's own words unless the failure has a detail of its own to say. */
function outcome(code: ErrorCode, nodeCode: DnsNodeCode, event: DnsEvent | null, summary?: string): DnsOutcome {
  const words = summary ?? (event === null ? code : EVENTS[event].words);
  return { code, nodeCode, event, win32: event === null ? null : EVENTS[event].win32, summary: words };
}

/**
 * The one mapping from a DNS failure to Node's code and the client event. A reply that cannot be read
 * and a server that cannot be reached leave the client as silence does: no DNS server answered.
 */
export function dnsOutcome(failure: DnsFailure): DnsOutcome {
  switch (failure.kind) {
    case 'rcode': {
      const event = eventOfRcode(failure.rcode);
      switch (failure.rcode) {
        case 'NXDOMAIN':
          return outcome('DNS_NXDOMAIN', 'ENOTFOUND', event);
        case 'REFUSED':
          return outcome('DNS_REFUSED', 'EREFUSED', event);
        case 'FORMERR':
          return outcome('DNS_FORMERR', 'EFORMERR', event, 'server could not parse the query');
        default:
          // SERVFAIL, and NOTIMP or any other RCODE: the server could not give an answer.
          return outcome('DNS_SERVFAIL', 'ESERVFAIL', event);
      }
    }
    case 'nodata':
      return outcome('DNS_NODATA', 'ENODATA', 'nodata');
    case 'timeout':
      return outcome('DNS_TIMEOUT', 'ETIMEOUT', 'no-server-answered');
    case 'badresp':
      return outcome('DNS_BADRESP', 'EBADRESP', 'no-server-answered', `malformed answer (${failure.reason})`);
    case 'unreachable':
      return outcome('DNS_UNREACHABLE', 'ECONNREFUSED', 'no-server-answered', `server unreachable: ${socketErrorWords(failure.reason) ?? failure.reason}`);
    case 'aborted':
      return outcome('DNS_ABORTED', 'ECANCELLED', null, 'query cancelled');
    case 'cname-loop':
      // A resolver answers a loop with SERVFAIL, so the client sees a server failure.
      return outcome('DNS_CNAME_LOOP', 'ESERVFAIL', 'servfail', `CNAME chain too long or looping (${failure.chain.join(' -> ')})`);
  }
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
  const event = outcome.event === null ? null : EVENTS[outcome.event];
  const windows = event === null ? '' : `; a Windows client reports Win32 ${event.win32} ${event.win32Symbol}, activation error ${event.code} (${event.title})`;
  return `${ctx.name} ${ctx.type}: ${outcome.summary} (${rcode}${windows})`;
}

/** A DNS question that got no usable answer: the Node-style code (`ETIMEOUT`, `ESERVFAIL`, …), the client event and Win32 code it leads to, the server asked. */
export class DnsError extends KmsSrvError {
  readonly nodeCode: DnsNodeCode;
  readonly event: DnsEvent | null;
  readonly win32: number | null;
  readonly rcode: string | null;
  readonly server: ServerAddress | null;

  constructor(failure: DnsFailure, ctx: DnsErrorContext) {
    const outcome = dnsOutcome(failure);
    const rcode = ctx.rcode ?? (failure.kind === 'rcode' ? failure.rcode : null);
    super(outcome.code, dnsErrorMessage(outcome, { ...ctx, rcode }), {
      cause: ctx.cause,
      details: { name: ctx.name, type: ctx.type, server: ctx.server, rcode, nodeCode: outcome.nodeCode, event: outcome.event, win32: outcome.win32 },
    });
    this.name = 'DnsError';
    this.nodeCode = outcome.nodeCode;
    this.event = outcome.event;
    this.win32 = outcome.win32;
    this.rcode = rcode;
    this.server = ctx.server;
  }
}

/** True for a `DnsError`. */
export function isDnsError(value: unknown): value is DnsError {
  return value instanceof DnsError;
}
