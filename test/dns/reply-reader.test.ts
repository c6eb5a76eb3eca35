// The direct reader against dns-packet: on real-shaped and mutated replies, whatever `readPlainReply`
// reads must be what dns-packet decodes (same RCODE, flags and records after `toDnsRecords`), and the
// plain seeds must actually take the direct path.
import dnsPacket from 'dns-packet';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzSeeds, mulberry32, mutate } from '../../src/dns/fuzz.js';
import { replyRejection } from '../../src/dns/reply-gate.js';
import { nameText, readPlainReply, Unusual } from '../../src/dns/reply-reader.js';
import { bindMissing, startBind, type BindServer } from '../helpers/bind.js';
import { prepareQuery, toDnsRecords, type DecodedMessage, type PreparedQuery } from '../../src/dns/wire.js';

function seed(name: string, type: 'SRV' | 'A' | 'AAAA' | 'CNAME' | 'SOA', rcode: number, answers: dnsPacket.Answer[], authorities: dnsPacket.Answer[] = []) {
  const query = prepareQuery(0x1234, name, type);
  const reply = dnsPacket.encode({ type: 'response', id: query.id, flags: rcode, questions: [{ name, type, class: 'IN' }], answers, authorities });
  return { query, reply };
}

const EXTRA = [
  seed('kms1.example.test', 'A', 0, [{ name: 'KMS1.example.test', type: 'A', ttl: 0xffffffff, data: '255.0.0.1' }]),
  seed('kms1.example.test', 'AAAA', 0, ['::', '::1', '1::', '2001:db8:0:0:1:0:0:1', 'fe80::1:0:0:0', '1:2:3:4:5:6:7:8'].map((data) => ({ name: 'kms1.example.test', type: 'AAAA', ttl: 5, data }) as dnsPacket.Answer)),
  seed('example.test', 'SOA', 0, [{ name: 'example.test', type: 'SOA', ttl: 1, data: { mname: '.', rname: 'a.b', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } }]),
  seed('www.example.test', 'CNAME', 0, [{ name: 'www.example.test', type: 'CNAME', ttl: 1, data: '.' }]),
  seed('nodata.example.test', 'SRV', 0, [], [{ name: 'example.test', type: 'NS', ttl: 1, data: 'ns1.example.test' }]),
];
const SEEDS = [...fuzzSeeds(), ...EXTRA];

/** What a QueryResult is built from. */
function view(message: DecodedMessage) {
  return {
    rcode: message.rcode ?? 'NOERROR',
    aa: message.flag_aa,
    tc: message.flag_tc,
    answers: toDnsRecords(message.answers),
    authorities: toDnsRecords(message.authorities),
    additionals: toDnsRecords(message.additionals),
  };
}

/** Compares both readers on `reply`; true when the direct reader took it. */
function compare(reply: Buffer, query: PreparedQuery): boolean {
  if (replyRejection(reply, query.wire, query.questionEnd)) return false;
  const plain = readPlainReply(reply, query.questionEnd);
  if (!plain) return false;
  const decoded = dnsPacket.decode(reply) as DecodedMessage;
  expect(dnsPacket.decode.bytes).toBeLessThanOrEqual(reply.length);
  expect(view(plain as unknown as DecodedMessage)).toEqual(view(decoded));
  return true;
}

describe('readPlainReply', () => {
  it.each(SEEDS.map((s, i) => [i, s] as const))('seed %i: read directly only when plain, and as dns-packet reads it', (_i, { query, reply }) => {
    const types = new Set(dnsPacket.decode(reply).answers?.map((a) => a.type));
    const plainTypes = ['SRV', 'A', 'AAAA', 'CNAME', 'SOA'];
    const rcode = (reply.readUInt16BE(2) & 0xf) as number;
    const authorityTypes = new Set(dnsPacket.decode(reply).authorities?.map((a) => a.type));
    const expectPlain = [...types].every((t) => plainTypes.includes(t)) && [...authorityTypes].every((t) => t === 'SOA') && (rcode === 0 || rcode === 3);
    expect(compare(reply, query)).toBe(expectPlain);
  });

  it('agrees with dns-packet on 4,000 seeded mutations', () => {
    const random = mulberry32(20261123);
    let direct = 0;
    for (let i = 0; i < 4000; i++) {
      const { query, reply } = SEEDS[i % SEEDS.length] as (typeof SEEDS)[number];
      if (compare(mutate(reply, query.questionEnd, random), query)) direct++;
    }
    // Most mutations keep a readable message; the comparison must have run on a fair share.
    expect(direct).toBeGreaterThan(100);
  });
});

/** The reason `nameText` gives up on the name at `offset`, or undefined when it reads it. */
function nameRefusal(buf: Buffer, offset: number): string | undefined {
  try {
    nameText(buf, offset);
    return undefined;
  } catch (error) {
    if (error instanceof Unusual) return error.reason;
    throw error;
  }
}

describe('readPlainReply and nameText on hostile bytes', () => {
  it('leaves an SOA whose RDATA is longer than its fields to dns-packet', () => {
    const { query, reply } = EXTRA[2] as (typeof EXTRA)[number];
    expect(readPlainReply(reply, query.questionEnd)).toBeDefined();
    // The SOA is the last record, its RDATA "." (1 byte), "a.b" (5) and five 32-bit numbers: one byte
    // more in RDLENGTH, one byte more at the end.
    const rdLength = 1 + 5 + 20;
    const rdLengthAt = reply.length - rdLength - 2;
    expect(reply.readUInt16BE(rdLengthAt)).toBe(rdLength);
    const longer = Buffer.concat([reply, Buffer.from([0])]);
    longer.writeUInt16BE(longer.readUInt16BE(rdLengthAt) + 1, rdLengthAt);
    expect(replyRejection(longer, query.wire, query.questionEnd)).toBeUndefined();
    expect(readPlainReply(longer, query.questionEnd)).toBeUndefined();
  });

  it('refuses a pointer to the name it is part of (RFC 1035 §4.1.4: pointers go to earlier bytes)', () => {
    // A label "a" at 0, then at 2 a pointer back to 0: the name would never end.
    const toOwnStart = Buffer.from([1, 0x61, 0xc0, 0]);
    expect(nameRefusal(toOwnStart, 0)).toBe('a name pointer that does not point backwards');
    // A pointer at 0 to itself.
    expect(nameRefusal(Buffer.from([0xc0, 0]), 0)).toBe('a name pointer that does not point backwards');
  });

  it('gives up, quickly, on a name made of hundreds of pointer jumps', () => {
    // The root at 0, then 300 pointers each to the one before: every jump is backwards.
    const chain = Buffer.alloc(1 + 2 * 300);
    for (let i = 1; i < 300; i++) chain.writeUInt16BE(0xc000 | (1 + 2 * (i - 1)), 1 + 2 * i);
    chain.writeUInt16BE(0xc000, 1);
    const started = performance.now();
    expect(nameRefusal(chain, 1 + 2 * 299)).toBe('a name with too many labels or pointers');
    expect(nameRefusal(chain, 1 + 2 * 10)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

/** Where `nameText` says the name at `offset` ends and what it reads, or its refusal. */
function readAt(buf: Buffer, offset: number): { name: string; end: number } | string {
  try {
    return nameText(buf, offset);
  } catch (error) {
    if (error instanceof Unusual) return error.reason;
    throw error;
  }
}

/** A name of `count` labels, each `size` octets of "x", as wire bytes with the root label. */
const labels = (sizes: number[]) => Buffer.concat([...sizes.map((size) => Buffer.concat([Buffer.from([size]), Buffer.alloc(size, 0x78)])), Buffer.from([0])]);

describe('nameText at the edges of the bytes (RFC 1035 §3.1, §4.1.4)', () => {
  it.each([
    ['the root', [0], 0, { name: '.', end: 1 }],
    ['a label and the root', [1, 0x61, 0], 0, { name: 'a.', end: 3 }],
    ['a label ending at the last byte, no root', [1, 0x61], 0, 'a name runs past the end'],
    ['a label one byte longer than the bytes', [2, 0x61], 0, 'a label runs past the end'],
    ['nothing at the offset', [0], 1, 'a name runs past the end'],
    ['a pointer cut after its first byte', [0, 0xc0], 1, 'a name pointer runs past the end'],
    ['a pointer to the root before it', [0, 0xc0, 0], 1, { name: '.', end: 3 }],
    ['a pointer to the byte just after the name it starts', [1, 0x61, 0, 0xc0, 4], 3, 'a name pointer that does not point backwards'],
    ['label type 01 (0x40, RFC 6891 extended)', [0x41, 0x61, 0], 0, 'a reserved label type'],
    ['label type 10 (0x80)', [0x81, 0x61, 0], 0, 'a reserved label type'],
    ['a label with a dot in it', [1, 0x2e, 0], 0, 'a label that needs escapes'],
  ] as const)('%s', (_name, bytes, offset, expected) => {
    expect(readAt(Buffer.from(bytes), offset)).toEqual(expected);
  });

  it('ends a compressed name after its first pointer, not after the last one it followed', () => {
    // "a." at 0 (3 bytes); at 3 "b" and a pointer to 0 ("b.a.", ends at 7); at 7 a pointer to 3.
    const buf = Buffer.from([1, 0x61, 0, 1, 0x62, 0xc0, 0, 0xc0, 3]);
    expect(readAt(buf, 3)).toEqual({ name: 'b.a.', end: 7 });
    expect(readAt(buf, 7)).toEqual({ name: 'b.a.', end: 9 });
  });

  it('reads a name of 255 octets on the wire and refuses one of 256', () => {
    // Three labels of 63 (64 octets each with the length byte), one of 61 (62), the root (1): 255.
    const longest = labels([63, 63, 63, 61]);
    expect(longest.length).toBe(255);
    expect(readAt(longest, 0)).toEqual({ name: `${'x'.repeat(63)}.`.repeat(3) + `${'x'.repeat(61)}.`, end: 255 });
    expect(readAt(labels([63, 63, 63, 62]), 0)).toBe('a name longer than 255 bytes');
  });

  it('follows 254 pointer jumps to the root and gives up at 255 (the step bound)', () => {
    // The root at 0, then 300 pointers each to the one before; reading from pointer k takes k + 1
    // jumps, then one step for the root.
    const chain = Buffer.alloc(1 + 2 * 300);
    chain.writeUInt16BE(0xc000, 1);
    for (let i = 1; i < 300; i++) chain.writeUInt16BE(0xc000 | (1 + 2 * (i - 1)), 1 + 2 * i);
    expect(readAt(chain, 1 + 2 * 253)).toEqual({ name: '.', end: 1 + 2 * 253 + 2 });
    expect(readAt(chain, 1 + 2 * 254)).toBe('a name with too many labels or pointers');
  });
});

describe('readPlainReply: which records it reads itself', () => {
  const query = prepareQuery(0x1234, '_vlmcs._tcp.example.test', 'SRV');
  const reply = (answers: dnsPacket.Answer[], additionals: dnsPacket.Answer[] = [], flags = 0) =>
    dnsPacket.encode({ type: 'response', id: query.id, flags, questions: [{ name: query.name, type: 'SRV', class: 'IN' }], answers, additionals });
  const srvTo = (target: string, klass = 'IN') => ({ name: query.name, type: 'SRV', class: klass, ttl: 60, data: { priority: 1, weight: 2, port: 1688, target } }) as dnsPacket.Answer;

  it('reads an SRV record whose target is the root (7 octets of RDATA, the shortest)', () => {
    expect(readPlainReply(reply([srvTo('.')]), query.questionEnd)?.answers).toEqual([{ name: query.name, type: 'SRV', class: 'IN', ttl: 60, data: { priority: 1, weight: 2, port: 1688, target: '.' } }]);
  });

  it('leaves a record of class CH (or any class but IN) to dns-packet', () => {
    expect(readPlainReply(reply([srvTo('kms1.example.test', 'CH')]), query.questionEnd)).toBeUndefined();
  });

  it('reads a reply whose last record is an empty OPT ending at the last byte, and leaves out the OPT', () => {
    const bytes = reply([srvTo('kms1.example.test')], [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer]);
    // The OPT record is the root (1), type, class, TTL, RDLENGTH 0 (10): its header ends the message.
    expect(bytes.readUInt16BE(bytes.length - 2)).toBe(0);
    expect(bytes.readUInt16BE(bytes.length - 10)).toBe(41);
    expect(readPlainReply(bytes, query.questionEnd)).toMatchObject({ rcode: 'NOERROR', answers: [{ type: 'SRV' }], additionals: [] });
  });

  it('leaves an OPT record with options to dns-packet', () => {
    const opt = { type: 'OPT', name: '.', udpPayloadSize: 1232, options: [{ code: 10, data: Buffer.alloc(8) }] } as unknown as dnsPacket.Answer;
    expect(readPlainReply(reply([srvTo('kms1.example.test')], [opt]), query.questionEnd)).toBeUndefined();
  });

  it('reads on after an empty OPT that is not the last record', () => {
    const bytes = reply([srvTo('kms1.example.test')], [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer, { name: 'kms1.example.test', type: 'A', ttl: 60, data: '192.0.2.1' }]);
    expect(readPlainReply(bytes, query.questionEnd)?.additionals).toEqual([{ name: 'kms1.example.test', type: 'A', class: 'IN', ttl: 60, data: '192.0.2.1' }]);
  });

  // RDLENGTH by hand: "kms2.example.test" is 4 kms2 7 example 4 test 0 (19 octets); SRV adds 6.
  it.each([
    ['an A record', { name: 'kms1.example.test', type: 'A', ttl: 60, data: '192.0.2.1' }, 4],
    ['an AAAA record', { name: 'kms1.example.test', type: 'AAAA', ttl: 60, data: '2001:db8::1' }, 16],
    ['a CNAME record', { name: 'kms1.example.test', type: 'CNAME', ttl: 60, data: 'kms2.example.test' }, 19],
    ['an SRV record', { name: query.name, type: 'SRV', ttl: 60, data: { priority: 1, weight: 2, port: 1688, target: 'kms2.example.test' } }, 25],
  ] as const)('leaves %s with one octet more RDATA than its data to dns-packet', (_name, record, rdLength) => {
    const base = reply([record as dnsPacket.Answer]);
    expect(readPlainReply(base, query.questionEnd)?.answers).toHaveLength(1);
    // The record is the last: its RDLENGTH sits just before its RDATA.
    const longer = Buffer.concat([base, Buffer.from([0])]);
    longer.writeUInt16BE(rdLength + 1, base.length - rdLength - 2);
    expect(base.readUInt16BE(base.length - rdLength - 2)).toBe(rdLength);
    expect(readPlainReply(longer, query.questionEnd)).toBeUndefined();
  });

  it('takes the AA flag from bit 0x0400 of the flags', () => {
    expect(readPlainReply(reply([srvTo('kms1.example.test')], [], dnsPacket.AUTHORITATIVE_ANSWER), query.questionEnd)?.flag_aa).toBe(true);
    expect(readPlainReply(reply([srvTo('kms1.example.test')], [], dnsPacket.RECURSION_AVAILABLE), query.questionEnd)?.flag_aa).toBe(false);
  });

  it('reads a bare 12-octet header and refuses anything shorter', () => {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(0x8000, 2);
    expect(readPlainReply(header, 12)).toEqual({ rcode: 'NOERROR', flag_aa: false, flag_tc: false, answers: [], authorities: [], additionals: [] });
    expect(readPlainReply(header.subarray(0, 11), 11)).toBeUndefined();
  });
});

/** One UDP exchange with `server`, bounded by a timeout. */
function ask(server: BindServer, query: PreparedQuery): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no reply for ${query.name} ${query.type}`));
    }, 2000);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message);
    });
    socket.send(query.wire, server.port, server.host);
  });
}

describe.skipIf(bindMissing())('readPlainReply on BIND replies', () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBind({ zones: [{ name: 'example.test', text: readFileSync('zones/example.test.zone', 'utf8') }] });
  });
  afterAll(() => bind?.stop());

  const QUESTIONS: Array<[string, string]> = [
    ['_vlmcs._tcp.example.test', 'SRV'],
    ['_VLMCS._tcp.Example.Test', 'SRV'],
    ['missing.example.test', 'SRV'],
    ['kms1.example.test', 'AAAA'],
    ['kms1.example.test', 'A'],
    ['example.test', 'SOA'],
    ['example.test', 'NS'],
    ['kms1.example.test', 'TXT'],
    ['other.invalid', 'SRV'],
  ];

  it('agrees with dns-packet on each reply and 200 seeded mutations of it', async () => {
    const random = mulberry32(7);
    let direct = 0;
    for (const [i, [name, type]] of QUESTIONS.entries()) {
      const query = prepareQuery(0x2000 + i, name, type);
      const reply = await ask(bind, query);
      if (compare(reply, query)) direct++;
      for (let m = 0; m < 200; m++) compare(mutate(reply, query.questionEnd, random), query);
    }
    // All but the NS answer and the REFUSED reply for a zone BIND does not serve are plain.
    expect(direct).toBe(QUESTIONS.length - 2);
  });
});
