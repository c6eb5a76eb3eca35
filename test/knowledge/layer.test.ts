// src/knowledge is pure data at the bottom: dns/, kms/, checks/, audit/ and the CLI read it, so it
// must not read any of them back.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.join(import.meta.dirname, '../../src/knowledge');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('src/knowledge imports only itself and util/', () => {
  it('has files to check', () => {
    expect(FILES).toContain('client-error.ts');
  });

  it.each(FILES)('%s', (file) => {
    const text = readFileSync(path.join(DIR, file), 'utf8');
    const specifiers = [...text.matchAll(/^(?:import|export)\b[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
    const outside = specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('../util/'));
    expect(outside).toEqual([]);
  });
});
