import { InvalidArgumentError, type Command } from 'commander';
import type { CliIo } from './io.js';

/**
 * Each command module exports one `CommandModule`. `register` adds the commander definition; the
 * action stores its exit code in `state.exitCode`. Heavy modules are imported inside the action so
 * `--help` and `--version` stay fast.
 */
export interface CommandState {
  exitCode: number;
}

export interface CommandModule {
  register(program: Command, io: CliIo, state: CommandState): void;
}

/** Repeatable option collector for commander (`--server a --server b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Integer option parser with a range; the message names the option. */
export function intOption(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    if (!/^-?\d+$/.test(value.trim())) {
      throw new InvalidArgumentError(`${name} must be a whole number, got "${value}"`);
    }
    const n = Number(value);
    if (n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be between ${min} and ${max}, got ${n}`);
    }
    return n;
  };
}
