// Sending one DNS message and waiting for the matching reply, over UDP or TCP. Every path clears its
// timer, drops its abort listener and gives up its socket exactly once (`finish`): a TCP socket is
// destroyed, a UDP socket closed after a failure or kept for the next query after a clean exchange.
import dgram from 'node:dgram';
import net from 'node:net';
import { DnsError } from './errors.js';
import { frameTcp, TcpMessageReader } from './tcp-framing.js';
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

  /** A socket error (ICMP unreachable, refused, reset): its errno code is the reason. */
  static unreachable(error: NodeJS.ErrnoException): ExchangeFailure {
    return new ExchangeFailure('unreachable', error.code ?? error.message);
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

/**
 * Queries one UDP socket serves before it is closed and a new one (a new random port) is opened.
 * Opening, binding and closing a socket for every query cost more CPU than the whole loopback
 * exchange, so, as c-ares does with `udp_max_queries`, a socket is reused for a bounded number of
 * queries. The trade-off: an off-path attacker who learns the port has at most this many queries to
 * guess a 16-bit ID instead of one (RFC 5452 §9.2 asks for port randomisation, not a port per query).
 * Every query still draws its own random ID and the matching rules do not change.
 */
export const UDP_QUERIES_PER_SOCKET = 32;
/** An idle socket closes itself after about this long (between one and two times it). */
const UDP_IDLE_CLOSE_MS = 1000;
/** Idle sockets kept per server for the next queries; more concurrent ones close when done. */
const MAX_IDLE_SOCKETS = 8;

type MessageHandler = (message: Buffer, remote: dgram.RemoteInfo) => void;
type ErrorHandler = (error: NodeJS.ErrnoException) => void;

/** One UDP socket, connected to one server, and the single exchange it serves (never two at once). */
interface UdpSlot {
  socket: dgram.Socket;
  /** The server's key in `idleByServer`, and its list of idle sockets there. */
  key: string;
  idle: UdpSlot[];
  uses: number;
  /** Set until `connect` completes; the first send waits for it. */
  connecting: Promise<void> | undefined;
  /** `performance.now()` when it was last released; NaN while in use. */
  idleSince: number;
  onMessage: MessageHandler | undefined;
  onError: ErrorHandler | undefined;
  /** Closes the socket once it has been idle long enough; cleared when it closes for any other reason. */
  sweep: NodeJS.Timeout | undefined;
  closed: boolean;
}

/** Idle sockets by server ("host port"). */
const idleByServer = new Map<string, UdpSlot[]>();

/**
 * A socket connected to `server`: the kernel then delivers only that server's datagrams (the address
 * check in `exchangeUdp` stays as a second guard), a send skips the address lookup, and an ICMP "port
 * unreachable" fails the query at once instead of at its timeout.
 */
function openSlot(server: ServerAddress, key: string, idle: UdpSlot[]): UdpSlot {
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  const slot: UdpSlot = { socket, key, idle, uses: 0, connecting: undefined, idleSince: Number.NaN, onMessage: undefined, onError: undefined, sweep: undefined, closed: false };
  socket.on('message', (message, remote) => slot.onMessage?.(message, remote));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    const handler = slot.onError;
    closeSlot(slot);
    handler?.(error);
  });
  // Bound implicitly to port 0: the operating system picks a random ephemeral port.
  // Without a callback, a failed connect arrives as an 'error' event, which fails the query.
  slot.connecting = new Promise<void>((resolve) =>
    socket.once('connect', () => {
      slot.connecting = undefined;
      resolve();
    }),
  );
  socket.connect(server.port, server.host);
  // The socket never holds the process open: a query in flight is held by its timer, an idle socket by nothing.
  socket.unref();
  const sweep = setTimeout(() => {
    if (Number.isNaN(slot.idleSince) || performance.now() - slot.idleSince < UDP_IDLE_CLOSE_MS) sweep.refresh();
    else closeSlot(slot);
  }, UDP_IDLE_CLOSE_MS);
  sweep.unref();
  slot.sweep = sweep;
  return slot;
}

function closeSlot(slot: UdpSlot): void {
  if (slot.closed) return;
  slot.closed = true;
  clearTimeout(slot.sweep);
  slot.sweep = undefined;
  slot.onMessage = undefined;
  slot.onError = undefined;
  const at = slot.idle.indexOf(slot);
  if (at >= 0) slot.idle.splice(at, 1);
  slot.socket.close();
}

function takeSlot(server: ServerAddress): UdpSlot {
  const key = `${server.host} ${server.port}`;
  let idle = idleByServer.get(key);
  if (!idle) {
    // Bounded: forget servers with no idle socket once many have been asked (an audit of many servers).
    if (idleByServer.size >= 64) for (const [k, list] of idleByServer) if (list.length === 0) idleByServer.delete(k);
    idle = [];
    idleByServer.set(key, idle);
  }
  const slot = idle.pop() ?? openSlot(server, key, idle);
  slot.uses++;
  slot.idleSince = Number.NaN;
  return slot;
}

/** After a clean exchange the socket serves the next query; after any failure, or its quota, it closes. */
function releaseSlot(slot: UdpSlot, clean: boolean): void {
  slot.onMessage = undefined;
  slot.onError = undefined;
  // A failed exchange may still have a late reply on the way: never hand that port to another query.
  if (!clean || slot.closed || slot.uses >= UDP_QUERIES_PER_SOCKET || slot.idle.length >= MAX_IDLE_SOCKETS) {
    closeSlot(slot);
    return;
  }
  // The server's list may have been dropped from the map (or replaced) while this socket was busy.
  const current = idleByServer.get(slot.key);
  if (current === undefined) idleByServer.set(slot.key, slot.idle);
  else if (current !== slot.idle) {
    slot.idle = current;
    if (current.length >= MAX_IDLE_SOCKETS) {
      closeSlot(slot);
      return;
    }
  }
  slot.idleSince = performance.now();
  slot.idle.push(slot);
}

/** Close the idle UDP sockets now (tests that count handles; otherwise they close themselves). */
export function closeSpareSockets(): void {
  for (const idle of idleByServer.values()) for (const slot of [...idle]) closeSlot(slot);
  idleByServer.clear();
}

function exchangeUdp<T>(query: Buffer, server: ServerAddress, options: ExchangeOptions, accept: Acceptor<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const slot = takeSlot(server);
    const signal = options.signal;
    let done = false;
    let rejected: string | undefined;
    const finish = (failure: ExchangeFailure | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      releaseSlot(slot, failure === undefined);
      if (failure) reject(failure);
      else resolve(value as T);
    };
    const onAbort = () => finish(new ExchangeFailure('aborted', 'aborted'));
    const timer = setTimeout(
      () => finish(rejected === undefined ? new ExchangeFailure('timeout', `no reply within ${options.timeoutMs} ms`) : new ExchangeFailure('badresp', rejected)),
      options.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    slot.onMessage = (message, remote) => {
      if (done || remote.port !== server.port || !sameHost(remote.address, server.host)) return;
      const verdict = accept(message);
      if (verdict.ok) finish(undefined, verdict.value);
      else if (verdict.idMatched) rejected = verdict.reason;
    };
    slot.onError = (error) => finish(ExchangeFailure.unreachable(error));
    const send = () => {
      if (done) return;
      slot.socket.send(query, (error) => {
        if (error) finish(ExchangeFailure.unreachable(error));
      });
    };
    if (slot.connecting) void slot.connecting.then(send);
    else send();
  });
}

function exchangeTcp<T>(query: Buffer, server: ServerAddress, options: ExchangeOptions, accept: Acceptor<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port, noDelay: true });
    let done = false;
    let rejected: string | undefined;
    const reader = new TcpMessageReader();
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
    socket.on('connect', () => socket.write(frameTcp(query)));
    socket.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk)) {
        if (done) return;
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
    socket.on('error', (error: NodeJS.ErrnoException) => finish(ExchangeFailure.unreachable(error)));
  });
}

/** Accept any reply with the query's ID and QR set: for callers that check the rest themselves (UPDATE, TSIG). */
export function acceptSameId(query: Buffer): Acceptor<Buffer> {
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
    return await exchange(query, server, options, acceptSameId(query));
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
