// Seeded mutation fuzzing of the decode-and-validate path (`validateResponse` + `toDnsRecords`), the
// code every received datagram goes through. Shared by test/dns/fuzz.test.ts and `npm run fuzz`.
import dnsPacket from './packet.js';
import { toDnsRecords, validateResponse, prepareQuery, type PreparedQuery } from './wire.js';

/** mulberry32: tiny, seeded, good enough to choose mutations (not for anything secret). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seed {
  query: PreparedQuery;
  reply: Buffer;
}

/** Real answers as an authoritative server sends them: SRV with glue, NXDOMAIN with SOA, CNAME, TXT. */
export function fuzzSeeds(): Seed[] {
  const make = (name: string, type: 'SRV' | 'A' | 'AAAA' | 'TXT', rcode: number, answers: dnsPacket.Answer[], authorities: dnsPacket.Answer[] = [], additionals: dnsPacket.Answer[] = []): Seed => {
    const query = prepareQuery(0x4b4d, name, type);
    const reply = dnsPacket.encode({ type: 'response', id: query.id, flags: dnsPacket.AUTHORITATIVE_ANSWER | rcode, questions: [{ name, type, class: 'IN' }], answers, authorities, additionals });
    return { query, reply };
  };
  const soa: dnsPacket.Answer = { name: 'example.test', type: 'SOA', ttl: 300, data: { mname: 'ns1.example.test', rname: 'hostmaster.example.test', serial: 2026112301, refresh: 3600, retry: 900, expire: 1209600, minimum: 300 } };
  const srv = (target: string, weight: number): dnsPacket.Answer => ({ name: '_vlmcs._tcp.example.test', type: 'SRV', ttl: 3600, data: { priority: 0, weight, port: 1688, target } });
  return [
    make('_vlmcs._tcp.example.test', 'SRV', 0, [srv('kms1.example.test', 60), srv('kms2.example.test', 40)], [], [
      { name: 'kms1.example.test', type: 'A', ttl: 3600, data: '192.0.2.11' },
      { name: 'kms1.example.test', type: 'AAAA', ttl: 3600, data: '2001:db8::11' },
      { type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer,
    ]),
    make('missing.example.test', 'SRV', 3, [], [soa]),
    make('alias.example.test', 'SRV', 0, [{ name: 'alias.example.test', type: 'CNAME', ttl: 60, data: '_vlmcs._tcp.example.test' }, srv('kms1.example.test', 0)]),
    make('kms1.example.test', 'TXT', 0, [{ name: 'kms1.example.test', type: 'TXT', ttl: 60, data: ['v=kms', 'x'.repeat(40)] }]),
  ];
}

/** One mutation of `reply`: byte flips, inserted pointers, cut or grown tails, rewritten counts. */
export function mutate(reply: Buffer, questionEnd: number, random: () => number): Buffer {
  const out = Buffer.from(reply);
  const pick = (lo: number, hi: number) => lo + Math.floor(random() * Math.max(1, hi - lo));
  // Mostly leave ID and question alone so mutations reach the record decoding past the checks.
  const from = random() < 0.85 ? questionEnd : 0;
  const edits = 1 + Math.floor(random() * 4);
  let buf = out;
  for (let e = 0; e < edits; e++) {
    const at = pick(from, buf.length);
    switch (Math.floor(random() * 7)) {
      case 0:
        buf[at] = Math.floor(random() * 256);
        break;
      case 1: {
        // A compression pointer anywhere, often to itself or forward: loops and bad offsets.
        const target = random() < 0.5 ? at : pick(0, buf.length + 20);
        buf[at] = 0xc0 | ((target >> 8) & 0x3f);
        if (at + 1 < buf.length) buf[at + 1] = target & 0xff;
        break;
      }
      case 2:
        buf = buf.subarray(0, at);
        break;
      case 3:
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from([Math.floor(random() * 256), Math.floor(random() * 256)]), buf.subarray(at)]);
        break;
      case 4:
        if (buf.length >= 12) buf.writeUInt16BE(Math.floor(random() * 0x10000), 6 + 2 * Math.floor(random() * 3));
        break;
      case 5:
        // A label length byte bigger than what follows.
        buf[at] = 0x3f;
        break;
      default:
        buf = Buffer.concat([buf, buf.subarray(pick(0, buf.length), buf.length)]);
        break;
    }
  }
  return buf;
}

/** Counts of a `fuzzValidate` run; `escaped` must be 0. */
export interface FuzzStats {
  iterations: number;
  accepted: number;
  rejected: number;
  /** Exceptions that escaped validateResponse or toDnsRecords: must stay 0. */
  escaped: number;
  firstEscape?: string;
}

/** Feeds `iterations` mutated DNS replies (reproducible from `seed`) to the reply readers and counts how many were accepted, rejected, or escaped with an unexpected exception. */
export function fuzzValidate(iterations: number, seed: number): FuzzStats {
  const random = mulberry32(seed);
  const seeds = fuzzSeeds();
  const stats: FuzzStats = { iterations, accepted: 0, rejected: 0, escaped: 0 };
  for (let i = 0; i < iterations; i++) {
    const { query, reply } = seeds[i % seeds.length] as Seed;
    const message = mutate(reply, query.questionEnd, random);
    try {
      const verdict = validateResponse(message, query);
      if (verdict.ok) {
        stats.accepted++;
        toDnsRecords(verdict.value.answers);
        toDnsRecords(verdict.value.authorities);
        toDnsRecords(verdict.value.additionals);
      } else stats.rejected++;
    } catch (error) {
      stats.escaped++;
      stats.firstEscape ??= `iteration ${i}: ${(error as Error).stack ?? String(error)} bytes ${message.toString('hex')}`;
    }
  }
  return stats;
}
