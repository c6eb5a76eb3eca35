// Which server to ask next, and when to stop: the one retry rule of the resolver (resolver.ts) and of
// the audit's fast path (audit/fast-audit.ts), so the two cannot drift apart. Servers in order,
// `attempts` tries each; silence retries the same server; an ICMP refusal or reset moves on at once
// (asking again will not help); SERVFAIL or REFUSED moves on too, but is kept as the answer if no
// server does better (docs/behaviour.md#dns). Pure: no sockets, no clock.

/** How one attempt ended. */
export type AttemptOutcome = 'answer' | 'refusal' | 'silence' | 'unreachable';

export interface RetryState {
  /** Index of the server being asked. */
  server: number;
  /** 0-based attempt at that server. */
  attempt: number;
  /** Some server answered SERVFAIL or REFUSED: that is the answer if none does better. */
  refused: boolean;
}

export type RetryStep =
  /** A usable answer: take it. */
  | { kind: 'done' }
  /** Ask `state.server` again (attempt `state.attempt`). */
  | { kind: 'ask'; state: RetryState }
  /** Every server tried: the kept refusal is the answer when `refused`, else nobody answered. */
  | { kind: 'exhausted'; refused: boolean };

export const FIRST_ATTEMPT: RetryState = { server: 0, attempt: 0, refused: false };

export function nextAttempt(state: RetryState, outcome: AttemptOutcome, servers: number, attempts: number): RetryStep {
  if (outcome === 'answer') return { kind: 'done' };
  const refused = state.refused || outcome === 'refusal';
  if (outcome === 'silence' && state.attempt + 1 < attempts) return { kind: 'ask', state: { server: state.server, attempt: state.attempt + 1, refused } };
  if (state.server + 1 < servers) return { kind: 'ask', state: { server: state.server + 1, attempt: 0, refused } };
  return { kind: 'exhausted', refused };
}
