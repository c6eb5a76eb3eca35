// The command examples in README.md and docs/**/*.md, run for real. A marker names the command; the
// fenced block after it holds `$ command`, the output, and `[exit status N]` when it is not 0:
//
//   <!-- example: kms-srv generate bind --plan zones/example.plan.json -->
//   <!-- example serve=zones/example.test.zone: kms-srv lookup _vlmcs._tcp.example.test --server 127.0.0.1:15353 -->
//   <!-- example ports: kms-srv demo -->
//
// `serve=FILE` runs the example against `kms-srv serve FILE` on a free loopback port (one server per
// file for all its examples); the command and the output show it as DOC_SERVER. `ports` maps the
// ephemeral ports a command picks itself (demo) to stable numbers. `standins=PORT,PORT` starts lab KMS
// stand-ins (they acknowledge the KMS RPC bind; not KMS hosts) on those loopback ports, as
// zones/lab.test.zone expects. `interrupt` is for `serve`: it runs on a free port instead of the
// DOC_SERVER port it names, and gets Ctrl-C (SIGINT) once it says it is listening. Everything that varies from run to
// run goes through normaliseOutput, and only there.
// Used by scripts/gen-docs-examples.mjs (writes the blocks) and test/docs/examples.test.ts (drift).
/* global process, setTimeout, clearTimeout, Buffer */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// What users run: the package's bin (the bundled CLI once built).
const CLI = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin['kms-srv']);
/** The address docs show for a lab server; 5 digits like the ephemeral ports it stands for. */
export const DOC_SERVER = '127.0.0.1:15353';
/** Wall-clock bound for one example; a command that hangs fails instead of stalling the run. */
const EXAMPLE_TIMEOUT_MS = 30_000;
const MARKER = /^<!-- example(?<attrs>[^:]*): (?<command>kms-srv .+?) -->$/;

/** README.md and every Markdown file under docs/, as paths relative to the root. */
export function docFiles(root = ROOT) {
  const docs = readdirSync(path.join(root, 'docs'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return ['README.md', ...docs.sort()];
}

/**
 * Every marked example of one Markdown text: its command, attributes, and the block's current body
 * with the line range it occupies (start and end are the fence lines).
 */
export function findExamples(file, text) {
  const lines = text.split('\n');
  const examples = [];
  for (let i = 0; i < lines.length; i++) {
    const match = MARKER.exec(lines[i]);
    if (!match) continue;
    const fence = lines[i + 1];
    if (fence === undefined || !fence.startsWith('```')) throw new Error(`${file}:${i + 1}: an example marker must be followed by a fenced block`);
    const end = lines.findIndex((line, j) => j > i + 1 && line === '```');
    if (end < 0) throw new Error(`${file}:${i + 2}: the example's fenced block is not closed`);
    const attrs = parseAttributes(match.groups.attrs, `${file}:${i + 1}`);
    examples.push({ file, line: i + 1, command: match.groups.command, ...attrs, start: i + 1, end, body: lines.slice(i + 2, end).join('\n') });
    i = end;
  }
  return examples;
}

function parseAttributes(text, where) {
  const attrs = { serve: undefined, ports: false, standins: [], interrupt: false };
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    if (word === 'ports') attrs.ports = true;
    else if (word === 'interrupt') attrs.interrupt = true;
    else if (word.startsWith('serve=')) attrs.serve = word.slice('serve='.length);
    else if (/^standins=\d+(,\d+)*$/.test(word)) attrs.standins = word.slice('standins='.length).split(',').map(Number);
    else throw new Error(`${where}: unknown example attribute "${word}" (serve=FILE, standins=PORT,…, ports, interrupt)`);
  }
  return attrs;
}

/** Splits a command line into words: whitespace separates, '…' and "…" quote. */
export function splitWords(command) {
  const words = [];
  for (const match of command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3]);
  return words;
}

/**
 * The one place output is made repeatable. What varies between runs, and what it becomes:
 * - the lab server's real address → DOC_SERVER (127.0.0.1:15353);
 * - with `ports`, every five-digit port (10000–65535: the ephemeral ranges of Linux, Windows and macOS)
 *   → 50001, 50002, … in order of first appearance (same width, so aligned columns stay aligned);
 * - temporary directories `/tmp/NAME-XXXXXX` (mkdtemp's six random characters) → `/tmp/NAME-XXXXXX`;
 * - instants (ISO 8601 in UTC) → 2026-01-01T00:00:00.000Z;
 * - measured durations: `in N ms`, a line's last `N ms`, `elapsedMs` in JSON → 1 ms / 1;
 *   rates `N/s` → `1000/s`; audit's `in N s (N per second` → `in 0.01 s (100 per second`, and the
 *   milliseconds column of its "slowest" table → 1, its header `ms` at that width (2).
 * - the package's own directory (help text names where zones/ is installed) → /usr/local/lib/node_modules/kms-srv,
 *   where `npm install -g` puts it on Linux;
 * - CRLF line ends (dnscmd, reg, reg-add, powershell write them) → LF, so the page holds no CR that an
 *   editor would silently drop; the format's section says which line ends it writes.
 * Fixed values a command prints (timeouts, TTLs, counts) are left alone.
 */
export function normaliseOutput(text, { server, ports = false } = {}) {
  let out = text;
  if (server) out = out.split(server).join(DOC_SERVER);
  if (ports) {
    const seen = new Map();
    out = out.replace(/(?<![\w.])(?:[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d\d|655[0-2]\d|6553[0-5])(?![\w.])/g, (port) => {
      if (!seen.has(port)) seen.set(port, String(50001 + seen.size));
      return seen.get(port);
    });
  }
  return out
    .split(ROOT).join('/usr/local/lib/node_modules/kms-srv')
    .replace(/\r\n/g, '\n')
    .replace(/(\/tmp\/[A-Za-z0-9._-]*-)[A-Za-z0-9]{6}(?![A-Za-z0-9])/g, '$1XXXXXX')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '2026-01-01T00:00:00.000Z')
    .replace(/\bin \d+ ms\b/g, 'in 1 ms')
    .replace(/(\s)\d+ ms$/gm, '$11 ms')
    .replace(/("elapsedMs":\s*)\d+(?:\.\d+)?/g, '$11')
    .replace(/\b\d+(?:\.\d+)?\/s\b/g, '1000/s')
    .replace(/\bin \d+(?:\.\d+)? s \(\d+ per second/g, 'in 0.01 s (100 per second')
    .replace(/^(slowest \d+:\n) *ms( {2}.*\n)((?: *\d+ {2}.*\n?)+)/m, (_all, title, head, rows) => `${title}ms${head}${rows.replace(/^ *\d+(?= {2})/gm, ' 1')}`);
}

/** Runs the CLI once; resolves with stdout, stderr and the exit status (killed after the bound). */
function runCli(args, env, cwd, interrupt = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => {
      out.push(chunk);
      if (interrupt && Buffer.concat(out).includes('Ctrl-C')) {
        interrupt = false;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), EXAMPLE_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) reject(new Error(`kms-srv ${args.join(' ')}: killed by ${signal} (bound ${EXAMPLE_TIMEOUT_MS} ms)`));
      else resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status: code });
    });
  });
}

/**
 * Examples run in a fresh temporary directory per group, so files they write (a state file, -o) land
 * there and never in the repository; the repository's example inputs are linked in.
 */
function workDirectory() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-docs-'));
  for (const name of ['zones', 'test', 'schema', 'docs']) symlinkSync(path.join(ROOT, name), path.join(dir, name));
  return dir;
}

/** `kms-srv serve FILE --port 0`, resolved once it prints the address it listens on. */
function startServe(zoneFile, env, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', zoneFile, '--port', '0'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kms-srv serve ${zoneFile}: no address within ${EXAMPLE_TIMEOUT_MS} ms`));
    }, EXAMPLE_TIMEOUT_MS);
    child.stderr.on('data', (chunk) => (seen += chunk));
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = / on (127\.0\.0\.1:\d+), UDP and TCP/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      const stopped = new Promise((done) => child.once('close', done));
      resolve({ address: match[1], stop: () => (child.kill('SIGTERM'), stopped) });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`kms-srv serve ${zoneFile} ended (status ${code}) before listening: ${seen}`));
    });
  });
}

/** The block body an example should have: `$ command`, stdout, stderr, `[exit status N]` unless 0. */
export function exampleBody(command, { stdout, stderr, status }, normalise) {
  const parts = [`$ ${command}`, normalise(stdout).replace(/\n$/, ''), normalise(stderr).replace(/\n$/, '')].filter((part) => part !== '');
  if (status !== 0) parts.push(`[exit status ${status}]`);
  return parts.join('\n');
}

/** Examples run at once: enough to overlap Node's start-up, few enough for a shared two-core machine. */
const PARALLEL_UNITS = 3;

/**
 * Runs every example; resolves with a Map from example to the body it should have. Examples that
 * share a `serve=` file (and stand-ins) run in document order against one server, since one may
 * leave state for the next (a --state file); the others run on their own, PARALLEL_UNITS at a time.
 * A failure to start a server or a hung command throws.
 */
export async function runExamples(examples) {
  if (!existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run \`npm run build\` first`);
  const env = { ...process.env, NO_COLOR: '1', TZ: 'UTC', LC_ALL: 'C' };
  delete env.FORCE_COLOR;
  const { startKmsStandIn } = await import(path.join(ROOT, 'dist/kms/stand-in.js'));
  const groups = new Map();
  for (const example of examples) {
    const shared = example.serve !== undefined || example.standins.length > 0;
    const key = shared ? `${example.serve ?? ''} ${example.standins.join(',')}` : example;
    groups.set(key, [...(groups.get(key) ?? []), example]);
  }
  const bodies = new Map();
  const runGroup = async (group) => {
    const { serve: zoneFile, standins } = group[0];
    const cwd = workDirectory();
    const kmsStandIns = [];
    let server;
    try {
      server = zoneFile ? await startServe(zoneFile, env, cwd) : undefined;
      for (const port of standins) kmsStandIns.push(await startKmsStandIn({ port, answerBind: true }));
      for (const example of group) {
        let command = server ? example.command.split(DOC_SERVER).join(server.address) : example.command;
        if (example.interrupt) command = command.replace(`--port ${DOC_SERVER.split(':')[1]}`, '--port 0');
        const result = await runCli(splitWords(command).slice(1), env, cwd, example.interrupt);
        const address = server?.address ?? (example.interrupt ? / on (127\.0\.0\.1:\d+),/.exec(result.stdout)?.[1] : undefined);
        bodies.set(example, exampleBody(example.command, result, (text) => normaliseOutput(text, { server: address, ports: example.ports })));
      }
    } finally {
      await Promise.all(kmsStandIns.map((standIn) => standIn.close()));
      await server?.stop();
      rmSync(cwd, { recursive: true, force: true });
    }
  };
  // The groups with a server first: they are the longest.
  const queue = [...groups.values()].sort((a, b) => b.length - a.length);
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) await runGroup(group);
  };
  await Promise.all(Array.from({ length: PARALLEL_UNITS }, worker));
  return bodies;
}

/** The Markdown text with each example's block replaced by its body from `bodies`. */
export function withBodies(text, examples, bodies) {
  const lines = text.split('\n');
  for (const example of [...examples].sort((a, b) => b.start - a.start)) {
    lines.splice(example.start + 1, example.end - example.start - 1, ...bodies.get(example).split('\n'));
  }
  return lines.join('\n');
}

/** Every example of README.md and docs/, read from disk. */
export function allExamples(root = ROOT) {
  return docFiles(root).flatMap((file) => findExamples(file, readFileSync(path.join(root, file), 'utf8')));
}
