// The per-server window (dns/window.ts) on a fake clock: slow start while answered, one halving per
// congestion event, never outside floor and ceiling, and the overtaken-query loss rule.
import { describe, expect, it } from 'vitest';
import { CongestionWindow } from '../../src/dns/window.js';

function clocked(options: { initial?: number; floor?: number; ceiling: number }) {
  let t = 0;
  const window = new CongestionWindow({ ...options, now: () => t });
  return { window, advance: (ms: number) => (t += ms), at: () => t };
}

/** Answer one window's worth of queries, all sent now and answered `rttMs` later. */
function roundTrip(c: ReturnType<typeof clocked>, rttMs: number): void {
  const sentAt = c.at();
  const count = c.window.size;
  c.advance(rttMs);
  for (let i = 0; i < count; i++) c.window.answered(sentAt);
}

describe('CongestionWindow', () => {
  it('starts at initial and doubles per round trip while every query is answered (slow start)', () => {
    const c = clocked({ initial: 32, ceiling: 10_000 });
    expect(c.window.size).toBe(32);
    roundTrip(c, 100);
    expect(c.window.size).toBe(64);
    roundTrip(c, 100);
    expect(c.window.size).toBe(128);
  });

  it('stops at the ceiling however long answers keep coming', () => {
    const c = clocked({ initial: 32, ceiling: 500 });
    for (let i = 0; i < 50; i++) roundTrip(c, 100);
    expect(c.window.size).toBe(500);
  });

  it('halves on a loss, then grows by about one per round trip (congestion avoidance)', () => {
    const c = clocked({ initial: 32, ceiling: 10_000 });
    roundTrip(c, 10);
    roundTrip(c, 10);
    expect(c.window.size).toBe(128);
    expect(c.window.lost(c.at() - 5)).toBe(true);
    expect(c.window.size).toBe(64);
    // Each answer adds 1/window: about one more per round trip, not double.
    for (let i = 0; i < 10; i++) roundTrip(c, 10);
    expect(c.window.size).toBeGreaterThanOrEqual(72);
    expect(c.window.size).toBeLessThanOrEqual(74);
  });

  it('halves once per congestion event: losses of queries sent before the cut do not cut again', () => {
    const c = clocked({ initial: 256, ceiling: 1000 });
    const sentAt = c.at();
    c.advance(500);
    // A burst of 100 timeouts, all sent before the first one was noticed.
    const cuts = Array.from({ length: 100 }, () => c.window.lost(sentAt)).filter(Boolean).length;
    expect(cuts).toBe(1);
    expect(c.window.size).toBe(128);
    // A query sent after that cut and lost is a new event.
    c.advance(1);
    const later = c.at();
    c.advance(500);
    expect(c.window.lost(later)).toBe(true);
    expect(c.window.size).toBe(64);
  });

  it('never below the floor, however many losses', () => {
    const c = clocked({ initial: 32, floor: 8, ceiling: 500 });
    for (let i = 0; i < 20; i++) {
      c.advance(1);
      const sentAt = c.at();
      c.advance(1);
      c.window.lost(sentAt);
    }
    expect(c.window.size).toBe(8);
  });

  it('floor and initial are clamped to a small ceiling', () => {
    const c = clocked({ initial: 32, floor: 8, ceiling: 2 });
    expect(c.window.size).toBe(2);
    c.advance(1);
    c.window.lost(0.5);
    expect(c.window.size).toBe(2);
  });

  it('an unanswered query is lost once a query sent more than srtt + max(4 rttvar, 50 ms) later is answered', () => {
    const c = clocked({ initial: 32, ceiling: 500 });
    // No round trip measured yet: no judgement.
    expect(c.window.overtaken(0, 1000)).toBe(false);
    // Steady 100 ms round trips: the variance decays, the allowance falls to its 50 ms minimum.
    for (let i = 0; i < 40; i++) {
      const sentAt = c.at();
      c.advance(100);
      c.window.answered(sentAt);
    }
    expect(c.window.overtaken(1000, 1100)).toBe(false);
    expect(c.window.overtaken(1000, 1150)).toBe(false);
    expect(c.window.overtaken(1000, 1151)).toBe(true);
  });
});
