// Reads the RRsets an update will touch from the server it will be sent to, so only the difference is
// sent and the prerequisites can pin the state that difference was computed against.
import dnsPacket from '../dns/packet.js';
import type { ServerAddress } from '../dns/types.js';
import { KmsSrvError } from '../util/errors.js';
import { canonicalName } from '../names/canonical.js';
import { rrsetKey, type CurrentRrsets } from './diff.js';
import type { Exchange } from './exchange.js';
import type { SrvData, UpdateRecord } from './records.js';

function toRecord(answer: dnsPacket.Answer, type: UpdateRecord['type']): UpdateRecord | undefined {
  if (answer.type !== type) return undefined;
  const a = answer as { name: string; ttl?: number; data: unknown };
  const base = { name: canonicalName(a.name), type, ttl: a.ttl ?? 0 };
  if (type === 'SRV') {
    const d = a.data as SrvData;
    return { ...base, data: { priority: d.priority, weight: d.weight, port: d.port, target: canonicalName(d.target) } };
  }
  return { ...base, data: String(a.data) };
}

/** Queries each (name, type) once over `exchange`; NXDOMAIN and NODATA mean an empty RRset. */
export async function readCurrent(
  rrsets: ReadonlyArray<{ name: string; type: UpdateRecord['type'] }>,
  server: ServerAddress,
  exchange: Exchange,
  options: { timeoutMs: number; nextId: () => number; signal?: AbortSignal },
): Promise<CurrentRrsets> {
  const current: CurrentRrsets = new Map();
  for (const { name, type } of rrsets) {
    const key = rrsetKey(name, type);
    if (current.has(key)) continue;
    const query = dnsPacket.encode({ type: 'query', id: options.nextId(), flags: 0, questions: [{ name, type, class: 'IN' }] });
    const reply = await exchange(query, server, options);
    let decoded: dnsPacket.DecodedPacket;
    try {
      decoded = dnsPacket.decode(reply);
    } catch (error) {
      throw new KmsSrvError('DNS_BADRESP', `cannot decode the reply to ${name} ${type}: ${(error as Error).message}`, { cause: error });
    }
    const rcode = (decoded as { rcode?: string }).rcode ?? 'NOERROR';
    if (rcode !== 'NOERROR' && rcode !== 'NXDOMAIN') {
      throw new KmsSrvError(rcode === 'REFUSED' ? 'DNS_REFUSED' : 'DNS_SERVFAIL', `reading ${name} ${type} before the update: the server answered ${rcode}`, {
        details: { rcode, name, type },
      });
    }
    const records = (decoded.answers ?? [])
      .filter((a) => canonicalName((a as { name: string }).name) === name)
      .map((a) => toRecord(a, type))
      .filter((r): r is UpdateRecord => r !== undefined);
    current.set(key, records);
  }
  return current;
}
