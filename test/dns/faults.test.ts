// Every fault of the responder's switchboard (issue #2 item 7) against the resolver, with its outcome.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsError } from '../../src/dns/errors.js';
import { startResponder, type Fault, type FaultPlan, type RunningResponder } from '../../src/dns/responder.js';
import { expectAnswers } from '../../src/dns/resolver.js';
import type { QueryResult } from '../../src/dns/types.js';
import { exampleZone, resolverFor } from './lab.js';

const SRV = '_vlmcs._tcp.example.test';
const TIMEOUT = 250;

/** The fault for the first `times` queries, then normal answers. */
function firstQueries(fault: Fault, times = 1): FaultPlan {
  return (_query, _transport, n) => (n <= times ? fault : undefined);
}
const always = (fault: Fault): FaultPlan => () => fault;

async function withResponders<T>(plans: Array<FaultPlan | undefined>, body: (responders: RunningResponder[]) => Promise<T>): Promise<T> {
  const zone = exampleZone();
  const responders = await Promise.all(plans.map((faults) => startResponder({ zones: zone, faults })));
  try {
    return await body(responders);
  } finally {
    await Promise.all(responders.map((r) => r.stop()));
  }
}

async function ask(plans: Array<FaultPlan | undefined>, options: { attempts?: number; tcp?: boolean } = {}) {
  return withResponders(plans, async (responders) => {
    const resolver = resolverFor(responders.map((r) => ({ host: r.host, port: r.port })), { timeoutMs: TIMEOUT, ...options });
    let result: QueryResult | undefined;
    let error: unknown;
    try {
      result = await resolver.query(SRV, 'SRV');
    } catch (e) {
      error = e;
    }
    return { result, error, responders, queries: responders.map((r) => [...r.queries]) };
  });
}

function srvCount(result: QueryResult | undefined): number {
  return result ? expectAnswers(result, 'SRV').length : 0;
}

describe('fault switchboard → resolver outcome', () => {
  it('drop once: the second attempt gets the answer', async () => {
    const { result, queries } = await ask([firstQueries({ kind: 'drop' })], { attempts: 2 });
    expect(srvCount(result)).toBe(3);
    expect(queries[0]).toHaveLength(2);
  });

  it('drop always: every attempt tried, then ETIMEOUT', async () => {
    const { error, queries } = await ask([always({ kind: 'drop' })], { attempts: 3 });
    expect(error).toBeInstanceOf(DnsError);
    expect(error).toMatchObject({ nodeCode: 'ETIMEOUT', code: 'DNS_TIMEOUT', exitCode: 3 });
    expect(queries[0]).toHaveLength(3);
  });

  it('drop always on the first server: the next server answers', async () => {
    const { result, responders } = await ask([always({ kind: 'drop' }), undefined], { attempts: 2 });
    expect(srvCount(result)).toBe(3);
    expect(result?.server.port).toBe(responders[1]?.port);
  });

  it('delay past the timeout: ETIMEOUT, the late answer is not taken', async () => {
    const { error } = await ask([always({ kind: 'delay', ms: TIMEOUT * 3 })]);
    expect(error).toMatchObject({ nodeCode: 'ETIMEOUT' });
  });

  it('delay past the timeout once: the retry is answered', async () => {
    const { result, queries } = await ask([firstQueries({ kind: 'delay', ms: TIMEOUT * 3 })], { attempts: 2 });
    expect(srvCount(result)).toBe(3);
    expect(queries[0]).toHaveLength(2);
  });

  it('truncate: the resolver retries over TCP and gets the answer', async () => {
    const { result, queries } = await ask([always({ kind: 'truncate' })]);
    expect(result).toMatchObject({ tcp: true, truncatedOverUdp: true, rcode: 'NOERROR' });
    expect(srvCount(result)).toBe(3);
    expect(queries[0]?.map((q) => q.transport)).toEqual(['udp', 'tcp']);
  });

  it('truncate, then a TCP reset: error on that server, the next server answers', async () => {
    const plan: FaultPlan = (_q, transport) => (transport === 'udp' ? { kind: 'truncate' } : { kind: 'reset' });
    const { result, responders } = await ask([plan, undefined]);
    expect(srvCount(result)).toBe(3);
    expect(result?.server.port).toBe(responders[1]?.port);
  });

  it.each<[string, Fault]>([
    ['wrong ID', { kind: 'wrong-id', thenAnswer: true }],
    ['wrong question', { kind: 'wrong-question', thenAnswer: true }],
    ['answer from another port', { kind: 'other-port', thenAnswer: true }],
  ])('%s, then the right answer: the bad one is ignored, the right one taken', async (_label, fault) => {
    const { result, queries } = await ask([always(fault)]);
    expect(srvCount(result)).toBe(3);
    expect(queries[0]).toHaveLength(1);
  });

  it.each<[string, Fault, string]>([
    ['wrong ID only', { kind: 'wrong-id' }, 'ETIMEOUT'],
    ['answer from another port only', { kind: 'other-port' }, 'ETIMEOUT'],
    // Our ID, wrong question: a reply came but was unusable.
    ['wrong question only', { kind: 'wrong-question' }, 'EBADRESP'],
    ['garbage bytes', { kind: 'garbage' }, 'EBADRESP'],
    ['garbage without our ID', { kind: 'garbage', bytes: Buffer.from('not dns at all') }, 'ETIMEOUT'],
    ['compression-pointer loop', { kind: 'pointer-loop' }, 'EBADRESP'],
  ])('%s: ignored until the timeout, then %s', async (_label, fault, nodeCode) => {
    const { error } = await ask([always(fault)]);
    expect(error).toBeInstanceOf(DnsError);
    expect(error).toMatchObject({ nodeCode, exitCode: 3 });
  });

  it('compression-pointer loop: the reason names the bad pointer', async () => {
    const { error } = await ask([always({ kind: 'pointer-loop' })]);
    expect((error as DnsError).message).toMatch(/bad pointer/);
  });

  it.each<['SERVFAIL' | 'REFUSED', string, number]>([
    ['SERVFAIL', 'ESERVFAIL', 9002],
    ['REFUSED', 'EREFUSED', 9002],
  ])('%s from the only server: returned, and expectAnswers maps it to %s / Win32 %i', async (rcode, nodeCode, win32) => {
    const { result } = await ask([always({ kind: 'rcode', rcode })]);
    expect(result?.rcode).toBe(rcode);
    expect(() => expectAnswers(result as QueryResult)).toThrow(expect.objectContaining({ nodeCode, win32, exitCode: 1 }));
  });

  it.each(['SERVFAIL', 'REFUSED'] as const)('%s from the first server: the next server answers', async (rcode) => {
    const { result, responders } = await ask([always({ kind: 'rcode', rcode }), undefined]);
    expect(result?.rcode).toBe('NOERROR');
    expect(result?.server.port).toBe(responders[1]?.port);
  });

  it('SERVFAIL from every server: the last one is returned', async () => {
    const { result, responders } = await ask([always({ kind: 'rcode', rcode: 'REFUSED' }), always({ kind: 'rcode', rcode: 'SERVFAIL' })]);
    expect(result).toMatchObject({ rcode: 'SERVFAIL', server: { port: responders[1]?.port } });
  });

  it('NXDOMAIN: returned, mapped to ENOTFOUND / Win32 9003 (0x8007232B)', async () => {
    const { result } = await ask([always({ kind: 'rcode', rcode: 'NXDOMAIN' })]);
    expect(result?.rcode).toBe('NXDOMAIN');
    expect(() => expectAnswers(result as QueryResult)).toThrow(/Win32 9003 .*0x8007232B/);
  });

  it('FORMERR: asked again without EDNS, then EFORMERR', async () => {
    const { result, queries } = await ask([always({ kind: 'rcode', rcode: 'FORMERR' })]);
    expect(result?.rcode).toBe('FORMERR');
    expect(queries[0]?.map((q) => q.edns)).toEqual([true, false]);
    expect(() => expectAnswers(result as QueryResult)).toThrow(expect.objectContaining({ nodeCode: 'EFORMERR', event: 'servfail', win32: 9002 }));
  });

  it('FORMERR to EDNS only: the plain query is answered', async () => {
    const plan: FaultPlan = (q) => (q.edns ? { kind: 'rcode', rcode: 'FORMERR' } : undefined);
    const { result } = await ask([plan]);
    expect(srvCount(result)).toBe(3);
  });

  it('TCP reset with --tcp: error on that server, then the next server', async () => {
    const { result, responders } = await ask([always({ kind: 'reset' }), undefined], { tcp: true });
    expect(result).toMatchObject({ tcp: true, server: { port: responders[1]?.port } });
    expect(srvCount(result)).toBe(3);
  });

  it('TCP reset on the only server: ECONNREFUSED-class error, exit code 3', async () => {
    const { error } = await ask([always({ kind: 'reset' })], { tcp: true });
    expect(error).toMatchObject({ code: 'DNS_UNREACHABLE', exitCode: 3 });
  });
});

describe('AbortSignal', () => {
  let responder: RunningResponder;
  beforeAll(async () => {
    responder = await startResponder({ zones: exampleZone(), faults: always({ kind: 'drop' }) });
  });
  afterAll(() => responder.stop());

  it.each([
    ['aborted while waiting', 'udp'],
    ['aborted while waiting over TCP', 'tcp'],
  ])('%s: ECANCELLED long before the timeout', async (_label, transport) => {
    const resolver = resolverFor({ host: responder.host, port: responder.port }, { timeoutMs: 30_000, tcp: transport === 'tcp' });
    const controller = new AbortController();
    const pending = resolver.query(SRV, 'SRV', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ nodeCode: 'ECANCELLED', code: 'DNS_ABORTED' });
  });

  it('already aborted: nothing is sent', async () => {
    const before = responder.queries.length;
    const resolver = resolverFor({ host: responder.host, port: responder.port });
    await expect(resolver.query(SRV, 'SRV', { signal: AbortSignal.abort() })).rejects.toMatchObject({ nodeCode: 'ECANCELLED' });
    expect(responder.queries.length).toBe(before);
  });
});

const hasIpv6Loopback = Object.values(os.networkInterfaces()).some((list) => list?.some((i) => i.family === 'IPv6' && i.address === '::1'));

describe.skipIf(!hasIpv6Loopback)('IPv6 server on ::1', () => {
  it.each([false, true])('answers (tcp=%s)', async (tcp) => {
    const responder = await startResponder({ zones: exampleZone(), host: '::1' });
    try {
      const result = await resolverFor({ host: '::1', port: responder.port }, { tcp }).query(SRV, 'SRV');
      expect(result.server.host).toBe('::1');
      expect(srvCount(result)).toBe(3);
      expect(responder.address).toBe(`[::1]:${responder.port}`);
    } finally {
      await responder.stop();
    }
  });
});
