// auditCommand's own resources: an audit that stops early (here: its error output fails) closes the
// input file it was streaming, even though the stream was not read to its end, and leaves no timer.
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { auditCommand } from '../../src/cli/audit/run-audit.js';
import { memoryIo } from '../../src/cli/io.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-run-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Descriptors of this process open on `file` (Linux: /proc/self/fd). */
function openOn(file: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) count++;
    } catch {
      // closed between the listing and the readlink
    }
  }
  return count;
}

describe.skipIf(process.platform !== 'linux')('auditCommand input file', () => {
  // Without the progress line the first invalid line's message fails; with it, its first drawing.
  it.each([false, true])('is closed when the audit fails before reading it to the end (progress %s), and no timer is left', async (progress) => {
    // Far more than one read of the stream (64 KiB), so the file is still open when the audit stops.
    const file = path.join(dir, 'invalid-domains.txt');
    writeFileSync(file, 'not a domain!\n'.repeat(20_000));
    const io = memoryIo();
    io.stderr = {
      write: () => {
        throw new Error('stderr is gone');
      },
    };
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const audit = auditCommand({ input: file, servers: ['127.0.0.1:9'], timeoutMs: 100, attempts: 1, progress }, io);
      await expect(audit).rejects.toThrow('stderr is gone');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(openOn(file)).toBe(0);
  });
});
