// `npm run fuzz` (node bench/fuzz.mjs N [SEED]): N seeded mutations of real DNS answers through the
// resolver's decode-and-validate path (dist/, so build first). Exits 1 if any exception escapes.
import { fuzzValidate } from '../dist/dns/fuzz.js';

const iterations = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(iterations) || iterations < 1) {
  process.stderr.write('usage: node bench/fuzz.mjs N [SEED]\n');
  process.exit(2);
}
const started = performance.now();
const stats = fuzzValidate(iterations, seed);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `fuzz: ${stats.iterations} mutations (seed ${seed}) in ${seconds.toFixed(1)} s: ${stats.accepted} accepted, ${stats.rejected} rejected, ${stats.escaped} escaped exceptions\n`,
);
if (stats.escaped > 0) {
  process.stderr.write(`first escape: ${stats.firstEscape}\n`);
  process.exitCode = 1;
}

// The same count through the whole resolver path: the in-process responder sends each mutated answer
// over real sockets (src/dns/fuzz-sockets.ts); every query must end in a result or a typed DnsError.
const { fuzzOverSockets } = await import('../dist/dns/fuzz-sockets.js');
const socketStarted = performance.now();
const sockets = await fuzzOverSockets(iterations, seed, { pooled: true, concurrency: 256 });
process.stdout.write(
  `fuzz over sockets: ${sockets.iterations} mutated answers (seed ${seed}) in ${((performance.now() - socketStarted) / 1000).toFixed(1)} s: ${sockets.answered} answered, failures ${JSON.stringify(sockets.failures)}, ${sockets.escaped} escaped, ${sockets.hung} hung\n`,
);
if (sockets.escaped > 0 || sockets.hung > 0) {
  process.stderr.write(`first problem: ${sockets.firstProblem}\n`);
  process.exitCode = 1;
}

// The same count through every file reader (src/cli/fuzz-files.ts): zone, plan JSON and YAML, .reg,
// audit list, host cache; each input ends accepted or with the reader's typed error.
const { FILE_READERS, fuzzFileReader } = await import('../dist/cli/fuzz-files.js');
for (const reader of FILE_READERS) {
  const started = performance.now();
  const stats = await fuzzFileReader(reader, iterations, seed);
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  process.stdout.write(
    `fuzz files (${reader}): ${stats.iterations} mutations (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${stats.accepted} accepted, ${stats.refused} refused, ${stats.escaped} escaped; process RSS now ${rss} MiB\n`,
  );
  if (stats.escaped > 0) {
    process.stderr.write(`first escape: ${stats.firstEscape}\n`);
    process.exitCode = 1;
  }
}
