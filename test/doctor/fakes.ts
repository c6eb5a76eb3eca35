// A tiny in-memory authoritative DNS for gather's unit tests: records by owner, NXDOMAIN for names
// that own nothing, a CNAME followed unless `noFollowCname`, the zone's SOA in negative answers, and
// per-name RCODE overrides. Several instances stand for several authoritative servers.
import { DnsError } from '../../src/dns/errors.js';
import type { DnsRecord, QueryOptions, QueryResult, ServerAddress } from '../../src/dns/types.js';
import type { GatherProbe, ProbeRequest } from '../../src/gather/probes.js';

type Data = string | { priority: number; weight: number; port: number; target: string } | Record<string, unknown>;

export const rr = (name: string, type: string, data: Data, ttl = 300): DnsRecord => ({ name, type, class: 'IN', ttl, data });
export const srv = (name: string, priority: number, weight: number, port: number, target: string, ttl = 300) =>
  rr(name, 'SRV', { priority, weight, port, target }, ttl);

const canon = (n: string) => (n.endsWith('.') ? n : `${n}.`).toLowerCase();
const SERVER: ServerAddress = { host: '127.0.0.1', port: 53 };

export interface FakeZone {
  apex: string;
  records: DnsRecord[];
  /** "name TYPE" → RCODE to answer instead. */
  rcodes?: Record<string, string>;
  /** Reply to nothing (every query throws a timeout DnsError). */
  silent?: boolean;
}

export function fakeServer(zone: FakeZone, server: ServerAddress = SERVER) {
  const asked: string[] = [];
  const soa = rr(zone.apex, 'SOA', { mname: `ns1.${zone.apex}`, rname: `hostmaster.${zone.apex}`, serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 300 });
  const owned = (name: string) => zone.records.filter((r) => canon(r.name) === canon(name));
  const inZone = (name: string) => canon(name) === canon(zone.apex) || canon(name).endsWith(`.${canon(zone.apex)}`);
  const query = async (name: string, type: string, options: QueryOptions = {}): Promise<QueryResult> => {
    asked.push(`${name} ${type}${options.noFollowCname ? ' nofollow' : ''}`);
    if (zone.silent) throw new DnsError({ kind: 'timeout' }, { name, type, server });
    const base = { question: { name, type }, server, additionals: [], glue: [], ignored: [], cnameChain: [] as string[], tcp: false, truncatedOverUdp: false, authoritative: true, elapsedMs: 1 };
    const forced = zone.rcodes?.[`${canon(name)} ${type}`];
    if (forced) return { ...base, rcode: forced, answers: [], authorities: [] };
    if (!inZone(name)) return { ...base, rcode: 'REFUSED', answers: [], authorities: [] };
    const answers: DnsRecord[] = [];
    const chain: string[] = [];
    let current = name;
    for (let hop = 0; hop < 8; hop++) {
      const here = owned(current);
      const alias = here.find((r) => r.type === 'CNAME');
      if (alias && type !== 'CNAME') {
        answers.push(alias);
        if (options.noFollowCname) break;
        chain.push(current);
        current = String(alias.data);
        continue;
      }
      answers.push(...here.filter((r) => r.type === type));
      break;
    }
    const exists = owned(current).length > 0 || zone.records.some((r) => canon(r.name).endsWith(`.${canon(current)}`));
    const rcode = answers.length === 0 && !exists && canon(current) !== canon(zone.apex) ? 'NXDOMAIN' : 'NOERROR';
    const isApexSoa = type === 'SOA' && canon(current) === canon(zone.apex);
    return {
      ...base,
      cnameChain: chain,
      rcode,
      answers: isApexSoa ? [soa] : answers,
      authorities: answers.length === 0 && !isApexSoa ? [soa] : [],
    };
  };
  return { query, asked };
}

/** Probes answer from a table "address:port" → outcome; anything else is refused. */
export function fakeProbe(table: Record<string, { tcp: boolean; rpc?: boolean; error?: string }>) {
  const calls: string[] = [];
  const probe: GatherProbe = async (r: ProbeRequest, kind) => {
    calls.push(`${kind} ${r.target}:${r.port}@${r.address}`);
    const entry = table[`${r.address}:${r.port}`];
    if (!entry || !entry.tcp) return { ok: false, error: entry?.error ?? 'connection refused (ECONNREFUSED)' };
    if (kind === 'tcp') return { ok: true, error: null };
    return entry.rpc ? { ok: true, error: null } : { ok: false, error: 'connection closed before a bind reply' };
  };
  return { probe, calls };
}
