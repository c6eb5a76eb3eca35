// A small set of long-lived UDP sockets shared by many concurrent queries, replies routed back by ID.
// For bulk work (audit): a socket per query costs a bind and a close each time, which at hundreds of
// queries in flight costs more than the DNS exchange itself. Matching stays as strict as
// `transport.exchange`: source address and port, then the caller's acceptor (ID, QR, question).
import dgram from 'node:dgram';
import net from 'node:net';
import { exchange, ExchangeFailure, sameHost, type Acceptor, type ExchangeOptions } from './transport.js';
import type { ServerAddress } from './types.js';

export const DEFAULT_POOL_SOCKETS = 16;

/** Same contract as `transport.exchange`, so the Resolver can use either. */
export type ExchangeFn = typeof exchange;

interface Pending {
  server: ServerAddress;
  /** Returns true when the message was taken (the pending query is finished). */
  offer(message: Buffer): boolean;
  fail(failure: ExchangeFailure): void;
}

interface PooledSocket {
  socket: dgram.Socket;
  /** In-flight queries by DNS ID; a Set because two queries may draw the same random ID. */
  byId: Map<number, Set<Pending>>;
  /** Set until `connect` completes; sends wait for it. */
  ready: Promise<void> | undefined;
}

export interface UdpPoolOptions {
  /** Sockets per server, each on its own random ephemeral port (default 16). */
  sockets?: number;
  /** Picks the socket for a query; `Math.random` by default (the ID is the secret, not this). */
  pick?: (count: number) => number;
}

export class UdpPool {
  private readonly size: number;
  private readonly pick: (count: number) => number;
  /** Sockets by server ("host port"), each connected to that server. */
  private readonly byServer = new Map<string, PooledSocket[]>();
  private closed = false;

  constructor(options: UdpPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.sockets ?? DEFAULT_POOL_SOCKETS));
    this.pick = options.pick ?? ((count) => Math.floor(Math.random() * count));
  }

  /** `exchange` bound to this pool: UDP goes through the shared sockets, TCP as usual. */
  readonly exchange: ExchangeFn = (query, server, options, accept) => {
    if (options.transport === 'tcp') return exchange(query, server, options, accept);
    if (this.closed) return Promise.reject(new ExchangeFailure('aborted', 'the socket pool is closed'));
    if (options.signal?.aborted) return Promise.reject(new ExchangeFailure('aborted', 'aborted before sending'));
    return this.exchangeUdp(query, server, options, accept);
  };

  /** Queries in flight (for tests and progress). */
  get inFlight(): number {
    let total = 0;
    for (const list of this.byServer.values()) for (const s of list) for (const set of s.byId.values()) total += set.size;
    return total;
  }

  /** Fail whatever is still in flight and close every socket. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.byServer.values()].flat();
    this.byServer.clear();
    for (const pooled of all) this.failAll(pooled, new ExchangeFailure('aborted', 'the socket pool is closed'));
    await Promise.all(all.map((pooled) => new Promise<void>((resolve) => pooled.socket.close(() => resolve()))));
  }

  private socketFor(server: ServerAddress): PooledSocket {
    const key = `${server.host} ${server.port}`;
    let list = this.byServer.get(key);
    if (!list) {
      list = [];
      this.byServer.set(key, list);
    }
    if (list.length < this.size) {
      // Grow lazily up to `size`, so a handful of queries does not open sixteen sockets.
      const pooled = this.open(server, list);
      list.push(pooled);
      return pooled;
    }
    return list[this.pick(list.length)] as PooledSocket;
  }

  /**
   * A socket connected to `server`: the kernel then delivers only that server's datagrams (the source
   * check below stays as a second guard), sends skip the per-packet route lookup, and an ICMP "port
   * unreachable" fails the queries at once instead of at their timeouts.
   */
  private open(server: ServerAddress, list: PooledSocket[]): PooledSocket {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const pooled: PooledSocket = { socket, byId: new Map(), ready: undefined };
    socket.on('message', (message, remote) => {
      if (message.length < 2) return;
      const waiting = pooled.byId.get(message.readUInt16BE(0));
      if (!waiting) return;
      for (const pending of waiting) {
        if (remote.port !== pending.server.port || !sameHost(remote.address, pending.server.host)) continue;
        if (pending.offer(message)) return;
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A broken socket leaves the pool; its queries fail now rather than at their timeouts.
      const at = list.indexOf(pooled);
      if (at >= 0) list.splice(at, 1);
      this.failAll(pooled, new ExchangeFailure('unreachable', error.code ?? error.message));
      socket.close();
    });
    // Port 0 on bind (implicit in connect): the operating system picks a random ephemeral port.
    pooled.ready = new Promise<void>((resolve) => socket.connect(server.port, server.host, () => {
      pooled.ready = undefined;
      resolve();
    }));
    // Pending queries hold timers, which keep the process alive; idle sockets must not.
    socket.unref();
    return pooled;
  }

  private failAll(pooled: PooledSocket, failure: ExchangeFailure): void {
    const pendings = [...pooled.byId.values()].flatMap((set) => [...set]);
    pooled.byId.clear();
    for (const pending of pendings) pending.fail(failure);
  }

  private exchangeUdp<T>(query: Buffer, server: ServerAddress, options: ExchangeOptions, accept: Acceptor<T>): Promise<T> {
    const pooled = this.socketFor(server);
    const id = query.readUInt16BE(0);
    return new Promise<T>((resolve, reject) => {
      let done = false;
      let rejected: string | undefined;
      const finish = (failure: ExchangeFailure | undefined, value?: T) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        const set = pooled.byId.get(id);
        if (set) {
          set.delete(pending);
          if (set.size === 0) pooled.byId.delete(id);
        }
        if (failure) reject(failure);
        else resolve(value as T);
      };
      const pending: Pending = {
        server,
        offer(message) {
          const verdict = accept(message);
          if (verdict.ok) {
            finish(undefined, verdict.value);
            return true;
          }
          if (verdict.idMatched) rejected = verdict.reason;
          return false;
        },
        fail: (failure) => finish(failure),
      };
      const onAbort = () => finish(new ExchangeFailure('aborted', 'aborted'));
      const timer = setTimeout(
        () => finish(rejected === undefined ? new ExchangeFailure('timeout', `no reply within ${options.timeoutMs} ms`) : new ExchangeFailure('badresp', rejected)),
        options.timeoutMs,
      );
      options.signal?.addEventListener('abort', onAbort, { once: true });
      let set = pooled.byId.get(id);
      if (!set) {
        set = new Set();
        pooled.byId.set(id, set);
      }
      set.add(pending);
      const send = () => {
        if (done) return;
        pooled.socket.send(query, (error) => {
          if (error) finish(new ExchangeFailure('unreachable', (error as NodeJS.ErrnoException).code ?? error.message));
        });
      };
      if (pooled.ready) void pooled.ready.then(send);
      else send();
    });
  }
}
