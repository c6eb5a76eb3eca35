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
