// UdpPool.submit: replies routed by ID and source, one deadline timer for all, and `maxPerServer`
// holding queries back (in order) until an outstanding one ends, so a server's socket is not overrun.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpPool, type PooledQuery } from '../../src/dns/pool.js';
import { ExchangeFailure } from '../../src/dns/transport.js';

/** A UDP server that keeps every datagram it gets and answers only when told (echoing it with QR set). */
async function startHoldingServer() {
  const socket = dgram.createSocket('udp4');
  const received: Array<{ id: number; port: number }> = [];
  socket.on('message', (message, remote) => received.push({ id: message.readUInt16BE(0), port: remote.port }));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const answer = (id: number) => {
    const from = received.find((r) => r.id === id);
    if (!from) throw new Error(`no query with ID ${id} arrived`);
    socket.send(Buffer.from([id >> 8, id & 0xff, 0x80, 0]), from.port, '127.0.0.1');
  };
  return { port: socket.address().port, received, answer, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

function query(id: number, port: number, outcomes: Map<number, string>): PooledQuery {
  return {
    id,
    server: { host: '127.0.0.1', port },
    accept: (message) => (message[2]! & 0x80) !== 0,
    end: (failure?: ExchangeFailure) => outcomes.set(id, failure ? failure.kind : 'answered'),
  };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('UdpPool', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  it('maxPerServer 2: five queries reach the server two at a time, in order, each as one ends', async () => {
    const server = await startHoldingServer();
    const pool = new UdpPool({ maxPerServer: 2, sockets: 1 });
    cleanup.push(() => pool.close(), server.close);
    const outcomes = new Map<number, string>();
    for (let id = 1; id <= 5; id++) pool.submit(query(id, server.port, outcomes), Buffer.from([0, id, 1, 0]), 5000);
    await until(() => server.received.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.received.map((r) => r.id)).toEqual([1, 2]);
    expect(pool.inFlight).toBe(5);
    server.answer(2);
    await until(() => server.received.length >= 3);
    expect(server.received.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(outcomes.get(2)).toBe('answered');
    await pool.close();
    // Sent or still held, every query ends once, as aborted.
    expect([...outcomes.entries()].sort()).toEqual([
      [1, 'aborted'],
      [2, 'answered'],
      [3, 'aborted'],
      [4, 'aborted'],
      [5, 'aborted'],
    ]);
  });

  it('a held query is sent when an outstanding one times out, and times out on its own clock', async () => {
    const server = await startHoldingServer();
    const pool = new UdpPool({ maxPerServer: 1 });
    cleanup.push(() => pool.close(), server.close);
    const outcomes = new Map<number, string>();
    pool.submit(query(7, server.port, outcomes), Buffer.from([0, 7, 1, 0]), 40);
    pool.submit(query(8, server.port, outcomes), Buffer.from([0, 8, 1, 0]), 40);
    await until(() => outcomes.size === 2);
    expect(server.received.map((r) => r.id)).toEqual([7, 8]);
    expect([...outcomes.values()]).toEqual(['timeout', 'timeout']);
    // Nothing left: no timer may keep the process alive.
    expect(pool.inFlight).toBe(0);
  });

  it('cancel ends a held query without sending it', async () => {
    const server = await startHoldingServer();
    const pool = new UdpPool({ maxPerServer: 1 });
    cleanup.push(() => pool.close(), server.close);
    const outcomes = new Map<number, string>();
    pool.submit(query(1, server.port, outcomes), Buffer.from([0, 1, 1, 0]), 5000);
    const held = pool.submit(query(2, server.port, outcomes), Buffer.from([0, 2, 1, 0]), 5000);
    pool.submit(query(3, server.port, outcomes), Buffer.from([0, 3, 1, 0]), 5000);
    pool.cancel(held, new ExchangeFailure('aborted', 'cancelled'));
    await until(() => server.received.length >= 1);
    server.answer(1);
    await until(() => server.received.length >= 2);
    expect(server.received.map((r) => r.id)).toEqual([1, 3]);
    expect(outcomes.get(2)).toBe('aborted');
  });
});
