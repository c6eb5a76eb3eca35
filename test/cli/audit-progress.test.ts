// The audit's progress line counts domains finished of the total (not bytes read), with rate and ETA.
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/audit/progress.js';

describe('audit progress line', () => {
  it('with a known total: share of domains done, rate, time left', () => {
    expect(progressLine({ done: 250, failing: 3, inFlight: 41, elapsedMs: 5000, total: 1000 })).toBe(
      '[######..................]  25% 250 of 1,000 domains, 3 not ok, 50/s, ETA 0:15, 41 in flight',
    );
  });

  it('hours in the ETA when the rest is long', () => {
    expect(progressLine({ done: 1, failing: 0, inFlight: 1, elapsedMs: 1000, total: 7202 })).toContain('ETA 2:00:01');
  });

  it('no rate yet: no ETA to show', () => {
    expect(progressLine({ done: 0, failing: 0, inFlight: 5, elapsedMs: 0, total: 10 })).toBe('[........................]   0% 0 of 10 domains, 0 not ok, 0/s, ETA --:--, 5 in flight');
  });

  it('finished: 100% and done', () => {
    expect(progressLine({ done: 10, failing: 1, inFlight: 0, elapsedMs: 2000, total: 10 })).toBe('[########################] 100% 10 of 10 domains, 1 not ok, 5/s, done, 0 in flight');
  });

  it('unknown total (standard input, or not counted yet): the counts only', () => {
    expect(progressLine({ done: 1234, failing: 5, inFlight: 7, elapsedMs: 1000, total: null })).toBe('1,234 domains, 5 not ok, 1,234/s, 7 in flight');
  });
});
