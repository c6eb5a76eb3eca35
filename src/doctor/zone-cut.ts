// Which servers are authoritative for a domain's SRV name: the zone cut (walking up from the domain
// with SOA queries), its NS set, and the NS hosts' addresses. `--authoritative` replaces the result,
// because NS records carry names only and a lab server listens on a high port NS cannot express.
import { formatServer } from '../dns/errors.js';
import type { ServerAddress } from '../dns/types.js';
import { absoluteName, canonicalName, sameName } from '../names/canonical.js';
import type { CountedAsk, GatherOptions } from './types.js';

export interface AuthoritativeServer {
  /** "ns1.example.test. (192.0.2.1:53)", or "address:port" when given with --authoritative. */
  label: string;
  address: ServerAddress;
}

export interface AuthoritativeSet {
  zone: string | null;
  servers: AuthoritativeServer[];
  notes: string[];
}

/** A DNS name has at most 127 labels; this bounds the walk up. */
const MAX_WALK = 128;
/** Enough for any real NS set, and bounded so a hostile answer cannot make us send thousands of queries. */
const MAX_NS_ADDRESSES = 16;

export async function authoritativeServers(
  domain: string,
  ask: CountedAsk,
  addressesOf: (name: string) => Promise<{ addresses?: string[] }>,
  options: Pick<GatherOptions, 'authoritative' | 'nsPort'>,
): Promise<AuthoritativeSet> {
  if (options.authoritative) {
    return { zone: null, servers: options.authoritative.map((address) => ({ label: formatServer(address), address })), notes: [] };
  }
  const zone = await findZoneApex(domain, ask);
  if (zone === null) return { zone, servers: [], notes: [`no zone found above ${domain} (no SOA answered): authoritative servers not compared`] };
  const nsAnswer = await ask(zone, 'NS', { noFollowCname: true });
  const names = (nsAnswer?.answers ?? []).filter((r) => r.type === 'NS' && canonicalName(r.name) === zone).map((r) => absoluteName(String(r.data)));
  const notes: string[] = [];
  if (names.length === 0) notes.push(`zone ${zone} has no NS records in the answer: authoritative servers not compared`);
  const port = options.nsPort ?? 53;
  const servers: AuthoritativeServer[] = [];
  for (const name of names) {
    // Glue in the additional section saves a query; otherwise resolve the NS host like any name.
    const glue = (nsAnswer?.additionals ?? []).filter((r) => (r.type === 'A' || r.type === 'AAAA') && sameName(r.name, name)).map((r) => String(r.data));
    const addresses = glue.length > 0 ? glue : ((await addressesOf(name)).addresses ?? []);
    if (addresses.length === 0) notes.push(`NS host ${name} of ${zone} has no address: not asked`);
    for (const host of addresses) {
      if (servers.length >= MAX_NS_ADDRESSES) break;
      const address = { host, port };
      servers.push({ label: `${name} (${formatServer(address)})`, address });
    }
  }
  return { zone, servers, notes };
}

/**
 * The apex of the zone holding `domain`: the first name walking up that owns an SOA, or the SOA
 * owner a negative answer carries in its authority section (RFC 2308 §3).
 */
export async function findZoneApex(domain: string, ask: CountedAsk): Promise<string | null> {
  let name = canonicalName(domain);
  for (let step = 0; step < MAX_WALK; step++) {
    const result = await ask(name, 'SOA', { noFollowCname: true });
    if (result) {
      if (result.answers.some((r) => r.type === 'SOA' && canonicalName(r.name) === name)) return name;
      const soa = result.authorities.find((r) => r.type === 'SOA');
      if (soa && (result.rcode === 'NOERROR' || result.rcode === 'NXDOMAIN')) return canonicalName(soa.name);
    }
    if (name === '.') return null;
    name = parentName(name);
  }
  return null;
}

function parentName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 || dot === name.length - 1 ? '.' : name.slice(dot + 1);
}
