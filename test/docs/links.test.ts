// Every relative link in README.md and docs/ lands on a file of the repository, and an anchor on a
// heading of the Markdown page it names (GitHub's anchors).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docFiles, ROOT } from '../../scripts/docs-examples.mjs';
import { anchorsOf, linksOf } from '../helpers/markdown.js';

const pages = docFiles().map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));

function brokenLinks(file: string, text: string): string[] {
  const broken: string[] = [];
  for (const { target } of linksOf(text)) {
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto: — not checked offline
    const [relative = '', anchor] = target.split('#');
    const resolved = relative === '' ? path.join(ROOT, file) : path.resolve(path.dirname(path.join(ROOT, file)), decodeURIComponent(relative));
    if (!resolved.startsWith(ROOT) || !existsSync(resolved)) {
      broken.push(`${target}: no such file`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!statSync(resolved).isFile() || !resolved.endsWith('.md')) {
      broken.push(`${target}: an anchor into a file that is not a Markdown page`);
      continue;
    }
    if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${target}: no heading with anchor #${anchor}`);
  }
  return broken;
}

describe('relative links in README.md and docs/', () => {
  it('the pages link to each other', () => {
    expect(pages.map((page) => page.file)).toEqual(expect.arrayContaining(['README.md', 'docs/codes.md', 'docs/commands/doctor.md']));
    expect(linksOf(pages.find((page) => page.file === 'README.md')!.text).length).toBeGreaterThan(10);
  });

  it.each(pages.map((page) => [page.file, page.text] as const))('%s: every link resolves', (file, text) => {
    expect(brokenLinks(file, text)).toEqual([]);
  });

  it('finds a missing file and a missing anchor', () => {
    expect(brokenLinks('docs/x.md', '[a](nothere.md) [b](codes.md#nothere) [c](codes.md#0x8007232b) [d](https://example.test/)')).toEqual([
      'nothere.md: no such file',
      'codes.md#nothere: no heading with anchor #nothere',
    ]);
  });
});
