// The resolver and `lookup --json` against a real BIND, cross-checked with dig and Node's resolver.
import { promises as dnsPromises } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';
import { expectAnswers } from '../../src/dns/resolver.js';
import { exchangeRaw } from '../../src/dns/transport.js';
import { prepareQuery } from '../../src/dns/wire.js';
import dnsPacket from 'dns-packet';
import { bindMissing, runTool, startBind, type BindServer } from '../helpers/bind.js';
import { startResponder } from '../../src/dns/responder.js';
import { ALIAS_LINES, bigSrvLines, exampleZone, EXAMPLE_ZONE_TEXT, otherZone, OTHER_ZONE_TEXT, resolverFor } from './lab.js';

interface JsonAnswer {
  name: string;
  type: string;
  ttl: number;
  data: unknown;
}

/** dig's `+noall +answer` lines in the `lookup --json` answer shape. */
function parseDig(text: string): JsonAnswer[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith(';'))
    .map((line) => {
      const [name = '', ttl = '', , type = '', ...rest] = line.trim().split(/\s+/);
      const f = rest;
      const data =
        type === 'SRV'
          ? { priority: Number(f[0]), weight: Number(f[1]), port: Number(f[2]), target: f[3] }
          : type === 'SOA'
            ? { mname: f[0], rname: f[1], serial: Number(f[2]), refresh: Number(f[3]), retry: Number(f[4]), expire: Number(f[5]), minimum: Number(f[6]) }
            : f.join(' ');
      return { name, type, ttl: Number(ttl), data };
    });
}

const byText = (a: JsonAnswer, b: JsonAnswer) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe.skipIf(bindMissing())('against a real BIND serving zones/example.test.zone', () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBind({
      zones: [
        { name: 'example.test', text: EXAMPLE_ZONE_TEXT + ALIAS_LINES + bigSrvLines(30) },
        { name: 'other.test', text: OTHER_ZONE_TEXT },
      ],
    });
  });
  afterAll(() => bind?.stop());

  async function lookupJson(args: string[]) {
    const io = memoryIo();
    const code = await run(['lookup', ...args, '--server', bind.address, '--json', '--timeout', '2000'], io);
    return { code, json: JSON.parse(io.out()) as { answers: JsonAnswer[]; rcode: string; server: string; question: unknown }, err: io.err() };
  }

  function dig(name: string, type: string, extra: string[] = []): JsonAnswer[] {
    const r = runTool('dig', [`@${bind.host}`, '-p', String(bind.port), '+noall', '+answer', ...extra, name, type]);
    expect(r.status).toBe(0);
    return parseDig(r.stdout);
  }

  it.each([
    ['_vlmcs._tcp.example.test', 'SRV'],
    ['kms1.example.test', 'A'],
    ['kms1.example.test', 'AAAA'],
    ['example.test', 'SOA'],
    ['example.test', 'NS'],
    ['alias.example.test', 'SRV'],
    ['_big._tcp.example.test', 'SRV'],
  ])('lookup --json %s %s agrees with dig record for record', async (name, type) => {
    const { code, json } = await lookupJson([name, type]);
    expect(code).toBe(0);
    expect(json.server).toBe(bind.address);
    expect([...json.answers].sort(byText)).toEqual(dig(name, type).sort(byText));
  });

  it('--tcp gives the same records as dig +tcp', async () => {
    const { json } = await lookupJson(['_vlmcs._tcp.example.test', 'SRV', '--tcp']);
    expect([...json.answers].sort(byText)).toEqual(dig('_vlmcs._tcp.example.test', 'SRV', ['+tcp']).sort(byText));
  });

  it('agrees with Node’s own dns.promises.Resolver on the SRV set', async () => {
    const node = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    node.setServers([bind.address]);
    const theirs = (await node.resolveSrv('_vlmcs._tcp.example.test')).map((r) => `${r.priority} ${r.weight} ${r.port} ${r.name}.`).sort();
    const result = await resolverFor({ host: bind.host, port: bind.port }, { timeoutMs: 2000 }).query('_vlmcs._tcp.example.test', 'SRV');
    const ours = expectAnswers(result).map((r) => r.data as { priority: number; weight: number; port: number; target: string });
    expect(ours.map((r) => `${r.priority} ${r.weight} ${r.port} ${r.target}`).sort()).toEqual(theirs);
  });

  it('EDNS0: BIND answers our OPT with its own', async () => {
    const query = prepareQuery(0x2222, 'example.test', 'SOA');
    const reply = dnsPacket.decode(await exchangeRaw(query.wire, { host: bind.host, port: bind.port }, { timeoutMs: 2000, transport: 'udp' }));
    expect(reply.additionals?.find((a) => a.type === 'OPT')).toBeDefined();
  });

  it('a large answer: truncated over UDP, complete over TCP', async () => {
    const result = await resolverFor({ host: bind.host, port: bind.port }, { timeoutMs: 2000 }).query('_big._tcp.example.test', 'SRV');
    expect(result).toMatchObject({ tcp: true, truncatedOverUdp: true });
    expect(expectAnswers(result)).toHaveLength(dig('_big._tcp.example.test', 'SRV', ['+tcp']).length);
  });

  it.each([
    ['alias.example.test', ['alias.example.test.']],
    ['alias2.example.test', ['alias2.example.test.', 'alias.example.test.']],
    ['away.example.test', ['away.example.test.']],
  ])('CNAME at %s followed to the SRV records', async (name, chain) => {
    const result = await resolverFor({ host: bind.host, port: bind.port }, { timeoutMs: 2000 }).query(name, 'SRV');
    expect(result.cnameChain).toEqual(chain);
    const finalName = String(result.answers.filter((r) => r.type === 'CNAME').at(-1)?.data);
    const srv = dig(finalName, 'SRV').filter((r) => r.type === 'SRV');
    expect(expectAnswers(result).map((r) => JSON.stringify(r.data)).sort()).toEqual(srv.map((r) => JSON.stringify(r.data)).sort());
  });

  it('the lab responder answers like BIND: rcode, answers, authority types', async () => {
    const responder = await startResponder({ zones: [exampleZone(ALIAS_LINES + bigSrvLines(30)), otherZone()] });
    try {
      const cases: Array<[string, string]> = [
        ['_vlmcs._tcp.example.test', 'SRV'], ['kms1.example.test', 'AAAA'], ['alias2.example.test', 'SRV'], ['away.example.test', 'SRV'],
        ['missing.example.test', 'SRV'], ['kms2.example.test', 'SRV'], ['_tcp.example.test', 'SRV'], ['_big._tcp.example.test', 'SRV'],
      ];
      const view = (r: Awaited<ReturnType<ReturnType<typeof resolverFor>['query']>>) => ({
        rcode: r.rcode,
        answers: r.answers.map((a) => JSON.stringify([a.name, a.type, a.ttl, a.data])).sort(),
        authorities: r.authorities.map((a) => a.type),
        cnameChain: r.cnameChain,
      });
      for (const [name, type] of cases) {
        const fromBind = await resolverFor({ host: bind.host, port: bind.port }, { timeoutMs: 2000 }).query(name, type);
        const fromLab = await resolverFor({ host: responder.host, port: responder.port }, { timeoutMs: 2000 }).query(name, type);
        expect(view(fromLab), `${name} ${type}`).toEqual(view(fromBind));
      }
    } finally {
      await responder.stop();
    }
  });

  it.each([
    ['missing.example.test', 'SRV', 'NXDOMAIN', /Win32 9003/],
    ['kms1.example.test', 'SRV', 'NOERROR', /Win32 9501/],
  ])('lookup %s %s: %s, exit 1, message names the Win32 code', async (name, type, rcode, message) => {
    const { code, json, err } = await lookupJson([name, type]);
    expect(code).toBe(1);
    expect(json).toMatchObject({ rcode, answers: [] });
    expect(err).toMatch(message);
  });
});
