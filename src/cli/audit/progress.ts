// A one-line progress display on stderr, redrawn in place: domains finished, not ok, the rate and, once
// the total is known (a file's domain lines, counted beside the audit), a bar, the share done and the
// time left. Standard input has no total: the counts only.
import type { OutputStream } from '../io.js';

export interface ProgressState {
  /** Domains finished (invalid lines included: they are input lines dealt with). */
  done: number;
  failing: number;
  inFlight: number;
  elapsedMs: number;
  /** Domain lines in the input; null while unknown (standard input, or not yet counted). */
  total: number | null;
}

const BAR_WIDTH = 24;

/** "1:05" or "1:02:03". */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return hms[0] === 0 ? `${hms[1]}:${String(hms[2]).padStart(2, '0')}` : `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}`;
}

export function progressLine(state: ProgressState): string {
  const perSecond = state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
  const n = (value: number) => value.toLocaleString('en-US');
  const tail = `${n(state.failing)} not ok, ${n(Math.round(perSecond))}/s`;
  if (state.total === null) return `${n(state.done)} domains, ${tail}, ${state.inFlight} in flight`;
  const total = Math.max(state.total, state.done);
  const share = total > 0 ? state.done / total : 1;
  const filled = Math.round(share * BAR_WIDTH);
  // No ETA before the first domain finished: there is no rate yet.
  const eta = state.done >= total ? 'done' : perSecond > 0 ? `ETA ${clock((total - state.done) / perSecond)}` : 'ETA --:--';
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${n(state.done)} of ${n(total)} domains, ${tail}, ${eta}, ${state.inFlight} in flight`;
}

export interface Progress {
  /** Draw the last state and leave the line clean. */
  stop(): void;
}

/** Redraw every `intervalMs` (unref'd timer: it never keeps the process alive). */
export function startProgress(stream: OutputStream, read: () => ProgressState, intervalMs = 200): Progress {
  const draw = () => stream.write(`\r${progressLine(read())}\x1b[K`);
  // First draw before the timer exists: a stream that throws leaves no interval behind.
  draw();
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      draw();
      stream.write('\n');
    },
  };
}
