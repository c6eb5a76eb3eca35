import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResponder, type RunningResponder } from '../../src/dns/responder.js';
import { expectAnswers } from '../../src/dns/resolver.js';
import { exchangeRaw } from '../../src/dns/transport.js';
import { ALIAS_LINES, bigSrvLines, exampleZone, otherZone, resolverFor } from './lab.js';

describe('responder serving example.test and other.test', () => {
  let responder: RunningResponder;
  const zone = exampleZone(ALIAS_LINES + bigSrvLines(30));
  beforeAll(async () => {
    responder = await startResponder({ zones: [zone, otherZone()] });
  });
  afterAll(() => responder.stop());
  const resolver = (tcp = false) => resolverFor({ host: responder.host, port: responder.port }, { tcp });

  it.each([false, true])('answers SRV with additional A/AAAA for the targets (tcp=%s)', async (tcp) => {
    const result = await resolver(tcp).query('_VLMCS._TCP.Example.Test', 'SRV');
    const expected = zone.records.filter((r) => r.type === 'SRV' && r.owner.toLowerCase() === '_vlmcs._tcp.example.test.');
    expect(result).toMatchObject({ rcode: 'NOERROR', authoritative: true, tcp });
    expect(expectAnswers(result).map((r) => r.data)).toEqual(expected.map((r) => r.data.type === 'SRV' && { priority: r.data.priority, weight: r.data.weight, port: r.data.port, target: r.data.target }));
    const addresses = zone.records.filter((r) => (r.type === 'A' || r.type === 'AAAA') && /^kms\d/.test(r.owner));
    expect(result.additionals.map((r) => `${r.name} ${r.type} ${String(r.data)}`).sort()).toEqual(addresses.map((r) => `${r.owner} ${r.type} ${r.data.type === 'A' || r.data.type === 'AAAA' ? r.data.address : ''}`).sort());
  });

  it('NXDOMAIN with the SOA in authority (TTL = min(TTL, MINIMUM))', async () => {
    const result = await resolver().query('missing.example.test', 'SRV');
    const soa = zone.records.find((r) => r.type === 'SOA');
    expect(result.rcode).toBe('NXDOMAIN');
    expect(result.authorities).toEqual([expect.objectContaining({ type: 'SOA', ttl: soa && soa.data.type === 'SOA' ? Math.min(soa.ttl, soa.data.minimum) : -1 })]);
    expect(() => expectAnswers(result)).toThrow(expect.objectContaining({ nodeCode: 'ENOTFOUND', win32: 9003 }));
  });

  it.each([
    ['kms1.example.test', 'SRV'],
    ['_tcp.example.test', 'SRV'], // an empty non-terminal exists (RFC 8020)
  ])('NODATA for %s %s: NOERROR, no answers, SOA in authority, Win32 9501', async (name, type) => {
    const result = await resolver().query(name, type);
    expect(result).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(result.authorities.map((r) => r.type)).toEqual(['SOA']);
    expect(() => expectAnswers(result)).toThrow(expect.objectContaining({ nodeCode: 'ENODATA', win32: 9501 }));
  });

  it.each([
    ['alias.example.test', ['alias.example.test.']],
    ['alias2.example.test', ['alias2.example.test.', 'alias.example.test.']],
    // The target is in another zone: the responder stops at the CNAME and the resolver asks again.
    ['away.example.test', ['away.example.test.']],
  ])('CNAME at %s is followed and reported', async (name, chain) => {
    const result = await resolver().query(name, 'SRV');
    expect(result.cnameChain).toEqual(chain);
    expect(expectAnswers(result).length).toBeGreaterThan(0);
    expect(result.answers.filter((r) => r.type === 'CNAME').map((r) => r.name)).toEqual(chain);
  });

  it('noFollowCname stops at the alias', async () => {
    const result = await resolver().query('alias.example.test', 'SRV', { noFollowCname: true });
    expect(result.cnameChain).toEqual([]);
    expect(result.answers[0]).toMatchObject({ type: 'CNAME', data: '_vlmcs._tcp.example.test.' });
  });

  it('a CNAME loop is answered SERVFAIL with the chain walked, as BIND does, and the resolver calls it a loop', async () => {
    const query = dnsPacket.encode({ type: 'query', id: 9, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: 'loop1.example.test' }] });
    const reply = dnsPacket.decode(await exchangeRaw(query, { host: responder.host, port: responder.port }, { timeoutMs: 1000, transport: 'udp' }));
    expect((reply as { rcode?: string }).rcode).toBe('SERVFAIL');
    expect(reply.answers?.map((a) => a.type)).toEqual(['CNAME', 'CNAME']);
    await expect(resolver().query('loop1.example.test', 'A')).rejects.toMatchObject({ code: 'DNS_CNAME_LOOP' });
  });

  it('an answer too big for UDP is truncated and fetched over TCP', async () => {
    const result = await resolverFor({ host: responder.host, port: responder.port }, { ednsUdpSize: 0 }).query('_big._tcp.example.test', 'SRV');
    expect(result).toMatchObject({ tcp: true, truncatedOverUdp: true });
    expect(expectAnswers(result)).toHaveLength(30);
  });

  it('EDNS: the reply carries an OPT record and fits the advertised 1232 bytes', async () => {
    const result = await resolver().query('_big._tcp.example.test', 'SRV');
    expect(result.tcp).toBe(result.truncatedOverUdp);
    const query = dnsPacket.encode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'SRV', name: '_vlmcs._tcp.example.test' }], additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer] });
    const reply = dnsPacket.decode(await exchangeRaw(query, { host: responder.host, port: responder.port }, { timeoutMs: 1000, transport: 'udp' }));
    expect(reply.additionals?.find((a) => a.type === 'OPT')).toMatchObject({ udpPayloadSize: 1232 });
  });

  it('a name outside its zones is REFUSED', async () => {
    expect((await resolver().query('example.com', 'A')).rcode).toBe('REFUSED');
  });

  it('exchangeRaw over TCP returns the raw reply with the same ID', async () => {
    const query = dnsPacket.encode({ type: 'query', id: 4321, questions: [{ type: 'SOA', name: 'example.test' }] });
    const reply = await exchangeRaw(query, { host: responder.host, port: responder.port }, { timeoutMs: 1000, transport: 'tcp' });
    expect(dnsPacket.decode(reply)).toMatchObject({ id: 4321, rcode: 'NOERROR', answers: [expect.objectContaining({ type: 'SOA' })] });
  });

  it('malformed queries get FORMERR, not a crash', async () => {
    const junk = Buffer.from([0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x3f]);
    const reply = await exchangeRaw(junk, { host: responder.host, port: responder.port }, { timeoutMs: 1000, transport: 'udp' });
    expect(dnsPacket.decode(reply)).toMatchObject({ id: 9, rcode: 'FORMERR' });
  });
});

describe('startResponder', () => {
  it('binds UDP and TCP on the same free port and stops cleanly', async () => {
    const responder = await startResponder({ zones: exampleZone() });
    expect(responder.port).toBeGreaterThan(0);
    await responder.stop();
    await responder.stop();
  });
  it('a taken port is an error', async () => {
    const first = await startResponder({ zones: exampleZone() });
    try {
      await expect(startResponder({ zones: exampleZone(), port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.stop();
    }
  });
  it('a taken port leaves no socket of the failed start open', async () => {
    const first = await startResponder({ zones: exampleZone() });
    // A closed handle leaves the list in the loop's close phase, after its close callback: count after a timer.
    const udpHandles = async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return process.getActiveResourcesInfo().filter((kind) => kind === 'UDPWrap').length;
    };
    try {
      const before = await udpHandles();
      await expect(startResponder({ zones: exampleZone(), port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(await udpHandles()).toBe(before);
    } finally {
      await first.stop();
    }
  });
});
