// Sending one DNS message and waiting for the matching reply, over UDP or TCP. Every path closes its
// socket, clears its timer and drops its abort listener exactly once (`finish`).
import dgram from 'node:dgram';
import net from 'node:net';
import { DnsError } from './errors.js';
import type { ServerAddress } from './types.js';

export type Transport = 'udp' | 'tcp';

export interface ExchangeOptions {
  timeoutMs: number;
  transport: Transport;
  signal?: AbortSignal;
}

/** What an acceptor says about one received message: take it, or ignore it with a reason. */
export type Acceptance<T> = { ok: true; value: T } | { ok: false; reason: string; idMatched: boolean };
export type Acceptor<T> = (message: Buffer) => Acceptance<T>;

/** Failures of one exchange, before the resolver turns them into a DnsError with the question. */
export class ExchangeFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'badresp' | 'unreachable' | 'aborted',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ExchangeFailure';
  }
}

/** Addresses as the socket reports them: IPv4-mapped IPv6 and scope IDs aside, compare literally. */
export function sameHost(reported: string, expected: string): boolean {
  if (reported === expected) return true;
  const strip = (h: string) => h.replace(/%.*$/, '').replace(/^::ffff:/i, '').toLowerCase();
  return strip(reported) === strip(expected);
}

/**
 * Send `query` to `server` and resolve with the first reply `accept` takes. UDP replies from any other
 * address or port, or that `accept` rejects, are ignored and the wait goes on (RFC 5452 §9.1); when
 * the time runs out the failure is `badresp` if a reply with our ID was rejected, else `timeout`.
 */
export function exchange<T>(query: Buffer, server: ServerAddress, options: ExchangeOptions, accept: Acceptor<T>): Promise<T> {
  if (options.signal?.aborted) return Promise.reject(new ExchangeFailure('aborted', 'aborted before sending'));
  return options.transport === 'udp' ? exchangeUdp(query, server, options, accept) : exchangeTcp(query, server, options, accept);
}

type UdpFamily = 'udp4' | 'udp6';
const SPARE_IDLE_MS = 1000;
const spares: Partial<Record<UdpFamily, { socket: dgram.Socket; timer: NodeJS.Timeout }>> = {};

/**
 * A fresh socket for every query, so every query has its own random source port (SPEC §4). Creating
 * and binding one costs about as much as a loopback round trip, so the next socket is made while the
 * current query waits for its answer; an unused spare closes itself after a second.
 */
function takeUdpSocket(family: UdpFamily): dgram.Socket {
  const spare = spares[family];
  let socket: dgram.Socket;
  if (spare) {
    delete spares[family];
    clearTimeout(spare.timer);
    socket = spare.socket;
    socket.removeAllListeners('error');
    socket.ref();
  } else {
    socket = dgram.createSocket(family);
  }
  setImmediate(() => prepareSpare(family));
  return socket;
}

function prepareSpare(family: UdpFamily): void {
  if (spares[family]) return;
  const socket = dgram.createSocket(family);
  socket.on('error', () => {
    if (spares[family]?.socket === socket) delete spares[family];
    socket.close();
  });
  // Port 0: the operating system picks a random ephemeral port.
  socket.bind(0);
  socket.unref();
  const timer = setTimeout(() => {
    if (spares[family]?.socket !== socket) return;
    delete spares[family];
    socket.close();
  }, SPARE_IDLE_MS);
  timer.unref();
  spares[family] = { socket, timer };
}

/** Close the prepared spare sockets now (tests that count handles; otherwise they close themselves). */
export function closeSpareSockets(): void {
  for (const family of ['udp4', 'udp6'] as const) {
    const spare = spares[family];
    if (!spare) continue;
    delete spares[family];
    clearTimeout(spare.timer);
    spare.socket.close();
  }
}

function exchangeUdp<T>(query: Buffer, server: ServerAddress, options: ExchangeOptions, accept: Acceptor<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const socket = takeUdpSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    let done = false;
    let rejected: string | undefined;
    const finish = (failure: ExchangeFailure | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (failure) reject(failure);
      else resolve(value as T);
    };
    const onAbort = () => finish(new ExchangeFailure('aborted', 'aborted'));
    const timer = setTimeout(
      () => finish(rejected === undefined ? new ExchangeFailure('timeout', `no reply within ${options.timeoutMs} ms`) : new ExchangeFailure('badresp', rejected)),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('message', (message, remote) => {
      if (done || remote.port !== server.port || !sameHost(remote.address, server.host)) return;
      const verdict = accept(message);
      if (verdict.ok) finish(undefined, verdict.value);
      else if (verdict.idMatched) rejected = verdict.reason;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(new ExchangeFailure('unreachable', error.code ?? error.message)));
    socket.send(query, server.port, server.host, (error) => {
      if (error) finish(new ExchangeFailure('unreachable', (error as NodeJS.ErrnoException).code ?? error.message));
    });
  });
}

function exchangeTcp<T>(query: Buffer, server: ServerAddress, options: ExchangeOptions, accept: Acceptor<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port, noDelay: true });
    let done = false;
    let rejected: string | undefined;
    let pending: Buffer = Buffer.alloc(0);
    const finish = (failure: ExchangeFailure | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (failure) reject(failure);
      else resolve(value as T);
    };
    const onAbort = () => finish(new ExchangeFailure('aborted', 'aborted'));
    const timer = setTimeout(
      () => finish(rejected === undefined ? new ExchangeFailure('timeout', `no reply over TCP within ${options.timeoutMs} ms`) : new ExchangeFailure('badresp', rejected)),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      // RFC 1035 §4.2.2: each message is prefixed by its length as two bytes.
      const framed = Buffer.allocUnsafe(query.length + 2);
      framed.writeUInt16BE(query.length, 0);
      query.copy(framed, 2);
      socket.write(framed);
    });
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // Replies may arrive in pieces or several to a segment.
      while (!done && pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < length + 2) break;
        const message = pending.subarray(2, length + 2);
        pending = pending.subarray(length + 2);
        const verdict = accept(message);
        if (verdict.ok) finish(undefined, verdict.value);
        else rejected = verdict.reason;
      }
    });
    socket.on('end', () =>
      finish(
        rejected === undefined
          ? new ExchangeFailure('unreachable', 'server closed the TCP connection without answering')
          : new ExchangeFailure('badresp', rejected),
      ),
    );
    socket.on('close', () => finish(new ExchangeFailure('unreachable', 'TCP connection closed')));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(new ExchangeFailure('unreachable', error.code ?? error.message)));
  });
}

/** Accept any reply with the query's ID and QR set: for callers that check the rest themselves (UPDATE, TSIG). */
function matchingId(query: Buffer): Acceptor<Buffer> {
  const id = query.readUInt16BE(0);
  return (message) =>
    message.length >= 12 && message.readUInt16BE(0) === id && (message[2] as number) & 0x80
      ? { ok: true, value: message }
      : { ok: false, reason: 'ID does not match or QR not set', idMatched: message.length >= 2 && message.readUInt16BE(0) === id };
}

/**
 * One raw exchange: send any DNS message (a query, an UPDATE …) and return the first reply with the
 * same ID and QR set, from the same address and port. Throws DnsError (ETIMEOUT, EBADRESP,
 * ECONNREFUSED, ECANCELLED) naming the server.
 */
export async function exchangeRaw(query: Buffer, server: ServerAddress, options: ExchangeOptions): Promise<Buffer> {
  if (query.length < 12) throw new RangeError('a DNS message is at least 12 bytes');
  try {
    return await exchange(query, server, options, matchingId(query));
  } catch (error) {
    throw toDnsError(error, server, '(raw message)', options.transport.toUpperCase());
  }
}

/** An ExchangeFailure as the DnsError users see. */
export function toDnsError(error: unknown, server: ServerAddress, name: string, type: string): unknown {
  if (!(error instanceof ExchangeFailure)) return error;
  const failure =
    error.kind === 'timeout' || error.kind === 'aborted' ? { kind: error.kind } : { kind: error.kind, reason: error.reason };
  return new DnsError(failure as ConstructorParameters<typeof DnsError>[0], { name, type, server, cause: error });
}
