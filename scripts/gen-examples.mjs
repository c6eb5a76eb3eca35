// Regenerates zones/example.* from zones/example.plan.json with the fixed clock in
// zones/example.outputs.json. Run after `npx tsc -p tsconfig.json`: node scripts/gen-examples.mjs
// test/render/examples.test.ts fails when a file here is out of step with the renderers.
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parsePlan } = await import(path.join(root, 'dist/plan/load.js'));
const { getRenderer } = await import(path.join(root, 'dist/render/index.js'));

const zones = path.join(root, 'zones');
const manifest = JSON.parse(readFileSync(path.join(zones, 'example.outputs.json'), 'utf8'));
const planFile = path.join(zones, manifest.plan);
const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);
for (const output of manifest.outputs) {
  const { text } = getRenderer(output.format).render(plan, { now: new Date(manifest.now), ...output.context });
  writeFileSync(path.join(zones, output.file), text);
  process.stdout.write(`wrote zones/${output.file}\n`);
}
