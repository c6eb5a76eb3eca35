// Code cites docs/behaviour.md for the facts it relies on. Every citation must land on a section of that
// page, and nothing may cite the outside specification the project started from (it is not in the repo).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorOf } from './helpers/markdown.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs|cjs|md|sh|json)$/.test(entry.name))
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')),
  );
}

const page = readFileSync(path.join(root, 'docs/behaviour.md'), 'utf8');
const anchors = new Set([...page.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
// This file names what it looks for, so it is left out.
const sources = [...filesUnder('src', 'test', 'bench', 'scripts', 'docs', 'schema'), 'README.md'].filter((file) => file !== 'test/behaviour-doc.test.ts');

describe('docs/behaviour.md citations', () => {
  it('no source cites the outside specification by section', () => {
    const citing = sources.filter((file) => readFileSync(path.join(root, file), 'utf8').includes('SPEC §'));
    expect(citing).toEqual([]);
  });

  it('every docs/behaviour.md#anchor cited exists', () => {
    const cited = sources.flatMap((file) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(/behaviour\.md((?:#[a-z0-9-]+)(?:, #[a-z0-9-]+)*)/g)].flatMap((m) =>
        m[1]!.split(', ').map((anchor) => ({ file, anchor: anchor.slice(1) })),
      ),
    );
    expect(cited.length).toBeGreaterThan(40);
    expect(cited.filter(({ anchor }) => !anchors.has(anchor))).toEqual([]);
  });

  it('the page links to its own sections by anchors it has', () => {
    const internal = [...page.matchAll(/\]\(#([a-z0-9-]+)\)/g)].map((m) => m[1]!);
    expect(internal.length).toBeGreaterThan(0);
    expect(internal.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });
});
