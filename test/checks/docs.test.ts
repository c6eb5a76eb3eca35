import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import { renderChecksMarkdown } from '../../src/checks/markdown.js';

describe('docs/checks.md', () => {
  it('is what renderChecksMarkdown() writes (regenerate: npm run build && node scripts/gen-checks-doc.mjs)', () => {
    expect(readFileSync('docs/checks.md', 'utf8')).toBe(renderChecksMarkdown());
  });

  it('has a table row and a section for every check', () => {
    const doc = renderChecksMarkdown();
    for (const c of CHECKS) {
      expect(doc).toContain(`| \`${c.id}\` | ${c.severity} | ${c.where} |`);
      expect(doc).toContain(`## \`${c.id}\``);
      expect(doc).toContain(c.fix);
    }
  });
});
