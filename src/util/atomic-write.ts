// Files are written whole or not at all: a temp file beside the target, fsynced, then renamed
// (or hard-linked, which refuses to replace an existing file, when overwriting was not asked for).
// Only a regular file is ever replaced: a FIFO would block, a device would swallow the data (issue 10).
// Temp files are named `.<name>.kms-srv-tmp-<pid>-<n>` and removed on SIGINT/SIGTERM (kill -9 cannot be helped).
import { constants, unlinkSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { KmsSrvError, fileErrorReason } from './errors.js';

export interface AtomicWriteOptions {
  /** Replace an existing file. Without it an existing target is an error and is left untouched. */
  force?: boolean;
  /**
   * Permission bits of the new file, set on the temp file when it is created (before any byte is in
   * it). Absent: 0644, or the bits of the file being replaced. Files holding secrets pass 0o600.
   */
  mode?: number;
}

const DEFAULT_MODE = 0o644;

/** Temp files being written now, removed if the process is interrupted. */
const inFlight = new Set<string>();
let counter = 0;

function removeTempsAndReraise(signal: NodeJS.Signals): void {
  for (const temp of inFlight) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone: nothing to clean.
    }
  }
  inFlight.clear();
  process.removeListener('SIGINT', removeTempsAndReraise);
  process.removeListener('SIGTERM', removeTempsAndReraise);
  // Die of the same signal, as if no handler had been installed (the shell sees 128+n).
  process.kill(process.pid, signal);
}

function track(temp: string): void {
  if (inFlight.size === 0) {
    process.on('SIGINT', removeTempsAndReraise);
    process.on('SIGTERM', removeTempsAndReraise);
  }
  inFlight.add(temp);
}

function untrack(temp: string): void {
  inFlight.delete(temp);
  if (inFlight.size === 0) {
    process.removeListener('SIGINT', removeTempsAndReraise);
    process.removeListener('SIGTERM', removeTempsAndReraise);
  }
}

function targetError(target: string, reason: string, cause?: unknown): KmsSrvError {
  return new KmsSrvError('FILE_WRITE', `cannot write ${target}: ${reason}`, { ...(cause === undefined ? {} : { cause }), details: { file: target, reason } });
}

/**
 * The mode bits of the regular file at `target`, undefined when there is none; anything else there
 * (a FIFO, a device, a directory) is refused without opening it.
 */
export async function existingTargetMode(target: string): Promise<number | undefined> {
  let stat;
  try {
    stat = await fs.stat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw targetError(target, fileErrorReason(error), error);
  }
  if (stat.isFile()) return stat.mode & 0o777;
  const kind = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO (named pipe)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
  throw targetError(target, `it is ${kind}; only a regular file is written or replaced`);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const existingMode = await existingTargetMode(target);
  if (existingMode !== undefined && !options.force) {
    throw new KmsSrvError('FILE_EXISTS', `${target} already exists; pass --force to replace it`, { details: { file: target } });
  }
  const mode = options.mode ?? existingMode ?? DEFAULT_MODE;
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.kms-srv-tmp-${process.pid}-${++counter}`);
  let handle: fs.FileHandle | undefined;
  track(temp);
  try {
    // O_EXCL: never write through a file or link someone planted under the temp name.
    handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    // Bits asked for, or kept from the file replaced, are set exactly and before any data is written
    // (the umask may have narrowed them); the default 0644 is left to the umask.
    if (options.mode !== undefined || existingMode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (options.force) {
      await fs.rename(temp, target);
    } else {
      // link() fails with EEXIST instead of replacing: no window where another file is clobbered.
      await fs.link(temp, target);
      await fs.unlink(temp);
    }
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new KmsSrvError('FILE_EXISTS', `${target} already exists; pass --force to replace it`, { cause: error, details: { file: target } });
    }
    throw targetError(target, (error as Error).message, error);
  } finally {
    untrack(temp);
  }
}
