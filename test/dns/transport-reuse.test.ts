// UDP socket reuse (transport.ts): a socket serves a bounded number of queries, one at a time, each
// with its own ID; after a failed exchange its port is never used again; idle sockets hold nothing open.
import dgram from 'node:dgram';
import dnsPacket from '../../src/dns/packet.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Resolver } from '../../src/dns/resolver.js';
import { closeSpareSockets, UDP_QUERIES_PER_SOCKET } from '../../src/dns/transport.js';

/** A UDP server that logs each query's source port and ID and answers it, except those `drop` names. */
async function startEcho(drop: (n: number) => boolean) {
  const socket = dgram.createSocket('udp4');
  const seen: Array<{ port: number; id: number }> = [];
  socket.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    seen.push({ port: remote.port, id: query.id ?? 0 });
    if (drop(seen.length)) return;
    const question = query.questions?.[0] as dnsPacket.Question;
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED,
      questions: [question],
      answers: [{ name: question.name, type: 'SRV', ttl: 60, data: { priority: 0, weight: 0, port: 1688, target: 'kms1.reuse.test' } }],
    });
    socket.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, seen, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

/** Source ports in order of first use, with how many queries each carried. */
function portUse(seen: Array<{ port: number }>): number[] {
  const counts = new Map<number, number>();
  for (const { port } of seen) counts.set(port, (counts.get(port) ?? 0) + 1);
  return [...counts.values()];
}

describe('UDP socket reuse', () => {
  let echo: Awaited<ReturnType<typeof startEcho>>;
  let dropped: Set<number>;
  beforeAll(async () => {
    dropped = new Set();
    echo = await startEcho((n) => dropped.has(n));
  });
  afterAll(async () => {
    closeSpareSockets();
    await echo.close();
  });

  // The echo server always answers (unless told to drop): a long timeout costs nothing, and on a loaded
  // machine a short one would time out answered queries and change which sockets are reused.
  const resolver = (timeoutMs = 5000) => new Resolver({ servers: [{ host: '127.0.0.1', port: echo.port }], timeoutMs, attempts: 2 });

  it.each([
    { queries: UDP_QUERIES_PER_SOCKET, sockets: 1 },
    { queries: 2 * UDP_QUERIES_PER_SOCKET + 1, sockets: 3 },
  ])('$queries sequential queries use $sockets socket(s), none for more than the quota', async ({ queries, sockets }) => {
    closeSpareSockets();
    echo.seen.length = 0;
    const r = resolver();
    for (let i = 0; i < queries; i++) expect((await r.query('_vlmcs._tcp.reuse.test')).answers).toHaveLength(1);
    const use = portUse(echo.seen);
    expect(use).toHaveLength(sockets);
    expect(Math.max(...use)).toBeLessThanOrEqual(UDP_QUERIES_PER_SOCKET);
    // A fresh random ID per query, even on one socket: 32+ draws from 65,536 all equal would be a bug.
    expect(new Set(echo.seen.map((q) => q.id)).size).toBeGreaterThan(1);
  });

  it('a query that timed out leaves its socket: the retry and later queries come from another port', async () => {
    closeSpareSockets();
    echo.seen.length = 0;
    // Here one attempt must time out: 1 s, still far beyond any answered query's delay.
    const r = resolver(1000);
    await r.query('_vlmcs._tcp.reuse.test');
    dropped.add(echo.seen.length + 1); // the next query's first attempt goes unanswered
    await r.query('_vlmcs._tcp.reuse.test');
    await r.query('_vlmcs._tcp.reuse.test');
    dropped.clear(); // later tests count from 1 again
    const ports = echo.seen.map((q) => q.port);
    expect(ports).toHaveLength(4);
    // Query 1 and the dropped attempt share a socket; the retry opens a new one, which then carries on.
    expect(ports[1]).toBe(ports[0]);
    expect(ports[2]).not.toBe(ports[1]);
    expect(ports[3]).toBe(ports[2]);
  });

  it('concurrent queries each get a socket of their own', async () => {
    closeSpareSockets();
    echo.seen.length = 0;
    const r = resolver();
    await Promise.all(Array.from({ length: 4 }, () => r.query('_vlmcs._tcp.reuse.test')));
    expect(new Set(echo.seen.map((q) => q.port)).size).toBe(4);
  });

  it('a socket closed at its quota leaves no idle timer behind', async () => {
    closeSpareSockets();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const r = resolver();
      for (let i = 0; i < UDP_QUERIES_PER_SOCKET; i++) await r.query('_vlmcs._tcp.reuse.test');
      // Each query cleared its own timeout; the socket closed after the last one, and with it its sweep.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('idle sockets hold no handle or timer open, and closeSpareSockets closes them', async () => {
    const r = resolver();
    const held = () => process.getActiveResourcesInfo().filter((k) => k === 'UDPWrap' || k === 'Timeout');
    const before = held();
    await r.query('_vlmcs._tcp.reuse.test');
    expect(held()).toEqual(before);
    closeSpareSockets();
    echo.seen.length = 0;
    await r.query('_vlmcs._tcp.reuse.test');
    await r.query('_vlmcs._tcp.reuse.test');
    closeSpareSockets();
    await r.query('_vlmcs._tcp.reuse.test');
    const ports = echo.seen.map((q) => q.port);
    expect(ports[1]).toBe(ports[0]);
    expect(ports[2]).not.toBe(ports[1]);
  });
});

describe('a CNAME target holding a dot inside a label', () => {
  it('is asked for with the dot kept inside its label, and is no usage error', async () => {
    const asked: string[] = [];
    const socket = dgram.createSocket('udp4');
    socket.on('message', (message, remote) => {
      const query = dnsPacket.decode(message);
      const question = query.questions?.[0] as dnsPacket.Question;
      asked.push(question.name);
      const reply = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: dnsPacket.AUTHORITATIVE_ANSWER,
        questions: [question],
        answers: [{ name: question.name, type: 'CNAME', ttl: 60, data: 'abcd.test' }],
      });
      // Rewrite the target's first label in place: "abcd" becomes "abc." (a label holding a dot).
      const at = reply.indexOf(Buffer.from('\x04abcd\x04test\x00', 'latin1'));
      Buffer.from('abc.', 'latin1').copy(reply, at + 1);
      socket.send(reply, remote.port, remote.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    try {
      const r = new Resolver({ servers: [{ host: '127.0.0.1', port: socket.address().port }], timeoutMs: 200, attempts: 1 });
      const error = await r.query('_vlmcs._tcp.reuse.test').then(() => undefined, (e: unknown) => e);
      // Every answer is a CNAME, so the chain never ends; what matters is what was asked.
      expect(error).toMatchObject({ name: 'DnsError' });
      expect(asked[0]).toBe('_vlmcs._tcp.reuse.test');
      expect(asked[1]).toBe('abc\\..test');
    } finally {
      closeSpareSockets();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    }
  });
});
