// The one retry rule, step by step (the resolver and the audit's fast path both follow it).
import { describe, expect, it } from 'vitest';
import { FIRST_ATTEMPT, nextAttempt, type AttemptOutcome, type RetryState } from '../../src/dns/retry-policy.js';

/** The servers asked, in order, when every attempt ends with `outcomes[i]` (the last one repeating). */
function walk(servers: number, attempts: number, outcomes: AttemptOutcome[]): { asked: string[]; end: string } {
  const asked: string[] = [];
  let state: RetryState = FIRST_ATTEMPT;
  for (let i = 0; i < 100; i++) {
    asked.push(`s${state.server}#${state.attempt}`);
    const step = nextAttempt(state, outcomes[Math.min(i, outcomes.length - 1)]!, servers, attempts);
    if (step.kind === 'done') return { asked, end: 'answer' };
    if (step.kind === 'exhausted') return { asked, end: step.refused ? 'refusal kept' : 'no answer' };
    state = step.state;
  }
  throw new Error('the rule did not end within 100 steps');
}

describe('nextAttempt', () => {
  it('retries a silent server `attempts` times, then the next, then gives up', () => {
    expect(walk(2, 3, ['silence'])).toEqual({ asked: ['s0#0', 's0#1', 's0#2', 's1#0', 's1#1', 's1#2'], end: 'no answer' });
  });

  it('moves on at once from an unreachable server', () => {
    expect(walk(3, 3, ['unreachable', 'silence', 'answer'])).toEqual({ asked: ['s0#0', 's1#0', 's1#1'], end: 'answer' });
  });

  it('moves on from SERVFAIL/REFUSED, and keeps it as the answer if nobody does better', () => {
    expect(walk(2, 2, ['refusal', 'silence'])).toEqual({ asked: ['s0#0', 's1#0', 's1#1'], end: 'refusal kept' });
    expect(walk(2, 2, ['refusal', 'answer'])).toEqual({ asked: ['s0#0', 's1#0'], end: 'answer' });
  });

  it('one server, one attempt: one question', () => {
    expect(walk(1, 1, ['silence'])).toEqual({ asked: ['s0#0'], end: 'no answer' });
  });
});
