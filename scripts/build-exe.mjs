// `npm run build:exe`: the bundled CLI (dist/kms-srv.cjs, made by `npm run build`) as two single
// executable applications (Node SEA) that need no Node installed:
//   dist-exe/kms-srv.exe          Windows x64: Windows node.exe of this Node's version (scripts/windows-node.mjs)
//   dist-exe/kms-srv-linux-x64    Linux x64: this machine's node binary
// Each: a preparation blob from `node --experimental-sea-config`, a copy of the node binary, the blob
// injected with postject under the SEA sentinel fuse. Every output is built in a temp file beside it
// and renamed into place, so a failed step leaves the previous file (or none), never half of one.
// Usage: node scripts/build-exe.mjs [OUTDIR] [--only windows|linux]
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { inject } from 'postject';
import { ensureWindowsNode } from './windows-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(root, 'dist', 'kms-srv.cjs');
export const EXE_DIR = path.join(root, 'dist-exe');
// The fuse Node checks to know a blob was injected (Node's single-executable-applications docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** A failed step, named, with what the tool said. */
class BuildStepError extends Error {}

function run(step, command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, ...options });
  if (r.error || r.status !== 0) {
    const said = r.error ? r.error.message : (r.stderr || r.stdout || '').trim().slice(0, 600);
    throw new BuildStepError(`${step} failed (${r.error ? 'could not run' : `exit ${r.status}`}): ${said}`);
  }
  return r;
}

/**
 * The SEA preparation blob for the bundle. The code cache (compiled functions, which skips most of
 * parsing at start) is only valid for the V8 and platform that made it, so the Windows blob has none.
 */
function seaBlob(work, name, { bundle, codeCache }) {
  const blob = path.join(work, `${name}.blob`);
  const config = path.join(work, `${name}.sea-config.json`);
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: codeCache }));
  run(`node --experimental-sea-config (${name})`, process.execPath, ['--experimental-sea-config', config], { cwd: work });
  return blob;
}

/** Copies `nodeBinary`, injects `blob`, renames the result to `target`. */
async function makeExecutable(nodeBinary, blob, target, { windows }) {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}`);
  try {
    copyFileSync(nodeBinary, temp);
    chmodSync(temp, 0o755);
    try {
      // postject warns on stderr that the Windows binary's signature no longer matches; it is not re-signed.
      await inject(temp, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE, overwrite: false });
    } catch (error) {
      throw new BuildStepError(`postject into ${path.basename(target)} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
  return { path: target, bytes: statSync(target).size, windows };
}

/**
 * Builds the executables of `bundle` (default dist/kms-srv.cjs) into `outDir` (default dist-exe/);
 * `only` limits it to one platform. Returns what it wrote.
 */
export async function buildExecutables({ outDir = EXE_DIR, only = undefined, bundle = BUNDLE } = {}) {
  if (!existsSync(bundle)) throw new BuildStepError(`${path.relative(root, bundle)} is missing: run npm run build first`);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new BuildStepError(`build:exe runs on Linux x64 (this is ${process.platform}-${process.arch}): it injects into this machine's node binary`);
  }
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(path.join(outDir, '.build-'));
  const built = [];
  try {
    if (only !== 'linux') {
      let windowsNode;
      try {
        windowsNode = ensureWindowsNode();
      } catch (error) {
        throw new BuildStepError(`fetching Windows node.exe failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      built.push(await makeExecutable(windowsNode, seaBlob(work, 'windows', { bundle, codeCache: false }), path.join(outDir, 'kms-srv.exe'), { windows: true }));
    }
    if (only !== 'windows') {
      built.push(await makeExecutable(process.execPath, seaBlob(work, 'linux', { bundle, codeCache: true }), path.join(outDir, 'kms-srv-linux-x64'), { windows: false }));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
  try {
    if (only !== undefined && only !== 'windows' && only !== 'linux') throw new BuildStepError(`--only must be windows or linux, got "${only}"`);
    for (const exe of await buildExecutables({ outDir: args[0] ? path.resolve(args[0]) : EXE_DIR, only })) {
      process.stderr.write(`build:exe: ${path.relative(process.cwd(), exe.path)} (${(exe.bytes / 2 ** 20).toFixed(1)} MiB)\n`);
    }
  } catch (error) {
    process.stderr.write(`build:exe: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
