// `npm run build:exe` stops with one line naming the step that failed, and leaves nothing half-written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExecutables } from '../../scripts/build-exe.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-build-exe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build:exe failures', () => {
  it('names the missing bundle and writes nothing', async () => {
    const out = path.join(dir, 'out');
    await expect(buildExecutables({ outDir: out, bundle: path.join(dir, 'none.cjs') })).rejects.toThrow(/none\.cjs is missing: run npm run build first/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown --only with one line and exit 1, no stack trace', () => {
    const r = spawnSync(process.execPath, ['scripts/build-exe.mjs', path.join(dir, 'out2'), '--only', 'macos'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('build:exe: --only must be windows or linux, got "macos"\n');
    expect(r.status).toBe(1);
    expect(readdirSync(dir)).not.toContain('out2');
  });
});
