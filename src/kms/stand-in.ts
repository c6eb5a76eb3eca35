// A lab stand-in for a KMS host: a TCP listener on loopback that answers the DCE/RPC bind for the
// KMS interface. It is NOT a KMS: it activates nothing and answers no activation request. It exists
// so the demo and the tests can show probing and failover without a Windows host.
import net from 'node:net';
import { decodeBind, decodeHeader, encodeBindAck, encodeBindNak, KMS_INTERFACE } from './rpc-bind.js';

/** Where the stand-in listens, and whether it accepts a bind or refuses it. */
export interface KmsStandInOptions {
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** true: bind_ack accepting the KMS interface; false: bind_nak (a TCP service that is not a KMS). */
  answerBind: boolean;
}

/** A started stand-in: its address and port, how many binds it answered, and `close`. */
export interface KmsStandIn {
  host: string;
  port: number;
  /** Binds seen so far. */
  binds(): number;
  close(): Promise<void>;
}

/** Starts a stand-in KMS host on loopback that accepts TCP connections and answers a DCE/RPC bind to the KMS interface (it activates nothing); for testing discovery and probes. */
export async function startKmsStandIn(options: KmsStandInOptions): Promise<KmsStandIn> {
  const host = options.host ?? '127.0.0.1';
  let binds = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const header = decodeHeader(received);
      if (!header) {
        if (received.length >= 16) socket.destroy();
        return;
      }
      if (received.length < header.fragLength) return;
      const bind = decodeBind(received);
      received = Buffer.alloc(0);
      if (!bind) {
        socket.destroy();
        return;
      }
      binds++;
      const offersKms = bind.contexts.some((c) => c.abstract.uuid === KMS_INTERFACE.uuid && c.abstract.major === KMS_INTERFACE.major);
      socket.write(options.answerBind ? encodeBindAck(bind.header.callId, offersKms, String(address().port)) : encodeBindNak(bind.header.callId));
    });
  });
  const address = () => server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  return {
    host,
    port: address().port,
    binds: () => binds,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
