// zones/example.* are generated from zones/example.plan.json (scripts/gen-examples.mjs); this keeps
// them in step with the renderers, byte for byte. The manifest lists every file with its format and
// context; an entry with `dir` is a host-side format written one file per host (generate --output-dir).
// This is a golden-file check only: the independent check of the .reg and .cmd files is Wine's
// regedit, reg and cmd in test/windows/registry-artefacts.test.ts; the .ps1 and dnscmd files cannot
// run here (no PowerShell, no Microsoft DNS) and are not executed in CI.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/load.js';
import { formatNames, getRenderer, renderHostFiles, type RenderContext } from '../../src/render/index.js';

const ZONES = path.join(import.meta.dirname, '../../zones');
const manifest = JSON.parse(readFileSync(path.join(ZONES, 'example.outputs.json'), 'utf8')) as {
  plan: string;
  now: string;
  outputs: Array<{ file?: string; dir?: string; format: string; context?: Partial<RenderContext> }>;
};
const planFile = path.join(ZONES, manifest.plan);
const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);

/** Every file the manifest stands for, with the bytes generate would write. */
const expected = manifest.outputs.flatMap((entry) => {
  const context = { now: new Date(manifest.now), ...entry.context };
  const renderer = getRenderer(entry.format);
  const files = entry.dir === undefined ? [{ name: entry.file!, output: renderer.render(plan, context) }] : renderHostFiles(renderer, plan, context).map((f) => ({ ...f, name: path.join(entry.dir!, f.name) }));
  return files.map((f) => [f.name, Buffer.from(f.output.bytes ?? f.output.text)] as const);
});

describe('zones/example.* match the renderers', () => {
  it('the example plan names the schema for editors', () => {
    expect(JSON.parse(readFileSync(planFile, 'utf8')).$schema).toBe('../schema/plan.schema.json');
  });

  it('the manifest shows every format at least once', () => {
    expect([...new Set(manifest.outputs.map((o) => o.format))].sort()).toEqual([...formatNames()].sort());
  });

  it('each host-side directory holds exactly the files the renderers make (no stale host left)', () => {
    for (const dir of new Set(manifest.outputs.flatMap((o) => (o.dir === undefined ? [] : [o.dir])))) {
      const made = expected.filter(([name]) => path.dirname(name) === dir).map(([name]) => path.basename(name));
      expect(readdirSync(path.join(ZONES, dir)).sort()).toEqual([...made].sort());
    }
  });

  it.each(expected)('%s', (file, bytes) => {
    // On a mismatch: npx tsc -p tsconfig.json && node scripts/gen-examples.mjs
    expect(readFileSync(path.join(ZONES, file)).equals(bytes)).toBe(true);
  });
});
