// Writes docs/codes.md from the code table and the client-error rule. Run after `npm run build`.
/* global process, URL */
import { writeFileSync } from 'node:fs';
import { renderCodesMarkdown } from '../dist/knowledge/codes-markdown.js';

writeFileSync(new URL('../docs/codes.md', import.meta.url), renderCodesMarkdown());
process.stdout.write('docs/codes.md written\n');
