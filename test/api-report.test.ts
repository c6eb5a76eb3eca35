// The public API is deliberate: the checked-in report (api/kms-srv.api.md) and docs/api.md must match
// what the build exports, so an export added or changed by accident fails here with the way to accept
// it on purpose. Reads dist/, which `npm test` builds first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(REPO, 'dist');

function apiReport(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO, 'scripts', 'api-report.mjs'), '--check', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

/** A copy of dist/ (its folders linked) whose index.d.ts is `edit`ed. */
function distWith(edit: (indexDts: string) => string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kms-srv-api-'));
  for (const entry of readdirSync(DIST)) {
    if (entry !== 'index.d.ts') symlinkSync(join(DIST, entry), join(dir, entry));
  }
  writeFileSync(join(dir, 'index.d.ts'), edit(readFileSync(join(DIST, 'index.d.ts'), 'utf8')));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the API report', () => {
  it('matches the built declarations, and every public name has TSDoc', () => {
    const r = apiReport();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails on an accidental export, naming it and saying how to accept it deliberately', () => {
    const planted = distWith((text) => `${text}export { memoryIo } from './cli/io.js';\n`);
    try {
      const r = apiReport('--dist', planted.dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('memoryIo is exported but under no "// @group" of src/index.ts');
    } finally {
      planted.remove();
    }
  });

  it('fails when a public signature changes, showing the line and the command that updates the report', () => {
    const changed = distWith((text) => text.replace(/export \{ orderRecords \} from '\.\/srv\/select\.js';/, "/** Changed by the test. */\nexport declare function orderRecords(records: unknown[]): unknown[];"));
    try {
      const r = apiReport('--dist', changed.dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('+ function orderRecords(records: unknown[]): unknown[];');
      expect(r.stderr).toContain('npm run build && npm run api');
    } finally {
      changed.remove();
    }
  });
});
