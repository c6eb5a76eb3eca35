// Writes docs/checks.md from the check catalogue. Run after `npm run build`.
/* global process, URL */
import { writeFileSync } from 'node:fs';
import { renderChecksMarkdown } from '../dist/checks/markdown.js';

writeFileSync(new URL('../docs/checks.md', import.meta.url), renderChecksMarkdown());
process.stdout.write('docs/checks.md written\n');
