// Reads RRsets from the server an update goes to, through the resolver over TCP: before the update, so
// only the difference is sent and the prerequisites pin the state it was computed against; after it,
// to check that the server holds what it said NOERROR to. CNAMEs are not followed: a CNAME at a name
// the plan owns is reported, because no other data may sit beside it (RFC 1034 §3.6.2, RFC 2181 §10.1).
import { DnsError } from '../dns/errors.js';
import { ExchangeFailure } from '../dns/transport.js';
import type { DnsRecord, QueryOptions, QueryResult, ServerAddress } from '../dns/types.js';
import { KmsSrvError } from '../util/errors.js';
import { canonicalName } from '../names/canonical.js';
import { rrsetKey, type CurrentRrsets } from './diff.js';
import { transportFailure } from './exchange.js';
import type { RrsetId, SrvData, UpdateRecord } from './records.js';

/** One question to the server (a `Resolver.query` made with `tcp: true`). */
export type Lookup = (name: string, type: string, options: QueryOptions) => Promise<QueryResult>;

export interface ServerState {
  rrsets: CurrentRrsets;
  /** Names read that are aliases at the server, with the CNAME's target. */
  cnames: Map<string, string>;
}

function toRecord(answer: DnsRecord, type: UpdateRecord['type']): UpdateRecord {
  const base = { name: canonicalName(answer.name), type, ttl: answer.ttl };
  if (type === 'SRV') {
    const d = answer.data as SrvData;
    return { ...base, data: { priority: d.priority, weight: d.weight, port: d.port, target: canonicalName(d.target) } };
  }
  return { ...base, data: String(answer.data) };
}

/** Words for a failed read: the transport's, as the UPDATE's own exchange reports it. */
function readFailure(error: unknown, rrset: RrsetId, server: ServerAddress, when: string): unknown {
  if (error instanceof DnsError && error.cause instanceof ExchangeFailure) {
    const failure = transportFailure(error.cause, server);
    return new KmsSrvError(failure.code, `reading ${rrset.name} ${rrset.type} ${when}: ${failure.message}`, { cause: error, details: failure.details });
  }
  return error;
}

/** Queries each RRset once; NXDOMAIN and NODATA mean an empty RRset, any other RCODE is an error. */
export async function readRrsets(
  rrsets: readonly RrsetId[],
  server: ServerAddress,
  lookup: Lookup,
  options: { when: string; signal?: AbortSignal },
): Promise<ServerState> {
  const state: ServerState = { rrsets: new Map(), cnames: new Map() };
  for (const rrset of rrsets) {
    const key = rrsetKey(rrset.name, rrset.type);
    if (state.rrsets.has(key)) continue;
    let result: QueryResult;
    try {
      result = await lookup(rrset.name, rrset.type, { noFollowCname: true, signal: options.signal });
    } catch (error) {
      throw readFailure(error, rrset, server, options.when);
    }
    if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN') {
      throw new KmsSrvError(result.rcode === 'REFUSED' ? 'DNS_REFUSED' : 'DNS_SERVFAIL', `reading ${rrset.name} ${rrset.type} ${options.when}: the server answered ${result.rcode}`, {
        details: { rcode: result.rcode, name: rrset.name, type: rrset.type },
      });
    }
    const at = (r: DnsRecord): boolean => canonicalName(r.name) === rrset.name;
    const alias = result.answers.find((r) => r.type === 'CNAME' && at(r));
    if (alias) state.cnames.set(rrset.name, canonicalName(String(alias.data)));
    state.rrsets.set(key, result.answers.filter((r) => r.type === rrset.type && at(r)).map((r) => toRecord(r, rrset.type)));
  }
  return state;
}
