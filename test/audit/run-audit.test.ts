// auditCommand's own resources: an audit that stops early (here: its error output fails) closes the
// input file it was streaming, even though the stream was not read to its end.
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/audit/run-audit.js';
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
  it('is closed when the audit fails before reading it to the end', async () => {
    // Far more than one read of the stream (64 KiB), so the file is still open when the audit stops.
    const file = path.join(dir, 'invalid-domains.txt');
    writeFileSync(file, 'not a domain!\n'.repeat(20_000));
    const io = memoryIo();
    io.stderr = {
      write: () => {
        throw new Error('stderr is gone');
      },
    };
    await expect(auditCommand({ input: file, servers: ['127.0.0.1:9'], timeoutMs: 100, attempts: 1, progress: false }, io)).rejects.toThrow('stderr is gone');
    expect(openOn(file)).toBe(0);
  });
});
