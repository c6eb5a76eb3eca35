// The layer rules of .dependency-cruiser.mjs (docs/architecture.md), run by `npm test` over src/, must
// also catch what they claim to: each kind of bad import is planted in a throwaway tree and named.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.mjs');

const tree = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-layers-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function plant(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(tree, name)), { recursive: true });
    writeFileSync(path.join(tree, name), text);
  }
}

/** The violations depcruise reports for the planted tree, as "rule: from → to". */
function violations(): string[] {
  const run = spawnSync(process.execPath, [depcruise, 'src', '--config', config, '--output-type', 'json'], { cwd: tree, encoding: 'utf8', timeout: 30_000 });
  const report = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('dependency rules', () => {
  it('name every planted upward import, cycle, orphan, I/O in a pure layer, flag parser and dangling import', () => {
    symlinkSync(path.join(root, 'node_modules'), path.join(tree, 'node_modules'));
    plant({
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }),
      // util reaching up to cli (a type-only import counts), which imports util back: a cycle too.
      'src/util/up.ts': "import type { Flag } from '../cli/flags.js';\nexport const up: Flag = 1;\n",
      'src/cli/flags.ts': "import { Command } from 'commander';\nimport { up } from '../util/up.js';\nexport type Flag = number;\nexport const flags = [Command, up];\n",
      // srv is pure and below kms, and only cli parses flags.
      'src/srv/io.ts': "import { readFileSync } from 'node:fs';\nimport { Command } from 'commander';\nimport { port } from '../kms/port.js';\nexport const io = [readFileSync, Command, port];\n",
      'src/kms/port.ts': 'export const port = 1688;\n',
      'src/kms/lonely.ts': 'export const lonely = 1;\n',
      'src/zonefile/dangling.ts': "import { gone } from './gone.js';\nexport const dangling = gone;\n",
    });
    const found = violations();
    expect(found).toEqual(
      expect.arrayContaining([
        'layer-util: src/util/up.ts → src/cli/flags.ts',
        'layer-srv: src/srv/io.ts → src/kms/port.ts',
        expect.stringMatching(/^no-circular: src\/(util\/up|cli\/flags)\.ts → /),
        'no-orphans: src/kms/lonely.ts → src/kms/lonely.ts',
        expect.stringMatching(/^pure-no-io: src\/srv\/io\.ts → (node:)?fs$/),
        expect.stringMatching(/^flags-only-in-cli: src\/srv\/io\.ts → .*node_modules\/commander\//),
        'not-to-unresolvable: src/zonefile/dangling.ts → ./gone.js',
      ]),
    );
    // cli is the top: its imports of util and commander are allowed.
    expect(found.filter((v) => v.startsWith('layer-') && v.includes('src/cli/flags.ts →'))).toEqual([]);
  });

  it('are the layers docs/architecture.md describes, in the same order, one folder of src/ each', async () => {
    const { LAYERS } = (await import(pathToFileURL(config).href)) as { LAYERS: string[] };
    const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8').split(/^## The layers, bottom to top$/m)[1]!.split(/^## /m)[0]!;
    expect([...doc.matchAll(/^### (\S+)$/gm)].map((m) => m[1])).toEqual(LAYERS);
    const folders = readdirSync(path.join(root, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    // names/ is being added by other work of issue 9: a layer may be declared before its folder exists.
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });
});
