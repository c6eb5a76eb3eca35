// Writes man/kms-srv.1 (what `kms-srv man` prints) and test/cli/golden/completion.ps1. Run after `npm run build`.
/* global process, URL */
import { mkdirSync, writeFileSync } from 'node:fs';
import { memoryIo } from '../dist/cli/io.js';
import { run } from '../dist/cli/program.js';

for (const [args, file] of [
  [['man'], '../man/kms-srv.1'],
  [['completion', 'powershell'], '../test/cli/golden/completion.ps1'],
]) {
  const io = memoryIo();
  if ((await run(args, io)) !== 0) throw new Error(`kms-srv ${args.join(' ')} failed: ${io.err()}`);
  const target = new URL(file, import.meta.url);
  mkdirSync(new URL('.', target), { recursive: true });
  writeFileSync(target, io.out());
  process.stdout.write(`${file.slice(3)} written\n`);
}
