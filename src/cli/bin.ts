#!/usr/bin/env node
// Entry point. `--version` is answered before commander or any command module loads, so it costs
// little more than starting Node (README, Performance).
import { VERSION } from './version.js';

// A closed pipe (`kms-srv audit … | head`) ends the run quietly instead of with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

async function runCommand(args: readonly string[]): Promise<void> {
  const [{ run }, { processIo }] = await Promise.all([import('./program.js'), import('./io.js')]);
  process.exitCode = await run(args, processIo());
}

// No top-level await: the same file is bundled into CommonJS for npm's bin and the single executables.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  void runCommand(args);
}
