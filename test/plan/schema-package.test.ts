// The plan schema as users meet it: a draft 2020-12 schema that any validator compiles on its own,
// shipped in the package (`files`, `exports`) so a plan's `$schema` can point into node_modules.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '../..');
const SCHEMA_FILE = path.join(ROOT, 'schema/plan.schema.json');
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $schema: string; properties: Record<string, unknown> };
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; files: string[]; exports: Record<string, unknown> };

describe('schema/plan.schema.json', () => {
  it('is a draft 2020-12 schema that a plain Ajv compiles in strict mode, and the example plan passes it', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(schema);
    const example = JSON.parse(readFileSync(path.join(ROOT, 'zones/example.plan.json'), 'utf8')) as unknown;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    // A plan may name its schema: the schema itself must allow the field.
    expect(schema.properties).toHaveProperty('$schema');
  });

  it('is published: in package.json files, and exported under its path', () => {
    expect(pkg.files).toContain('schema');
    expect(pkg.exports['./schema/plan.schema.json']).toBe('./schema/plan.schema.json');
    // Self-reference through the exports map, as an installed copy resolves it.
    expect(createRequire(import.meta.url).resolve(`${pkg.name}/schema/plan.schema.json`)).toBe(SCHEMA_FILE);
  });

  it('is in the tarball npm would publish', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(packed.status, packed.stderr).toBe(0);
    const [entry] = JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>;
    const files = entry!.files.map((f) => f.path);
    expect(files).toContain('schema/plan.schema.json');
    expect(files).toContain('zones/example.plan.json');
  });
});
