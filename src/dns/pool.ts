// A small set of long-lived UDP sockets shared by many concurrent queries, replies routed back by ID.
// For bulk work (audit): a socket per query costs a bind and a close each time, which at hundreds of
// queries in flight costs more than the DNS exchange itself. Matching stays as strict as
// `transport.exchange`: source address and port, then the caller's acceptor (ID, QR, question).
// Per query the pool keeps one small entry: no timer, closure or promise of its own. Deadlines sit in
// FIFO queues (one per timeout value, so each is in deadline order) behind a single timer.
import dgram from 'node:dgram';
import net from 'node:net';
import { exchange, ExchangeFailure, sameHost, type Acceptor, type ExchangeOptions } from './transport.js';
import type { ServerAddress } from './types.js';
import { CongestionWindow } from './window.js';

const DEFAULT_POOL_SOCKETS = 16;
const NEUTRAL = 0;
const ANSWERED = 1;
const LOST = 2;

/** Same contract as `transport.exchange`, so the Resolver can use either. */
export type ExchangeFn = typeof exchange;

/** One UDP query handed to `UdpPool.submit`. */
export interface PooledQuery {
  /** The DNS ID written in the first two bytes of the wire. */
  readonly id: number;
  readonly server: ServerAddress;
  /** A datagram from the server carrying this ID: true when it answers the query (which then ends). */
  accept(message: Buffer): boolean;
  /** Called exactly once: without a failure after `accept` took a reply, else with why the query ended. */
  end(failure?: ExchangeFailure): void;
}

/** The pool's record of one query in flight; `cancel` takes it. */
export interface PoolTicket {
  readonly query: PooledQuery;
}

interface Entry extends PoolTicket {
  socket: PooledSocket | undefined;
  deadline: number;
  timeoutMs: number;
  live: boolean;
  load: ServerLoad;
  /** Set while the query waits for a free slot in its server's window, with the bytes to send then. */
  held: Buffer | undefined;
  /** Another query in flight on the same socket with the same ID (IDs are random and may repeat). */
  next: Entry | undefined;
}

interface PooledSocket {
  socket: dgram.Socket;
  byId: Map<number, Entry>;
  /** Set until `connect` completes; sends wait for it. */
  waiting: Buffer[] | undefined;
  broken: boolean;
  /** One send callback per socket, not a closure per datagram. */
  sent: (error: Error | null) => void;
}

/** Datagrams outstanding at one server, and the queries waiting (in order) for one of them to end. */
interface ServerLoad {
  server: ServerAddress;
  outstanding: number;
  /** Datagrams sent to this server, and replies it sent that a query took (any RCODE). */
  sent: number;
  answered: number;
  /** How many may be outstanding, adapting to answers and losses; absent when `maxPerServer` is not set. */
  window: CongestionWindow | undefined;
  held: Entry[];
  head: number;
}

/** Entries in the order they were sent, all with the same timeout, so also in deadline order. */
interface DeadlineQueue {
  items: Entry[];
  head: number;
}

/** What one server did for the pool's queries: a server that was sent queries and answered none is worth naming. */
export interface ServerCount {
  server: ServerAddress;
  sent: number;
  answered: number;
}

export interface UdpPoolOptions {
  /** Sockets per server, each on its own random ephemeral port (default 16). */
  sockets?: number;
  /** Picks the socket for a query; `Math.random` by default (the ID is the secret, not this). */
  pick?: (count: number) => number;
  /** Milliseconds, monotonic; `performance.now` by default. */
  now?: () => number;
  /**
   * At most this many queries outstanding at one server (default: no limit); more wait in the pool, in
   * order, and their timeout starts when they are sent. When set, the limit per server is a window
   * that starts at `initialWindow`, grows while answers come back and halves on loss (dns/window.ts),
   * never above this: a server's socket queues only so many datagrams (BIND on Linux: a few hundred at
   * the default buffer size) and drops the rest, which costs each dropped query a whole timeout, while
   * a far server needs many in flight to be used at all.
   */
  maxPerServer?: number;
  /** The window before any answer (default 128). */
  initialWindow?: number;
  /** The window never shrinks below this (default 8). */
  minWindow?: number;
}

// A timer may fire a fraction of a millisecond before the deadline it was set for (libuv counts whole
// milliseconds); without this slack it would be re-armed for a zero delay again and again.
const TIMER_SLACK_MS = 1;

export class UdpPool {
  private readonly size: number;
  private readonly pick: (count: number) => number;
  private readonly now: () => number;
  /** Sockets by server ("host port"), each connected to that server. */
  private readonly byServer = new Map<string, PooledSocket[]>();
  private readonly loads = new Map<string, ServerLoad>();
  private readonly maxPerServer: number;
  private readonly initialWindow: number | undefined;
  private readonly minWindow: number | undefined;
  private readonly deadlines = new Map<number, DeadlineQueue>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private live = 0;
  private closed = false;

  constructor(options: UdpPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.sockets ?? DEFAULT_POOL_SOCKETS));
    this.pick = options.pick ?? ((count) => Math.floor(Math.random() * count));
    this.now = options.now ?? (() => performance.now());
    this.maxPerServer = Math.max(1, Math.floor(options.maxPerServer ?? Infinity));
    this.initialWindow = options.initialWindow;
    this.minWindow = options.minWindow;
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
    return this.live;
  }

  /** Per server asked so far: datagrams sent and replies taken (read before `close`, which forgets them). */
  serverCounts(): ServerCount[] {
    return [...this.loads.values()].map((load) => ({ server: load.server, sent: load.sent, answered: load.answered }));
  }

  /** The window of queries `server` may have outstanding now (undefined: no limit, or not used yet). */
  windowOf(server: ServerAddress): number | undefined {
    return this.loads.get(`${server.host} ${server.port}`)?.window?.size;
  }

  /**
   * Send `wire` (whose ID is `query.id`) to `query.server` and route the server's datagrams with that
   * ID to `query.accept` until one is taken or `timeoutMs` passes; `query.end` is called once either way.
   */
  submit(query: PooledQuery, wire: Buffer, timeoutMs: number): PoolTicket {
    const key = `${query.server.host} ${query.server.port}`;
    let load = this.loads.get(key);
    if (!load) {
      const window = Number.isFinite(this.maxPerServer)
        ? new CongestionWindow({ ceiling: this.maxPerServer, initial: this.initialWindow, floor: this.minWindow, now: this.now })
        : undefined;
      load = { server: query.server, outstanding: 0, sent: 0, answered: 0, window, held: [], head: 0 };
      this.loads.set(key, load);
    }
    const entry: Entry = { query, socket: undefined, deadline: 0, timeoutMs, live: !this.closed, load, held: undefined, next: undefined };
    if (this.closed) {
      query.end(new ExchangeFailure('aborted', 'the socket pool is closed'));
      return entry;
    }
    this.live++;
    if (load.outstanding >= (load.window?.size ?? this.maxPerServer)) {
      entry.held = wire;
      load.held.push(entry);
    } else this.dispatch(entry, wire, key);
    return entry;
  }

  private dispatch(entry: Entry, wire: Buffer, key: string): void {
    const query = entry.query;
    const pooled = this.socketFor(query.server, key);
    entry.socket = pooled;
    entry.held = undefined;
    entry.deadline = this.now() + entry.timeoutMs;
    entry.load.outstanding++;
    entry.load.sent++;
    const timeoutMs = entry.timeoutMs;
    entry.next = pooled.byId.get(query.id);
    pooled.byId.set(query.id, entry);
    let queue = this.deadlines.get(timeoutMs);
    if (!queue) {
      queue = { items: [], head: 0 };
      this.deadlines.set(timeoutMs, queue);
    }
    queue.items.push(entry);
    if (entry.deadline < this.timerAt) this.arm(entry.deadline);
    if (pooled.waiting) pooled.waiting.push(wire);
    else pooled.socket.send(wire, pooled.sent);
  }

  /** End a query early (aborted by its caller): `end` is called with `failure`. */
  cancel(ticket: PoolTicket, failure: ExchangeFailure): void {
    const entry = ticket as Entry;
    if (!entry.live) return;
    this.unlink(entry);
    entry.query.end(failure);
  }

  /** Fail whatever is still in flight and close every socket. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.byServer.values()].flat();
    this.byServer.clear();
    for (const pooled of all) this.failAll(pooled, new ExchangeFailure('aborted', 'the socket pool is closed'));
    const held = [...this.loads.values()].flatMap((load) => load.held.slice(load.head));
    this.loads.clear();
    for (const entry of held) {
      if (!entry.live) continue;
      this.unlink(entry);
      entry.query.end(new ExchangeFailure('aborted', 'the socket pool is closed'));
    }
    this.disarm();
    this.deadlines.clear();
    await Promise.all(all.map((pooled) => new Promise<void>((resolve) => (pooled.broken ? resolve() : pooled.socket.close(() => resolve())))));
  }

  private socketFor(server: ServerAddress, key: string): PooledSocket {
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
    const pooled: PooledSocket = { socket, byId: new Map(), waiting: [], broken: false, sent: () => {} };
    socket.on('message', (message: Buffer, remote: dgram.RemoteInfo) => {
      if (message.length < 2) return;
      for (let entry = pooled.byId.get((message[0] as number) * 256 + (message[1] as number)); entry; entry = entry.next) {
        const expected = entry.query.server;
        if (remote.port !== expected.port || !sameHost(remote.address, expected.host)) continue;
        if (entry.query.accept(message)) {
          entry.load.answered++;
          this.unlink(entry, ANSWERED);
          entry.query.end();
          return;
        }
      }
    });
    // Send and receive errors (an ICMP "port unreachable" surfaces in either) both land here: a broken
    // socket leaves the pool and its queries fail now, not at their timeouts.
    const broken = (error: NodeJS.ErrnoException) => {
      if (pooled.broken) return;
      pooled.broken = true;
      const at = list.indexOf(pooled);
      if (at >= 0) list.splice(at, 1);
      this.failAll(pooled, ExchangeFailure.unreachable(error));
      socket.close();
    };
    socket.on('error', broken);
    pooled.sent = (error) => {
      if (error) broken(error);
    };
    // Port 0 on bind (implicit in connect): the operating system picks a random ephemeral port.
    socket.connect(server.port, server.host, () => {
      const waiting = pooled.waiting ?? [];
      pooled.waiting = undefined;
      for (const wire of waiting) socket.send(wire, pooled.sent);
    });
    // Pending queries hold the pool's timer, which keeps the process alive; idle sockets must not.
    socket.unref();
    return pooled;
  }

  /**
   * Take `entry` out of its socket's ID chain; its deadline-queue slot goes when it reaches the head.
   * `outcome` feeds its server's window (a cancelled or failed query says nothing about congestion).
   */
  private unlink(entry: Entry, outcome = NEUTRAL): void {
    entry.live = false;
    this.live--;
    if (entry.held) {
      // Still waiting for a slot: it leaves the held queue when that queue reaches it.
      entry.held = undefined;
      return;
    }
    const byId = (entry.socket as PooledSocket).byId;
    const id = entry.query.id;
    let at = byId.get(id);
    if (at === entry) {
      if (entry.next) byId.set(id, entry.next);
      else byId.delete(id);
    } else {
      while (at && at.next !== entry) at = at.next;
      if (at) at.next = entry.next;
    }
    entry.next = undefined;
    const queue = this.deadlines.get(entry.timeoutMs);
    if (queue) this.dropSettledHeads(queue);
    const load = entry.load;
    load.outstanding--;
    const window = load.window;
    if (window && outcome !== NEUTRAL) {
      const sentAt = entry.deadline - entry.timeoutMs;
      if (outcome === LOST) window.lost(sentAt);
      else {
        window.answered(sentAt);
        // The oldest query still out at this server, overtaken by this answer, was probably dropped.
        const oldest = queue?.items[queue.head];
        if (oldest && oldest.load === load && window.overtaken(oldest.deadline - oldest.timeoutMs, sentAt)) window.lost(oldest.deadline - oldest.timeoutMs);
      }
    }
    // Once closing, held queries are failed by `close`, not sent. A grown window may send several.
    const limit = window?.size ?? this.maxPerServer;
    while (!this.closed && load.outstanding < limit && load.head < load.held.length) {
      const next = load.held[load.head++] as Entry;
      if (next.live && next.held) this.dispatch(next, next.held, `${next.query.server.host} ${next.query.server.port}`);
    }
    if (load.head > 1024 && load.head * 2 > load.held.length) {
      load.held.splice(0, load.head);
      load.head = 0;
    }
    if (this.live === 0) {
      // Nothing in flight: no timer may keep the process alive, and the queues hold only settled entries.
      this.disarm();
      this.deadlines.clear();
    }
  }

  private dropSettledHeads(queue: DeadlineQueue): void {
    const items = queue.items;
    while (queue.head < items.length && !(items[queue.head] as Entry).live) queue.head++;
    if (queue.head > 1024 && queue.head * 2 > items.length) {
      items.splice(0, queue.head);
      queue.head = 0;
    }
  }

  private failAll(pooled: PooledSocket, failure: ExchangeFailure): void {
    const entries: Entry[] = [];
    for (const first of pooled.byId.values()) for (let e: Entry | undefined = first; e; e = e.next) entries.push(e);
    for (const entry of entries) {
      if (!entry.live) continue;
      this.unlink(entry);
      entry.query.end(failure);
    }
  }

  private arm(deadline: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = deadline;
    this.timer = setTimeout(this.expire, Math.max(0, Math.ceil(deadline - this.now())));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    const due = this.now() + TIMER_SLACK_MS;
    const expired: Entry[] = [];
    for (const queue of this.deadlines.values()) {
      this.dropSettledHeads(queue);
      const items = queue.items;
      while (queue.head < items.length) {
        const entry = items[queue.head] as Entry;
        if (entry.live && entry.deadline > due) break;
        queue.head++;
        if (entry.live) expired.push(entry);
      }
    }
    for (const entry of expired) {
      if (!entry.live) continue;
      this.unlink(entry, LOST);
      entry.query.end(new ExchangeFailure('timeout', `no reply within ${entry.timeoutMs} ms`));
    }
    let next = Infinity;
    for (const [timeoutMs, queue] of this.deadlines) {
      this.dropSettledHeads(queue);
      const head = queue.items[queue.head];
      if (head) next = Math.min(next, head.deadline);
      else this.deadlines.delete(timeoutMs);
    }
    if (next < this.timerAt && this.live > 0) this.arm(next);
  };

  private exchangeUdp<T>(query: Buffer, server: ServerAddress, options: ExchangeOptions, accept: Acceptor<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let rejected: string | undefined;
      let value: T | undefined;
      const signal = options.signal;
      const onAbort = () => this.cancel(ticket, new ExchangeFailure('aborted', 'aborted'));
      const pending: PooledQuery = {
        id: query.readUInt16BE(0),
        server,
        accept(message) {
          const verdict = accept(message);
          if (verdict.ok) {
            value = verdict.value;
            return true;
          }
          if (verdict.idMatched) rejected = verdict.reason;
          return false;
        },
        end(failure) {
          signal?.removeEventListener('abort', onAbort);
          if (!failure) resolve(value as T);
          // A reply with our ID that failed validation makes the timeout a bad response instead.
          else if (failure.kind === 'timeout' && rejected !== undefined) reject(new ExchangeFailure('badresp', rejected));
          else reject(failure);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const ticket = this.submit(pending, query, options.timeoutMs);
    });
  }
}
