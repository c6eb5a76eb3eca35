// The one place that decides whether output is coloured: --color, then FORCE_COLOR and NO_COLOR, then
// whether the stream is a terminal. Commands ask `useColour(io)`; none reads the environment itself.
import type { CliIo, OutputStream } from './io.js';

export const COLOUR_MODES = ['auto', 'always', 'never'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

/**
 * --color always|never wins (the user said so for this run). Under auto: FORCE_COLOR ("0" or "false"
 * turn colour off, any other value on; https://force-color.org), then NO_COLOR when non-empty
 * (https://no-color.org), then TERM=dumb, then colour only on a terminal.
 */
export function decideColour(mode: ColourMode, env: NodeJS.ProcessEnv, stream: OutputStream): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

/** Whether to colour what goes to `stream` (standard output unless named) in this run. */
export function useColour(io: CliIo, stream: OutputStream = io.stdout): boolean {
  return decideColour(io.colour ?? 'auto', io.env, stream);
}
