// Regenerates zones/example.* from zones/example.plan.json with the fixed clock in
// zones/example.outputs.json. Run after `npx tsc -p tsconfig.json`: node scripts/gen-examples.mjs
// test/render/examples.test.ts fails when a file here is out of step with the renderers.
// An entry with `file` is one stream; one with `dir` is a host-side format written one file per
// host, as `generate FORMAT --output-dir DIR` writes it. Files get the bytes generate writes
// (.reg: UTF-16LE with a byte order mark).
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parsePlan } = await import(path.join(root, 'dist/plan/load.js'));
const { getRenderer, renderHostFiles } = await import(path.join(root, 'dist/render/index.js'));

const zones = path.join(root, 'zones');
const manifest = JSON.parse(readFileSync(path.join(zones, 'example.outputs.json'), 'utf8'));
const planFile = path.join(zones, manifest.plan);
const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);
for (const entry of manifest.outputs) {
  const context = { now: new Date(manifest.now), ...entry.context };
  const renderer = getRenderer(entry.format);
  const files = entry.dir === undefined
    ? [{ name: entry.file, output: renderer.render(plan, context) }]
    : renderHostFiles(renderer, plan, context).map((f) => ({ ...f, name: path.join(entry.dir, f.name) }));
  for (const { name, output } of files) {
    mkdirSync(path.dirname(path.join(zones, name)), { recursive: true });
    writeFileSync(path.join(zones, name), output.bytes ?? output.text);
    process.stdout.write(`wrote zones/${name}\n`);
  }
}
