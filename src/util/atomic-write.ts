// Files are written whole or not at all: a temp file beside the target, fsynced, then renamed
// (or hard-linked, which refuses to replace an existing file, when overwriting was not asked for).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { KmsSrvError } from './errors.js';

export interface AtomicWriteOptions {
  /** Replace an existing file. Without it an existing target is an error and is left untouched. */
  force?: boolean;
  mode?: number;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', options.mode ?? 0o644);
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
    throw new KmsSrvError('FILE_WRITE', `cannot write ${target}: ${(error as Error).message}`, { cause: error, details: { file: target } });
  }
}
