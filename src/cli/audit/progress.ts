// A one-line progress display on stderr, redrawn in place: a bar when the input size is known (a
// file), otherwise just the counts.
import type { OutputStream } from '../io.js';

export interface ProgressState {
  done: number;
  failing: number;
  inFlight: number;
  elapsedMs: number;
  /** Share of the input read, 0..1; null when unknown (stdin). */
  fraction: number | null;
}

const BAR_WIDTH = 24;

function progressLine(state: ProgressState): string {
  const rate = state.elapsedMs > 0 ? Math.round((state.done * 1000) / state.elapsedMs) : 0;
  const counts = `${state.done.toLocaleString('en-US')} domains, ${state.failing.toLocaleString('en-US')} not ok, ${rate.toLocaleString('en-US')}/s, ${state.inFlight} in flight`;
  if (state.fraction === null) return counts;
  const share = Math.min(1, Math.max(0, state.fraction));
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${counts}`;
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
