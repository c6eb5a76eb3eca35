// Fills every example block in README.md and docs/**/*.md with the real output of its command (see
// scripts/docs-examples.mjs for the marker and what is normalised). Run after `npm run build`:
//   node scripts/gen-docs-examples.mjs          rewrite the blocks
//   node scripts/gen-docs-examples.mjs --check  change nothing; exit 1 naming each block that drifted
// test/docs/examples.test.ts runs the same examples and fails on drift.
/* global process */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, docFiles, findExamples, runExamples, withBodies } from './docs-examples.mjs';

const check = process.argv.includes('--check');
const pages = docFiles().map((file) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return { file, text, examples: findExamples(file, text) };
});
const bodies = await runExamples(pages.flatMap((page) => page.examples));
let drifted = 0;
for (const page of pages) {
  for (const example of page.examples) {
    if (example.body === bodies.get(example)) continue;
    drifted++;
    process.stdout.write(`${check ? 'drifted' : 'updated'}: ${page.file}:${example.line} ${example.command}\n`);
  }
  const text = withBodies(page.text, page.examples, bodies);
  if (!check && text !== page.text) {
    // Written beside the page and renamed over it, so an interrupted run leaves the page whole.
    const temp = path.join(ROOT, `${page.file}.tmp-${process.pid}`);
    writeFileSync(temp, text);
    renameSync(temp, path.join(ROOT, page.file));
  }
}
process.stdout.write(`${bodies.size} examples, ${drifted} ${check ? 'drifted' : 'updated'}\n`);
if (check && drifted > 0) process.exitCode = 1;
