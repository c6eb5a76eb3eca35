// The audit's fast SRV reader against the resolver's gate (`validateResponse` + dns-packet): the same
// query bytes, and on real and mutated replies never a different answer — it rejects what the gate
// rejects, and what it reads as an answer the gate accepts with the same records.
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { srvQueryWire } from '../../src/audit/fast-audit.js';
import { readSrvReply, type SrvReply } from '../../src/audit/srv-reply.js';
import { fuzzSeeds, mulberry32, mutate } from '../../src/dns/fuzz.js';
import { prepareQuery, toDnsRecords, validateResponse, type PreparedQuery } from '../../src/dns/wire.js';

const RCODES: Record<string, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

function fastRead(reply: Buffer, query: PreparedQuery): SrvReply {
  return readSrvReply(reply, query.wire, query.questionEnd, `${query.name.toLowerCase()}.`);
}

/** What audit takes from the gate's result: RCODE, SRV data, addresses by lower-case owner (A, then AAAA). */
function gateView(reply: Buffer, query: PreparedQuery) {
  const verdict = validateResponse(reply, query);
  if (!verdict.ok) return verdict;
  const answers = toDnsRecords(verdict.value.answers);
  const additionals = toDnsRecords(verdict.value.additionals);
  const addresses = new Map<string, string[]>();
  for (const type of ['A', 'AAAA']) {
    for (const r of additionals.filter((a) => a.type === type)) addresses.set(r.name.toLowerCase(), [...(addresses.get(r.name.toLowerCase()) ?? []), String(r.data)]);
  }
  return { ok: true as const, rcode: verdict.value.rcode ?? 'NOERROR', srv: answers.filter((r) => r.type === 'SRV').map((r) => r.data), answerCount: answers.length, addresses };
}

function expectAgreement(reply: Buffer, query: PreparedQuery): SrvReply['kind'] {
  const fast = fastRead(reply, query);
  const gate = gateView(reply, query);
  if (fast.kind === 'reject') {
    expect(gate).toMatchObject({ ok: false, idMatched: fast.idMatched });
  } else if (fast.kind === 'answer') {
    expect(gate.ok).toBe(true);
    if (!gate.ok) return fast.kind;
    expect(RCODES[gate.rcode]).toBe(fast.rcode);
    expect(gate.answerCount).toBe(fast.srv.length);
    expect(fast.srv).toEqual(gate.srv);
    expect(new Map([...fast.addresses].sort())).toEqual(new Map([...gate.addresses].sort()));
  }
  return fast.kind;
}

const DOMAIN = 'Example.test';
const NAME = `_vlmcs._tcp.${DOMAIN}`;

function srvReply(query: PreparedQuery, additionals: dnsPacket.Answer[], rcode = 0): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | rcode,
    questions: [{ name: NAME.toUpperCase(), type: 'SRV', class: 'IN' }],
    answers: [
      { name: NAME, type: 'SRV', ttl: 60, data: { priority: 10, weight: 5, port: 1688, target: 'KMS1.example.test' } },
      { name: NAME.toLowerCase(), type: 'SRV', ttl: 60, data: { priority: 0, weight: 0, port: 1688, target: '.' } },
    ],
    authorities: [{ name: 'example.test', type: 'NS', ttl: 60, data: 'ns1.example.test' }],
    additionals,
  });
}

describe('srvQueryWire', () => {
  it.each(['example.test', 'd9999.fleet.test', 'a', 'MiXeD.Case_x-1.test', `${'x'.repeat(63)}.${'y'.repeat(63)}.test`])('%s: the bytes prepareQuery builds for the same question', (domain) => {
    const { wire, questionEnd } = srvQueryWire(domain);
    const expected = prepareQuery(0, `_vlmcs._tcp.${domain}`, 'SRV');
    expect(wire.toString('hex')).toBe(expected.wire.toString('hex'));
    expect(questionEnd).toBe(expected.questionEnd);
  });
});

describe('readSrvReply', () => {
  const query = prepareQuery(0x1234, NAME, 'SRV');

  it.each(['192.0.2.1', '2001:db8::11', '::1', '::', 'fd00::', '1:0:0:1:0:0:0:1', '1:2:3:4:5:6:7:8', '0:1::', '1::2:0:0:3'])('glue address %s reads as the resolver path prints it', (address) => {
    const type = address.includes(':') ? 'AAAA' : 'A';
    const reply = srvReply(query, [{ name: 'kms1.EXAMPLE.test', type, ttl: 60, data: address }]);
    expect(expectAgreement(reply, query)).toBe('answer');
    const fast = fastRead(reply, query);
    const gate = gateView(reply, query);
    expect(fast.kind === 'answer' && fast.addresses.get('kms1.example.test.')).toEqual(gate.ok && gate.addresses.get('kms1.example.test.'));
  });

  it.each([
    ['NXDOMAIN', 3, 'answer'],
    ['SERVFAIL', 2, 'answer'],
    ['REFUSED', 5, 'answer'],
    ['FORMERR (the resolver retries without EDNS)', 1, 'unusual'],
    ['NOTIMP', 4, 'unusual'],
  ] as const)('%s', (_name, rcode, kind) => {
    const reply = dnsPacket.encode({ type: 'response', id: query.id, flags: rcode, questions: [{ name: NAME, type: 'SRV', class: 'IN' }] });
    expect(expectAgreement(reply, query)).toBe(kind);
  });

  it.each([
    ['a CNAME at the name', [{ name: NAME, type: 'CNAME', ttl: 60, data: 'other.example.test' }], []],
    ['a record for another owner', [{ name: 'other.example.test', type: 'SRV', ttl: 60, data: { priority: 0, weight: 0, port: 1, target: 'x.test' } }], []],
    ['a TXT glue record', [], [{ name: 'x.test', type: 'TXT', ttl: 60, data: 'x' }]],
  ] as const)('%s is left to the full path', (_name, answers, additionals) => {
    const reply = dnsPacket.encode({ type: 'response', id: query.id, flags: 0, questions: [{ name: NAME, type: 'SRV', class: 'IN' }], answers: [...answers] as dnsPacket.Answer[], additionals: [...additionals] as dnsPacket.Answer[] });
    expect(expectAgreement(reply, query)).toBe('unusual');
  });

  it.each([
    ['A', '192.0.2.1', 4],
    ['AAAA', '2001:db8::1', 16],
  ] as const)('an %s glue record with a longer RDATA than its type has (dns-packet would read past it) is left to the full path', (type, data, size) => {
    const base = srvReply(query, [{ name: 'kms1.example.test', type, ttl: 60, data }]);
    // The glue record is last: lengthen its RDLENGTH by 4 and append 4 bytes.
    const reply = Buffer.concat([base, Buffer.alloc(4)]);
    reply.writeUInt16BE(size + 4, base.length - size - 2);
    expect(fastRead(reply, query).kind).toBe('unusual');
    expectAgreement(reply, query);
  });

  it('a truncated reply is left to the full path (TCP)', () => {
    const reply = srvReply(query, []);
    reply.writeUInt16BE(reply.readUInt16BE(2) | 0x0200, 2);
    expect(fastRead(reply, query)).toMatchObject({ kind: 'unusual', reason: 'truncated (TC)' });
  });

  it.each([
    ['another ID', (r: Buffer) => r.writeUInt16BE(0x4321, 0), false],
    ['QR clear', (r: Buffer) => (r[2] = (r[2] as number) & 0x7f), true],
    ['another question', (r: Buffer) => (r[20] = 0x41 + (((r[20] as number) + 1) % 26)), true],
    ['a header only', (r: Buffer) => r.fill(0, 4, 6), true],
  ] as const)('rejects %s as the gate does', (_name, spoil, idMatched) => {
    const reply = srvReply(query, []);
    spoil(reply);
    expect(fastRead(reply, query)).toMatchObject({ kind: 'reject', idMatched });
    expect(expectAgreement(reply, query)).toBe('reject');
  });

  it('20,000 seeded mutations of real SRV replies: never throws, never disagrees with the gate', () => {
    const random = mulberry32(6);
    const seeds = [
      ...fuzzSeeds().filter((s) => s.query.type === 'SRV'),
      { query, reply: srvReply(query, [{ name: 'kms1.example.test', type: 'A', ttl: 60, data: '192.0.2.7' }, { name: 'kms1.example.test', type: 'AAAA', ttl: 60, data: '2001:db8:0:0:1::7' }, { name: '.', type: 'OPT', udpPayloadSize: 1232 } as dnsPacket.Answer]) },
    ];
    const kinds: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const seed = seeds[i % seeds.length]!;
      const kind = expectAgreement(mutate(seed.reply, seed.query.questionEnd, random), seed.query);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    // All three outcomes are reached, so the comparison above was exercised on each.
    expect(Object.keys(kinds).sort()).toEqual(['answer', 'reject', 'unusual']);
  });
});

describe('readSrvReply: owners, sections and flags', () => {
  const query = prepareQuery(0x1234, NAME, 'SRV');
  const SRV_DATA = { priority: 10, weight: 5, port: 1688, target: 'kms1.example.test' };
  const encode = (fields: { flags?: number; answers?: unknown[]; authorities?: unknown[]; additionals?: unknown[] }) =>
    dnsPacket.encode({ type: 'response', id: query.id, flags: fields.flags ?? 0, questions: [{ name: NAME, type: 'SRV', class: 'IN' }], answers: fields.answers as dnsPacket.Answer[], authorities: fields.authorities as dnsPacket.Answer[], additionals: fields.additionals as dnsPacket.Answer[] });

  it('takes an answer whose owner is written out in another letter case (RFC 4343)', () => {
    // dns-packet writes every name out (it does not compress): the owner is compared as text.
    const reply = encode({ answers: [{ name: NAME.toUpperCase(), type: 'SRV', ttl: 60, data: SRV_DATA }] });
    expect(reply[query.questionEnd]).not.toBe(0xc0);
    expect(fastRead(reply, query)).toMatchObject({ kind: 'answer', srv: [{ ...SRV_DATA, target: 'kms1.example.test.' }] });
  });

  /** A reply built by hand: the question echoed, then one SRV answer (port 1688, target the root) owned by `owner`. */
  const handReply = (owner: number[]) => {
    const header = Buffer.from([query.wire[0] as number, query.wire[1] as number, 0x80, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    const record = Buffer.from([...owner, 0, 33, 0, 1, 0, 0, 0, 60, 0, 7, 0, 0, 0, 0, 0x06, 0x98, 0]);
    return Buffer.concat([header, query.wire.subarray(12, query.questionEnd), record]);
  };

  it('takes an answer whose owner is a pointer to the question (offset 12)', () => {
    expect(fastRead(handReply([0xc0, 12]), query)).toMatchObject({ kind: 'answer', srv: [{ priority: 0, weight: 0, port: 1688, target: '.' }] });
  });

  it.each([
    // The question name is 6 "_vlmcs" 4 "_tcp" …: offset 12 + 7 is "_tcp.Example.test".
    ['a pointer to a suffix of the question', [0xc0, 12 + 7], 'an answer record for another name'],
    // Octets 0x01 0x0c: a one-octet label holding 0x0c, not a pointer to the question.
    ['a label whose octet is 12', [1, 12, 0], 'a label that needs escapes'],
  ])('leaves an answer whose owner is %s to the full path', (_name, owner, reason) => {
    expect(fastRead(handReply(owner), query)).toEqual({ kind: 'unusual', reason });
  });

  it.each([
    ['cut inside its record header', (r: Buffer) => r.subarray(0, query.questionEnd + 2 + 9), 'a record header runs past the end'],
    ['cut inside its RDATA', (r: Buffer) => r.subarray(0, r.length - 1), 'record data runs past the end'],
    // RDLENGTH 6: priority, weight and port, no target at all.
    ['six octets of SRV data', (r: Buffer) => (r.writeUInt16BE(6, query.questionEnd + 2 + 8), r.subarray(0, query.questionEnd + 2 + 10 + 6)), 'SRV data too short'],
    ['one octet more SRV data than its target', (r: Buffer) => (r.writeUInt16BE(8, query.questionEnd + 2 + 8), Buffer.concat([r, Buffer.from([0])])), 'SRV data length does not match its target'],
    ['an answer of type CNAME', (r: Buffer) => (r.writeUInt16BE(5, query.questionEnd + 2), r), 'an answer record of type 5'],
  ] as const)('says why a reply %s is left to the full path', (_name, spoil, reason) => {
    expect(fastRead(spoil(handReply([0xc0, 12])), query)).toEqual({ kind: 'unusual', reason });
  });

  it.each([
    ['A', '192.0.2.1', 4, 'an A record that is not 4 bytes'],
    ['AAAA', '2001:db8::1', 16, 'an AAAA record that is not 16 bytes'],
  ] as const)('says why an %s glue record of the wrong size is left to the full path', (type, data, size, reason) => {
    const base = encode({ answers: [{ name: NAME, type: 'SRV', ttl: 60, data: SRV_DATA }], additionals: [{ name: 'kms1.example.test', type, ttl: 60, data }] });
    const reply = Buffer.concat([base, Buffer.from([0])]);
    reply.writeUInt16BE(size + 1, base.length - size - 2);
    expect(fastRead(reply, query)).toEqual({ kind: 'unusual', reason });
  });

  it('reads an authority NS record whose name needs an escape (only its length matters)', () => {
    const base = encode({ authorities: [{ name: 'example.test', type: 'NS', ttl: 60, data: 'nsx.example.test' }] });
    // The NS name is last: 3 "nsx" 7 "example" 4 "test" 0; make its "x" a space.
    base[base.length - 1 - 5 - 8 - 1] = 0x20;
    expect(base.toString('latin1', base.length - 18, base.length - 14)).toBe('\x03ns ');
    expect(fastRead(base, query)).toMatchObject({ kind: 'answer', zoneOwners: ['example.test.'] });
  });

  it('leaves an additional record of another type to the full path even when its RDATA is empty, as an OPT\'s is', () => {
    const reply = encode({ answers: [{ name: NAME, type: 'SRV', ttl: 60, data: SRV_DATA }], additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 }] });
    // The OPT is last, its header the last 10 octets: make its type TXT (16), RDLENGTH still 0.
    reply.writeUInt16BE(16, reply.length - 10);
    expect(fastRead(reply, query)).toEqual({ kind: 'unusual', reason: 'an additional record of type 16' });
  });

  it('names the RCODE it leaves to the full path', () => {
    expect(fastRead(encode({ flags: 4 }), query)).toEqual({ kind: 'unusual', reason: 'RCODE 4' });
  });

  it('leaves an NXDOMAIN that carries an answer record to the full path', () => {
    const reply = encode({ flags: 3, answers: [{ name: NAME, type: 'SRV', ttl: 60, data: SRV_DATA }] });
    expect(fastRead(reply, query)).toEqual({ kind: 'unusual', reason: 'answer records with an error RCODE' });
  });

  it('reads the AA bit into authoritative', () => {
    const answers = [{ name: NAME, type: 'SRV', ttl: 60, data: SRV_DATA }];
    expect(fastRead(encode({ flags: dnsPacket.AUTHORITATIVE_ANSWER, answers }), query)).toMatchObject({ kind: 'answer', authoritative: true });
    expect(fastRead(encode({ flags: dnsPacket.RECURSION_AVAILABLE, answers }), query)).toMatchObject({ kind: 'answer', authoritative: false });
  });

  it('reports the owners of the SOA and NS records of the authority section as the zone', () => {
    const reply = encode({
      flags: 3,
      authorities: [
        { name: 'Example.test', type: 'SOA', ttl: 60, data: { mname: 'ns1.example.test', rname: 'hostmaster.example.test', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 } },
        { name: 'sub.example.test', type: 'NS', ttl: 60, data: 'ns1.example.test' },
      ],
    });
    expect(fastRead(reply, query)).toEqual({ kind: 'answer', rcode: 3, srv: [], addresses: new Map(), authoritative: false, zoneOwners: ['Example.test.', 'sub.example.test.'] });
  });

  it.each([
    ['SOA', { mname: '.', rname: '.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 }, 'SOA data length does not match its fields'],
    ['NS', 'ns1.example.test', 'NS data length does not match its name'],
  ] as const)('leaves an authority %s record with one octet more RDATA than its fields to the full path', (type, data, reason) => {
    const base = encode({ authorities: [{ name: 'example.test', type, ttl: 60, data }] });
    // The record is last: its RDLENGTH sits just before its RDATA; lengthen both by one octet.
    // SOA: two root names (1 + 1) and five 32-bit numbers; NS: 3 ns1 7 example 4 test 0.
    const rdLength = type === 'SOA' ? 2 + 20 : 4 + 8 + 5 + 1;
    const reply = Buffer.concat([base, Buffer.from([0])]);
    expect(reply.readUInt16BE(base.length - rdLength - 2)).toBe(rdLength);
    reply.writeUInt16BE(rdLength + 1, base.length - rdLength - 2);
    expect(fastRead(base, query)).toMatchObject({ kind: 'answer' });
    expect(fastRead(reply, query)).toEqual({ kind: 'unusual', reason });
  });

  it('leaves an authority record of another type, or an OPT with options, to the full path', () => {
    const txt = encode({ authorities: [{ name: 'example.test', type: 'TXT', ttl: 60, data: 'x' }] });
    expect(fastRead(txt, query)).toEqual({ kind: 'unusual', reason: 'an authority record of type 16' });
    const opt = encode({ additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, options: [{ code: 10, data: Buffer.alloc(8) }] }] });
    expect(fastRead(opt, query)).toEqual({ kind: 'unusual', reason: 'an additional record of type 41' });
  });

  it('reads a reply whose last record is an empty OPT ending at the last byte', () => {
    const reply = encode({ answers: [{ name: NAME, type: 'SRV', ttl: 60, data: SRV_DATA }], additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 }] });
    expect(reply.readUInt16BE(reply.length - 10)).toBe(41);
    expect(fastRead(reply, query)).toMatchObject({ kind: 'answer', srv: [{ port: 1688 }], addresses: new Map() });
  });

  it('lists a host\'s addresses A before AAAA whatever their order, under the lower-case owner', () => {
    const reply = encode({
      answers: [{ name: NAME, type: 'SRV', ttl: 60, data: SRV_DATA }],
      additionals: [
        { name: 'KMS1.example.test', type: 'AAAA', ttl: 60, data: '2001:db8::1' },
        { name: 'kms1.example.test', type: 'A', ttl: 60, data: '192.0.2.1' },
        { name: 'kms1.Example.test', type: 'A', ttl: 60, data: '192.0.2.2' },
        { name: 'kms2.example.test', type: 'AAAA', ttl: 60, data: '2001:db8::2' },
      ],
    });
    expect(fastRead(reply, query)).toMatchObject({ kind: 'answer', addresses: new Map([['kms1.example.test.', ['192.0.2.1', '192.0.2.2', '2001:db8::1']], ['kms2.example.test.', ['2001:db8::2']]]) });
  });
});
