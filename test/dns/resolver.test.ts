// The resolver's own rules, one by one, against the lab responder on loopback: its options (hop limit,
// attempts, not following CNAMEs), the fields of its result, and the CNAME walk inside one reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResponder, type FaultPlan, type RunningResponder } from '../../src/dns/responder.js';
import { expectAnswers, resolveOrThrow, Resolver } from '../../src/dns/resolver.js';
import { ALIAS_LINES, exampleZone, otherZone, resolverFor } from './lab.js';

const SRV = '_vlmcs._tcp.example.test';

describe('Resolver options', () => {
  const server = { host: '127.0.0.1', port: 53 };
  it.each([
    ['no server', { servers: [], timeoutMs: 100, attempts: 1 }, 'a Resolver needs at least one server'],
    ['a timeout of 0 ms', { servers: [server], timeoutMs: 0, attempts: 1 }, 'timeoutMs must be positive, got 0'],
    ['0 attempts', { servers: [server], timeoutMs: 100, attempts: 0 }, 'attempts must be at least 1, got 0'],
  ])('refuses %s', (_name, options, message) => {
    expect(() => new Resolver(options)).toThrow(new RangeError(message));
  });

  it('takes the smallest allowed values: one attempt, a timeout of 1 ms', () => {
    expect(new Resolver({ servers: [server], timeoutMs: 1, attempts: 1 }).servers).toEqual([server]);
  });
});

describe('Resolver against the lab responder', () => {
  let responder: RunningResponder;
  let plan: FaultPlan | undefined;
  beforeAll(async () => {
    responder = await startResponder({ zones: [exampleZone(ALIAS_LINES), otherZone()], faults: (...args) => plan?.(...args) });
  });
  afterAll(() => responder.stop());
  const address = () => ({ host: responder.host, port: responder.port });

  it('asks a whole number of times: 2.5 attempts are 2', async () => {
    plan = () => ({ kind: 'drop' });
    try {
      const before = responder.queries.length;
      await expect(resolverFor(address(), { timeoutMs: 100, attempts: 2.5 }).query(SRV)).rejects.toMatchObject({ nodeCode: 'ETIMEOUT' });
      expect(responder.queries.length - before).toBe(2);
    } finally {
      plan = undefined;
    }
  });

  it('after TC over UDP, a FORMERR to EDNS over TCP: asked a third time, over TCP without EDNS, and answered', async () => {
    plan = (q) => (q.transport === 'udp' ? { kind: 'truncate' } : q.edns ? { kind: 'rcode', rcode: 'FORMERR' } : undefined);
    try {
      const before = responder.queries.length;
      const result = await resolverFor(address()).query(SRV);
      expect(responder.queries.slice(before).map((q) => [q.transport, q.edns])).toEqual([['udp', true], ['tcp', true], ['tcp', false]]);
      expect(result).toMatchObject({ rcode: 'NOERROR', tcp: true, truncatedOverUdp: true });
      expect(result.answers).toHaveLength(3);
    } finally {
      plan = undefined;
    }
  });

  it('reports the elapsed time from its clock, in whole milliseconds', async () => {
    const ticks = [1000, 1250.4];
    const resolver = new Resolver({ servers: [address()], timeoutMs: 1000, attempts: 1 }, { now: () => ticks.shift() ?? 2000 });
    expect((await resolver.query(SRV)).elapsedMs).toBe(250);
  });

  it('follows two aliases in one reply within a hop limit of 2, and calls them a loop past a limit of 1', async () => {
    // alias2 → alias → _vlmcs._tcp, all in example.test: one reply carries the whole chain.
    const result = await resolverFor(address(), { maxCnameHops: 2 }).query('alias2.example.test');
    expect(result.cnameChain).toEqual(['alias2.example.test.', 'alias.example.test.']);
    expect(result.answers.map((r) => r.type)).toEqual(['CNAME', 'CNAME', 'SRV', 'SRV', 'SRV']);
    await expect(resolverFor(address(), { maxCnameHops: 1 }).query('alias2.example.test')).rejects.toMatchObject({ code: 'DNS_CNAME_LOOP' });
  });

  it('a loop inside one reply is DNS_CNAME_LOOP, with the chain up to where it closes', async () => {
    const error = await resolverFor(address()).query('loop1.example.test').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DNS_CNAME_LOOP', server: address() });
    expect((error as Error).message).toContain('(loop1.example.test. -> loop2.example.test. -> loop1.example.test.)');
  });

  it('asks for a CNAME target in another zone again, and returns the second reply with the first one\'s alias', async () => {
    const before = responder.queries.length;
    const result = await resolverFor(address()).query('away.example.test');
    expect(responder.queries.slice(before).map((q) => q.name.toLowerCase())).toEqual(['away.example.test', '_vlmcs._tcp.other.test']);
    expect(result).toMatchObject({ question: { name: 'away.example.test', type: 'SRV' }, rcode: 'NOERROR', cnameChain: ['away.example.test.'], authoritative: true, tcp: false, truncatedOverUdp: false });
    expect(result.answers.map((r) => [r.name, r.type])).toEqual([['away.example.test.', 'CNAME'], ['_vlmcs._tcp.other.test.', 'SRV']]);
    // The address of the target comes from the second reply, from other.test's own server.
    expect(result.glue.map((r) => [r.name, r.data])).toEqual([['kms9.other.test.', '192.0.2.99']]);
  });

  it.each([
    ['a CNAME question', 'alias.example.test', 'CNAME', {}],
    ['noFollowCname', 'alias.example.test', 'SRV', { noFollowCname: true }],
  ])('%s: the alias is the answer, nothing more is asked', async (_name, name, type, options) => {
    const before = responder.queries.length;
    const result = await resolverFor(address()).query(name, type, options);
    expect(responder.queries.length - before).toBe(1);
    expect(result).toMatchObject({ cnameChain: [], answers: [{ type: 'CNAME', data: '_vlmcs._tcp.example.test.' }] });
  });

  it('returns NODATA with the SOA of the authority section', async () => {
    const result = await resolverFor(address()).query('kms1.example.test', 'SRV');
    expect(result).toMatchObject({ rcode: 'NOERROR', answers: [], additionals: [] });
    expect(result.authorities.map((r) => [r.name, r.type])).toEqual([['example.test.', 'SOA']]);
  });

  it('reports the elapsed time by its own clock when given none', async () => {
    const { elapsedMs } = await resolverFor(address()).query(SRV);
    expect(Number.isInteger(elapsedMs) && elapsedMs >= 0).toBe(true);
  });

  it('does not follow a CNAME beside NXDOMAIN: the chain ends where the server said the name does not exist', async () => {
    plan = (q) => (q.name.toLowerCase() === 'gone.example.test' ? { kind: 'extra', rcode: 'NXDOMAIN', answers: [{ name: 'gone.example.test', type: 'CNAME', ttl: 60, data: '_vlmcs._tcp.other.test' }] } : undefined);
    try {
      const before = responder.queries.length;
      const result = await resolverFor(address()).query('gone.example.test');
      expect(responder.queries.length - before).toBe(1);
      expect(result).toMatchObject({ rcode: 'NXDOMAIN', cnameChain: ['gone.example.test.'], answers: [{ type: 'CNAME' }] });
    } finally {
      plan = undefined;
    }
  });

  it('names a type by its mnemonic: TYPE33 is SRV (RFC 3597), an unknown mnemonic is refused as written', async () => {
    const result = await resolverFor(address()).query(SRV, 'type33');
    expect(result.question.type).toBe('SRV');
    expect(expectAnswers(result)).toHaveLength(3);
    await expect(resolverFor(address()).query(SRV, 'bogus')).rejects.toThrow('unknown record type "BOGUS"');
  });

  it('resolveOrThrow gives the SRV records by default, and the DnsError of NODATA', async () => {
    const records = await resolveOrThrow(resolverFor(address()), SRV);
    expect(records.map((r) => r.type)).toEqual(['SRV', 'SRV', 'SRV']);
    await expect(resolveOrThrow(resolverFor(address()), 'kms1.example.test')).rejects.toMatchObject({ nodeCode: 'ENODATA' });
  });

  it('the errors of expectAnswers name the question and the server that answered', async () => {
    const nodata = await resolverFor(address()).query('kms1.example.test', 'SRV');
    expect(() => expectAnswers(nodata)).toThrow(expect.objectContaining({ nodeCode: 'ENODATA', server: address(), rcode: null }));
    const nxdomain = await resolverFor(address()).query('missing.example.test', 'srv');
    expect(() => expectAnswers(nxdomain)).toThrow(expect.objectContaining({ nodeCode: 'ENOTFOUND', server: address(), rcode: 'NXDOMAIN' }));
  });
});

describe('Resolver across two servers', () => {
  const two = async (plans: FaultPlan[], body: (servers: RunningResponder[]) => Promise<void>) => {
    const servers = await Promise.all(plans.map((faults) => startResponder({ zones: exampleZone(), faults })));
    try {
      await body(servers);
    } finally {
      await Promise.all(servers.map((r) => r.stop()));
    }
  };

  it('a server that resets the connection is not asked again: the next one is, even with attempts left', async () => {
    await two([() => ({ kind: 'reset' }), () => undefined], async ([first, second]) => {
      const result = await resolverFor([first!, second!].map((r) => ({ host: r.host, port: r.port })), { tcp: true, attempts: 2 }).query(SRV);
      expect(first!.queries).toHaveLength(1);
      expect(result.server.port).toBe(second!.port);
    });
  });

  it('when nobody answers, the error names the last server asked', async () => {
    await two([() => ({ kind: 'drop' }), () => ({ kind: 'drop' })], async ([first, second]) => {
      const error = await resolverFor([first!, second!].map((r) => ({ host: r.host, port: r.port })), { timeoutMs: 100 }).query(SRV).catch((e: unknown) => e);
      expect(error).toMatchObject({ nodeCode: 'ETIMEOUT', server: { port: second!.port } });
    });
  });

  it('an abort while the first server is silent ends the query there: the error names that server, the second is never asked', async () => {
    await two([() => ({ kind: 'drop' }), () => undefined], async ([first, second]) => {
      const controller = new AbortController();
      const pending = resolverFor([first!, second!].map((r) => ({ host: r.host, port: r.port })), { timeoutMs: 30_000, attempts: 2 }).query(SRV, 'SRV', { signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toMatchObject({ nodeCode: 'ECANCELLED', server: { port: first!.port } });
      expect(second!.queries).toHaveLength(0);
    });
  });
});
