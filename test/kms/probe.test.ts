// Probes against responders written here: each parses the bind by its C706 offsets (not with the
// codec under test) and answers in its own way.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbe } from '../../src/kms/probe.js';
import { encodeUuid, KMS_INTERFACE } from '../../src/kms/rpc-bind.js';
import { startKmsStandIn, type KmsStandIn } from '../../src/kms/stand-in.js';

type Behaviour = 'ack' | 'ack-split' | 'reject' | 'nak' | 'garbage' | 'close' | 'reset' | 'silent';

/** A bind_ack with a 5-byte secondary address ("1688\0"), so the result list needs 3 bytes of padding. */
function handWrittenAck(callId: number, result: number): Buffer {
  const buf = Buffer.alloc(60);
  buf.set([5, 0, 12, 3, 0x10, 0, 0, 0]);
  buf.writeUInt16LE(buf.length, 8);
  buf.writeUInt32LE(callId, 12);
  buf.writeUInt16LE(5840, 16);
  buf.writeUInt16LE(5840, 18);
  buf.writeUInt16LE(5, 24);
  buf.write('1688\0', 26, 'ascii');
  buf.writeUInt8(1, 32); // 26 + 5 = 31, padded to 32
  buf.writeUInt16LE(result, 36);
  return buf;
}

interface Responder {
  port: number;
  binds: Buffer[];
  close(): Promise<void>;
}

async function startResponder(behaviour: Behaviour): Promise<Responder> {
  const binds: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let got = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length < 16 || got.length < got.readUInt16LE(8)) return;
      binds.push(got);
      const callId = got.readUInt32LE(12);
      if (behaviour === 'ack') socket.write(handWrittenAck(callId, 0));
      if (behaviour === 'ack-split') {
        const ack = handWrittenAck(callId, 0);
        socket.write(ack.subarray(0, 20));
        setTimeout(() => socket.write(ack.subarray(20)), 20);
      }
      if (behaviour === 'reject') socket.write(handWrittenAck(callId, 2));
      if (behaviour === 'nak') socket.write(Buffer.from([5, 0, 13, 3, 0x10, 0, 0, 0, 20, 0, 0, 0, callId, 0, 0, 0, 4, 0, 0, 0]));
      if (behaviour === 'garbage') socket.write('SSH-2.0-OpenSSH_9.6\r\n');
      if (behaviour === 'close') socket.end();
      if (behaviour === 'reset') socket.resetAndDestroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    binds,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const rpc = createProbe('rpc', { timeoutMs: 400 })!;
const tcp = createProbe('tcp', { timeoutMs: 400 })!;

describe('rpc probe', () => {
  it.each([
    { behaviour: 'ack' as const, ok: true, error: null },
    { behaviour: 'ack-split' as const, ok: true, error: null },
    { behaviour: 'reject' as const, ok: false, error: 'bind_ack rejected the KMS interface (result 2, reason 0)' },
    { behaviour: 'nak' as const, ok: false, error: 'bind_nak (reason 4): not a KMS host' },
    { behaviour: 'garbage' as const, ok: false, error: 'not a DCE/RPC v5 reply (first byte 0x53): not a KMS host' },
    { behaviour: 'close' as const, ok: false, error: 'connection closed before a bind reply' },
    // A TCP RST is worded as the reset it is, never as a missing route.
    { behaviour: 'reset' as const, ok: false, error: 'connection reset by the peer (ECONNRESET)' },
    { behaviour: 'silent' as const, ok: false, error: 'no bind reply within 400 ms' },
  ])('a responder that answers "$behaviour" → ok=$ok', async ({ behaviour, ok, error }) => {
    const responder = await startResponder(behaviour);
    try {
      const result = await rpc({ target: 'kms.test', port: responder.port, address: '127.0.0.1' });
      expect(result).toEqual({ ok, error });
      const bind = responder.binds[0]!;
      expect([bind.readUInt8(0), bind.readUInt8(2), bind.readUInt16LE(8)]).toEqual([5, 11, bind.length]);
      expect(bind.subarray(32, 48).equals(encodeUuid(KMS_INTERFACE.uuid))).toBe(true);
    } finally {
      await responder.close();
    }
  });

  it('uses a new call id for each probe', async () => {
    const responder = await startResponder('ack');
    try {
      const probe = createProbe('rpc', { timeoutMs: 400 })!;
      for (let i = 0; i < 2; i++) await probe({ target: 'kms.test', port: responder.port, address: '127.0.0.1' });
      expect(responder.binds.map((b) => b.readUInt32LE(12))).toEqual([1, 2]);
    } finally {
      await responder.close();
    }
  });
});

describe('tcp probe', () => {
  it('succeeds when the port accepts, without sending anything', async () => {
    const responder = await startResponder('silent');
    try {
      expect(await tcp({ target: 'kms.test', port: responder.port, address: '127.0.0.1' })).toEqual({ ok: true, error: null });
      expect(responder.binds).toEqual([]);
    } finally {
      await responder.close();
    }
  });

  it.each([{ probe: tcp }, { probe: rpc }])('a closed port is refused', async ({ probe }) => {
    const port = await closedPort();
    expect(await probe({ target: 'kms.test', port, address: '127.0.0.1' })).toEqual({ ok: false, error: 'connection refused (ECONNREFUSED)' });
  });

  it('none is no probe at all', () => {
    expect(createProbe('none', { timeoutMs: 1 })).toBeUndefined();
  });
});

describe('KMS stand-in', () => {
  let good: KmsStandIn;
  let notKms: KmsStandIn;
  beforeAll(async () => {
    good = await startKmsStandIn({ answerBind: true });
    notKms = await startKmsStandIn({ answerBind: false });
  });
  afterAll(async () => {
    await good.close();
    await notKms.close();
  });

  it.each([
    { which: 'answering', get: () => good, ok: true },
    { which: 'not answering', get: () => notKms, ok: false },
  ])('the $which stand-in is seen by the rpc probe as ok=$ok', async ({ get, ok }) => {
    const standIn = get();
    const result = await rpc({ target: 'stand-in', port: standIn.port, address: standIn.host });
    expect(result.ok).toBe(ok);
    expect(standIn.binds()).toBe(1);
  });
});
