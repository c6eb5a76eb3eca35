// How many queries one server may have outstanding: additive increase, multiplicative decrease, as TCP
// congestion control does (RFC 5681 slow start and congestion avoidance; RFC 6298 for the RTT estimate).
// A server's socket queue holds only so many datagrams (BIND on Linux: about 256 at the default buffer
// size) and drops the rest, and each drop costs a whole timeout; a far server needs many queries in
// flight to be used at all (100 outstanding at 100 ms is at most 1,000 per second). Pure: the pool
// feeds it outcomes and a clock.

export interface WindowOptions {
  /**
   * Queries allowed out before any answer (default 128: below the 192 that loopback BIND took without a
   * drop when that was the fixed limit, and 2 round trips fewer to reach 500 than starting at 32).
   */
  initial?: number;
  /** Never fewer than this (default 8): a few timeouts must not stall a server to one query at a time. */
  floor?: number;
  /** Never more than this (the caller's concurrency, or the pool's `maxPerServer`). */
  ceiling: number;
  /** Milliseconds, monotonic. */
  now: () => number;
}

const DEFAULT_INITIAL = 128;
/** Below this a later answer does not make an older unanswered query "lost": replies reorder a little. */
const MIN_REORDER_MS = 50;

export class CongestionWindow {
  private readonly floor: number;
  private readonly ceiling: number;
  private readonly now: () => number;
  private window: number;
  /** Slow start (doubling per round trip) below this, one more per round trip above (RFC 5681 §3.1). */
  private threshold: number;
  /** Losses of queries sent at or before the last cut are the same congestion event: cut once. */
  private lastCut = -Infinity;
  private srtt: number | undefined;
  private rttvar = 0;

  constructor(options: WindowOptions) {
    this.ceiling = Math.max(1, Math.floor(options.ceiling));
    this.floor = Math.min(this.ceiling, Math.max(1, Math.floor(options.floor ?? 8)));
    this.window = Math.min(this.ceiling, Math.max(this.floor, Math.floor(options.initial ?? DEFAULT_INITIAL)));
    this.threshold = this.ceiling;
    this.now = options.now;
  }

  /** Queries that may be outstanding now. */
  get size(): number {
    return Math.floor(this.window);
  }

  /** A query sent at `sentAt` was answered. */
  answered(sentAt: number): void {
    const sample = this.now() - sentAt;
    if (this.srtt === undefined) {
      this.srtt = sample;
      this.rttvar = sample / 2;
    } else {
      this.rttvar += (Math.abs(this.srtt - sample) - this.rttvar) / 4;
      this.srtt += (sample - this.srtt) / 8;
    }
    this.window += this.window < this.threshold ? 1 : 1 / this.window;
    if (this.window > this.ceiling) this.window = this.ceiling;
  }

  /**
   * A query sent at `sentAt` was lost (timed out, or judged lost by `overtaken`): halve the window, once
   * per congestion event. Returns whether this loss cut it.
   */
  lost(sentAt: number): boolean {
    if (sentAt <= this.lastCut) return false;
    this.lastCut = this.now();
    this.window = Math.max(this.floor, Math.floor(this.window / 2));
    this.threshold = this.window;
    return true;
  }

  /**
   * Whether a query sent at `oldSentAt`, still unanswered when one sent at `newSentAt` was answered, is
   * lost: sent more than a round trip plus a reorder allowance earlier (the idea of RFC 8985's RACK), so
   * a drop is noticed about a round trip after it happens rather than a whole timeout later.
   */
  overtaken(oldSentAt: number, newSentAt: number): boolean {
    if (this.srtt === undefined) return false;
    return newSentAt - oldSentAt > this.srtt + Math.max(4 * this.rttvar, MIN_REORDER_MS);
  }
}
