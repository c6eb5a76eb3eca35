// zones/example.* are generated from zones/example.plan.json (scripts/gen-examples.mjs); this keeps
// them in step with the renderers. The manifest lists every file with its format and context.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/load.js';
import { formatNames, getRenderer, type RenderContext } from '../../src/render/index.js';

const ZONES = path.join(import.meta.dirname, '../../zones');
const manifest = JSON.parse(readFileSync(path.join(ZONES, 'example.outputs.json'), 'utf8')) as {
  plan: string;
  now: string;
  outputs: Array<{ file: string; format: string; context?: Partial<RenderContext> }>;
};
const planFile = path.join(ZONES, manifest.plan);
const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);

describe('zones/example.* match the renderers', () => {
  it('the example plan names the schema for editors', () => {
    expect(JSON.parse(readFileSync(planFile, 'utf8')).$schema).toBe('../schema/plan.schema.json');
  });

  it('the manifest shows every format at least once', () => {
    expect([...new Set(manifest.outputs.map((o) => o.format))].sort()).toEqual([...formatNames()].sort());
  });

  it.each(manifest.outputs.map((o) => [o.file, o] as const))('%s', (file, output) => {
    const { text } = getRenderer(output.format).render(plan, { now: new Date(manifest.now), ...output.context });
    // On a mismatch: npx tsc -p tsconfig.json && node scripts/gen-examples.mjs
    expect(readFileSync(path.join(ZONES, file), 'utf8')).toBe(text);
  });
});
