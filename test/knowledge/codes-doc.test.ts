import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODES, formatCode } from '../../src/knowledge/codes.js';
import { EVENTS } from '../../src/knowledge/client-error.js';
import { renderCodesMarkdown } from '../../src/knowledge/codes-markdown.js';

describe('docs/codes.md', () => {
  it('is what renderCodesMarkdown() writes (regenerate: npm run build && node scripts/gen-codes-doc.mjs)', () => {
    expect(readFileSync('docs/codes.md', 'utf8')).toBe(renderCodesMarkdown());
  });

  it('has a section with the meaning of every code and event, and a row for every client event', () => {
    const doc = renderCodesMarkdown();
    for (const entry of CODES) {
      expect(doc).toContain(`## ${formatCode(entry)}\n`);
      expect(doc).toContain(entry.meaning);
    }
    for (const event of Object.values(EVENTS)) expect(doc).toContain(`| ${event.words} |`);
  });
});
