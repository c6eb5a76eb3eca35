// Every input file is read through here: it must be a regular file (a FIFO would block the read
// forever, /dev/zero never ends, a directory is no text), and its size and line length are bounded,
// so a hostile input costs a clear error instead of gigabytes (issue 10; limits in docs/behaviour.md#input-limits).
import { closeSync, constants, fstatSync, openSync, promises as fs, type Stats } from 'node:fs';
import { KmsSrvError, fileErrorReason } from './errors.js';

export const KIB = 1024;
export const MIB = 1024 * KIB;

export interface InputLimits {
  /** What the file is, for messages ("zone file", "key file"); absent when the path says it. */
  what?: string;
  /** The file may hold at most this many bytes. */
  maxBytes: number;
  /** Each line (up to LF) may hold at most this many bytes; unbounded when absent. */
  maxLineBytes?: number;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever. It changes
// nothing for a regular file, and anything else is refused before a byte is read.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;
const CHUNK = MIB;

function inputError(file: string, limits: InputLimits, reason: string, cause?: unknown, errno?: string): KmsSrvError {
  return new KmsSrvError('FILE_READ', `cannot read ${limits.what === undefined ? '' : `${limits.what} `}${file}: ${reason}`, {
    ...(cause === undefined ? {} : { cause }),
    details: { file, reason, ...(errno === undefined ? {} : { errno }) },
  });
}

function openError(file: string, limits: InputLimits, error: unknown): KmsSrvError {
  return inputError(file, limits, fileErrorReason(error), error, (error as NodeJS.ErrnoException).code);
}

/** The Node error code (ENOENT, EACCES…) behind a read failure, whether wrapped here or not. */
export function inputErrno(error: unknown): string | undefined {
  if (error instanceof KmsSrvError) return typeof error.details.errno === 'string' ? error.details.errno : undefined;
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'is a directory';
  if (stat.isFIFO()) return 'is a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'is a character device';
  if (stat.isBlockDevice()) return 'is a block device';
  if (stat.isSocket()) return 'is a socket';
  return 'is something else';
}

function sizeWords(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= KIB && bytes % KIB === 0) return `${bytes / KIB} KiB`;
  return `${bytes} bytes`;
}

/** Refuses what is not a regular file, or is already over the size limit. */
export function checkInputStat(file: string, limits: InputLimits, stat: Stats): void {
  if (!stat.isFile()) throw inputError(file, limits, `${kindOf(stat)}, not a regular file`);
  if (stat.size > limits.maxBytes) throw tooLarge(file, limits);
}

function tooLarge(file: string, limits: InputLimits): KmsSrvError {
  return inputError(file, limits, `is larger than the limit of ${sizeWords(limits.maxBytes)}`);
}

/** Refuses the first line longer than `limits.maxLineBytes`, naming its number. */
export function checkLineLengths(file: string, limits: InputLimits, bytes: Uint8Array): void {
  const max = limits.maxLineBytes;
  if (max === undefined || bytes.length <= max) return;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let start = 0;
  for (let line = 1; start <= buffer.length; line++) {
    const lf = buffer.indexOf(10, start);
    const end = lf < 0 ? buffer.length : lf;
    if (end - start > max) throw inputError(file, limits, `line ${line} is longer than the limit of ${sizeWords(max)}`);
    if (lf < 0) return;
    start = lf + 1;
  }
}

/** Gathers a file's bytes chunk by chunk, refusing it as soon as it passes the size limit. */
class Collector {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private chunk = Buffer.alloc(0);

  constructor(
    private readonly file: string,
    private readonly limits: InputLimits,
  ) {}

  /** Where the next read goes: never more than one byte past the limit. */
  space(): Buffer {
    this.chunk = Buffer.allocUnsafe(Math.min(CHUNK, this.limits.maxBytes + 1 - this.total));
    return this.chunk;
  }

  /** Takes what the last read put in `space()`; false at the end of the file. */
  took(bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.chunks.push(this.chunk.subarray(0, bytesRead));
    this.total += bytesRead;
    if (this.total > this.limits.maxBytes) throw tooLarge(this.file, this.limits);
    return true;
  }

  bytes(): Buffer {
    const bytes = Buffer.concat(this.chunks, this.total);
    checkLineLengths(this.file, this.limits, bytes);
    return bytes;
  }
}

function readFailure(file: string, limits: InputLimits, error: unknown): KmsSrvError {
  return error instanceof KmsSrvError ? error : openError(file, limits, error);
}

/** The bytes of a regular file within `limits`, else a FILE_READ error naming the file and why. */
export async function readInputBytes(file: string, limits: InputLimits): Promise<Buffer> {
  const handle = await fs.open(file, OPEN_FLAGS).catch((error: unknown) => {
    throw openError(file, limits, error);
  });
  try {
    checkInputStat(file, limits, await handle.stat());
    // Read to the end rather than trust the size: the file may grow while we read.
    const into = new Collector(file, limits);
    while (into.took((await handle.read({ buffer: into.space(), position: null })).bytesRead));
    return into.bytes();
  } catch (error) {
    throw readFailure(file, limits, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Opens a regular file within `limits.maxBytes` for a reader that streams it itself (the zone parser):
 * the descriptor and the size, or a FILE_READ error naming the file and why, before a byte is read.
 * The caller closes the descriptor.
 */
export function openInputSync(file: string, limits: InputLimits): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw openError(file, limits, error);
  }
  try {
    const stat = fstatSync(fd);
    checkInputStat(file, limits, stat);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw readFailure(file, limits, error);
  }
}

/** A regular file's text (UTF-8) within `limits`. */
export async function readInputText(file: string, limits: InputLimits): Promise<string> {
  return (await readInputBytes(file, limits)).toString('utf8');
}

/** Standard input (or any stream) as text, within the same `limits`; `name` stands for it in messages. */
export async function readInputStreamText(stream: NodeJS.ReadableStream, name: string, limits: InputLimits): Promise<string> {
  return (await readInputStreamBytes(stream, name, limits)).toString('utf8');
}

/** Standard input (or any stream) as bytes (a .reg export may be UTF-16), within `limits`. */
export async function readInputStreamBytes(stream: NodeJS.ReadableStream, name: string, limits: InputLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > limits.maxBytes) throw tooLarge(name, limits);
    chunks.push(bytes);
  }
  const all = Buffer.concat(chunks, total);
  checkLineLengths(name, limits, all);
  return all;
}
