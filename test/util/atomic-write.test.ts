// writeFileAtomic: the target holds the old bytes or the new ones, never a part; an existing file is
// kept without force; no temp file survives a success or a failure.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { readInputText } from '../../src/util/input-file.js';
import { KmsSrvError } from '../../src/util/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-atomic-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Files in a directory other than the expected ones: leftover temp files. */
async function others(sub: string, expected: string[]): Promise<string[]> {
  return (await fs.readdir(sub)).filter((f) => !expected.includes(f));
}

describe('writeFileAtomic', () => {
  it('creates a new file with the whole content and leaves no temp file', async () => {
    const sub = await fs.mkdtemp(path.join(dir, 'new-'));
    const target = path.join(sub, 'out.txt');
    const data = 'x'.repeat(200_000);
    await writeFileAtomic(target, data);
    expect(await fs.readFile(target, 'utf8')).toBe(data);
    expect(await others(sub, ['out.txt'])).toEqual([]);
  });

  it('refuses to replace an existing file without force: FILE_EXISTS, old bytes kept, no temp file', async () => {
    const sub = await fs.mkdtemp(path.join(dir, 'keep-'));
    const target = path.join(sub, 'out.txt');
    await fs.writeFile(target, 'old\n');
    const error = await writeFileAtomic(target, 'new\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KmsSrvError);
    expect(error).toMatchObject({ code: 'FILE_EXISTS', message: `${target} already exists; pass --force to replace it` });
    expect(await fs.readFile(target, 'utf8')).toBe('old\n');
    expect(await others(sub, ['out.txt'])).toEqual([]);
  });

  it('replaces with force by renaming: a reader holding the old file still sees all of the old bytes', async () => {
    const sub = await fs.mkdtemp(path.join(dir, 'force-'));
    const target = path.join(sub, 'out.txt');
    await fs.writeFile(target, 'old\n');
    const held = await fs.open(target, 'r');
    try {
      await writeFileAtomic(target, 'new content\n', { force: true });
      expect(await fs.readFile(target, 'utf8')).toBe('new content\n');
      // rename() swaps the directory entry; the old inode is untouched, so the open handle reads it whole.
      expect(await held.readFile('utf8')).toBe('old\n');
    } finally {
      await held.close();
    }
    expect(await others(sub, ['out.txt'])).toEqual([]);
  });

  it('fails with FILE_WRITE naming the file when the directory does not exist', async () => {
    const target = path.join(dir, 'no-such-dir', 'out.txt');
    await expect(writeFileAtomic(target, 'x')).rejects.toMatchObject({ code: 'FILE_WRITE', message: expect.stringContaining(`cannot write ${target}`) });
  });

  it('leaves no temp file when the target is a directory', async () => {
    const sub = await fs.mkdtemp(path.join(dir, 'isdir-'));
    await fs.mkdir(path.join(sub, 'taken'));
    await expect(writeFileAtomic(path.join(sub, 'taken'), 'x', { force: true })).rejects.toMatchObject({ code: 'FILE_WRITE' });
    expect(await others(sub, ['taken'])).toEqual([]);
  });
});

describe('readInputText', () => {
  it.each([
    ['a missing file', () => path.join(dir, 'absent.txt'), 'no such file'],
    ['a directory', () => dir, 'is a directory, not a regular file'],
  ])('names %s and why, in words', async (_label, file, why) => {
    await expect(readInputText(file(), { maxBytes: 1024 })).rejects.toMatchObject({ code: 'FILE_READ', message: `cannot read ${file()}: ${why}` });
  });
});
