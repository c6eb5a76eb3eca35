// What a command may touch of the outside world. Tests pass their own, so commands run in-process.
import path from 'node:path';
import { usageError } from '../util/errors.js';
import { escapeForTerminal } from '../util/terminal.js';
import { readInputBytes, readInputStreamBytes, readInputStreamText, readInputText, type InputLimits } from '../util/input-file.js';
import type { HostLookup } from '../dns/os-lookup.js';
export interface OutputStream {
  write(text: string): void;
  /** Resolves once what was written has gone out (or the stream is gone): absent when writes never wait. */
  drained?(): Promise<void>;
  /** True when the stream is an interactive terminal (progress bars, colour). */
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** --color for this run (src/cli/colour.ts decides); auto when absent. */
  colour?: 'auto' | 'always' | 'never';
  /** --quiet: no progress and no notes; results, warnings and errors stay. */
  quiet?: boolean;
  /** The OS resolver (getaddrinfo) for host names given where an address is expected; dns.lookup when absent. */
  lookupHost?: HostLookup;
}

export function processIo(): CliIo {
  return {
    stdout: { write: (t) => void process.stdout.write(t), drained: () => drained(process.stdout), isTTY: Boolean(process.stdout.isTTY) },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY) },
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Waits for `stream` to take more (a pipe whose reader is slow), or to close or fail. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}

/**
 * Characters of text gathered before a write: small enough that the pending text dies young (a MiB lived
 * through several of check-zone's 1 MiB scavenges and filled the old generation: 2M SRV records as
 * --json peaked at 147 MiB with writes of a MiB, 137 with 64 KiB, and took 8 s more CPU).
 */
const WRITE_PIECE_CHARS = 1 << 16;

/**
 * Writes `pieces` in writes of about 64 KiB, waiting after each for the stream to take it: output of
 * any size then costs that much memory, not its whole text queued behind a slow reader.
 */
export async function writeInPieces(stream: OutputStream, pieces: Iterable<string>): Promise<void> {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= WRITE_PIECE_CHARS) {
      stream.write(pending);
      pending = '';
      await stream.drained?.();
    }
  }
  stream.write(pending);
  await stream.drained?.();
}

/** How standard input is named in messages when a file argument is "-". */
export const STDIN_NAME = '<stdin>';

/**
 * A file argument's text: "-" reads standard input, anything else is a file relative to the command's
 * working directory. `name` is what messages call it: `<stdin>`, or the path as the user wrote it.
 */
export async function readTextArgument(io: CliIo, file: string, limits: InputLimits): Promise<{ text: string; name: string }> {
  if (file !== '-') return { text: await readInputText(path.resolve(io.cwd, file), limits), name: file };
  if (!io.stdin) throw usageError('"-" means standard input, but there is none');
  return { text: await readInputStreamText(io.stdin, STDIN_NAME, limits), name: STDIN_NAME };
}

/** A file argument's bytes, "-" reading standard input: for inputs that are not always UTF-8 (a .reg export). */
export async function readBytesArgument(io: CliIo, file: string, limits: InputLimits): Promise<Uint8Array> {
  if (file !== '-') return readInputBytes(path.resolve(io.cwd, file), limits);
  if (!io.stdin) throw usageError('"-" means standard input, but there is none');
  return readInputStreamBytes(io.stdin, STDIN_NAME, limits);
}

/** Refuses standard input for more than one argument of a command: it can be read only once. */
export function atMostOneStdin(args: Record<string, string | undefined>): void {
  const dashes = Object.entries(args).filter(([, value]) => value === '-').map(([flag]) => flag);
  if (dashes.length > 1) throw usageError(`${dashes.join(' and ')} both say "-", but standard input can be read only once`);
}

/** A note for people on standard error (`kms-srv: note: …`), left out under --quiet. `text` is escaped. */
export function writeNote(io: CliIo, text: string): void {
  if (!io.quiet) io.stderr.write(`kms-srv: note: ${escapeForTerminal(text)}\n`);
}

/** Collects output in memory: for tests and for commands that run other commands. */
export function memoryIo(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t) => void (out += t), isTTY: false },
    stderr: { write: (t) => void (err += t), isTTY: false },
    env,
    cwd,
    out: () => out,
    err: () => err,
  };
}
