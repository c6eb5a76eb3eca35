// Every hostile plan is refused by `generate` with the JSON pointer of the bad value, exit 2, and no
// output file. The corpus and its pointers live in test/fixtures/plans/hostile/ (expected.json).
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

const DIR = path.join(import.meta.dirname, '../fixtures/plans/hostile');
const expected = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Record<string, string>;
const cases = Object.entries(expected);

let outDir: string;
beforeAll(async () => {
  outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-hostile-'));
});
afterAll(async () => {
  await fs.rm(outDir, { recursive: true, force: true });
});

describe('hostile plans', () => {
  it('the corpus holds at least 40 plans, each listed once', async () => {
    const files = (await fs.readdir(DIR)).filter((f) => f !== 'expected.json').sort();
    expect(files).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s is refused at %j, nothing written', async (file, pointer) => {
    const out = path.join(outDir, `${file}.out`);
    for (const format of ['bind', 'nsupdate']) {
      const io = memoryIo();
      const code = await run(['generate', format, '--plan', path.join(DIR, file), '-o', out], io);
      expect(code).toBe(2);
      expect(io.out()).toBe('');
      const err = io.err();
      expect(err).toMatch(/^kms-srv: plan .* is (invalid|not valid)/);
      // The pointer names the offending value on its own line; "" marks a file that does not parse.
      if (pointer === '') expect(err).toMatch(/is not valid (JSON|YAML)|\n {2}\/: /);
      else expect(err).toContain(`\n  ${pointer}: `);
      expect(err).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
