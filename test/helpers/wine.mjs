// Wine for the Windows lane of the tests: a Wine prefix (a private Windows registry and C: drive),
// and a runner for Windows programs (reg, regedit, cmd, Windows node.exe) in it. Plain JavaScript
// like named.mjs, so scripts and benchmarks can share it.
// Facts this relies on (measured with Wine 8 on Debian): a fresh prefix takes 7–20 s; Windows Node
// refuses to start unless the prefix claims Windows 8.1 or later (winecfg /v win10); Windows Node
// writing to a pipe fails with EBADF, so stdout and stderr always go to files.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WINE_CANDIDATES = ['/usr/lib/wine/wine64', '/usr/bin/wine64', '/usr/bin/wine'];

/** The Wine loader for 64-bit programs, or undefined when Wine is not installed. */
export const WINE = WINE_CANDIDATES.find((candidate) => existsSync(candidate));

function wineserverPath() {
  for (const candidate of ['/usr/lib/wine/wineserver64', '/usr/lib/wine/wineserver', '/usr/bin/wineserver']) {
    if (existsSync(candidate)) return candidate;
  }
  return 'wineserver';
}

/** Environment for Wine commands in `prefix`: quiet, no desktop integration. */
export function wineEnv(prefix, extra = {}) {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    DISPLAY: '',
    ...extra,
  };
}

/**
 * True when Wine tests must be skipped. In CI a missing Wine throws instead, so the suite fails.
 * Use as `describe.skipIf(wineMissing())(...)`.
 */
export function wineMissing() {
  if (WINE) return false;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error('wine is not installed but CI=true: install wine wine64 (see .ci/run)');
  }
  process.stderr.write('\n*** SKIPPING the Windows lane: wine is not installed (apt-get install wine wine64) ***\n\n');
  return true;
}

/**
 * Creates a Wine prefix in `dir` (which must not exist yet) that claims Windows 10.
 * Bounded: each step has a time limit, and a failure names the step.
 */
export function createWinePrefix(dir) {
  if (!WINE) throw new Error('wine is not installed');
  const env = wineEnv(dir);
  const boot = spawnSync(WINE, ['wineboot', '--init'], { env, encoding: 'utf8', timeout: 180_000 });
  if (boot.status !== 0) throw new Error(`wineboot in ${dir} failed (status ${boot.status}): ${String(boot.stderr).slice(0, 400)}`);
  const version = spawnSync(WINE, ['winecfg', '/v', 'win10'], { env, encoding: 'utf8', timeout: 60_000 });
  if (version.status !== 0) throw new Error(`winecfg /v win10 in ${dir} failed (status ${version.status})`);
  // Let the registry reach the disk before anyone copies or reuses the prefix.
  spawnSync(wineserverPath(), ['-w'], { env, timeout: 60_000 });
  return dir;
}

/**
 * A Wine prefix shared by the test files that only read the registry or run programs which do not
 * change it. Created once per machine and user under the temp directory, behind a lock directory, so
 * parallel test workers wait for one creation instead of racing.
 */
export function sharedWinePrefix() {
  const base = path.join(os.tmpdir(), `kms-srv-wine-${process.getuid?.() ?? 'user'}`);
  const prefix = path.join(base, 'prefix');
  const ready = path.join(base, 'ready');
  if (existsSync(ready)) return prefix;
  mkdirSync(base, { recursive: true });
  const lock = path.join(base, 'lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(ready)) return prefix;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock} (remove it if no test is running)`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!existsSync(ready)) {
      const building = mkdtempSync(path.join(base, 'building-'));
      rmSync(building, { recursive: true, force: true });
      createWinePrefix(building);
      rmSync(prefix, { recursive: true, force: true });
      renameSync(building, prefix);
      writeFileSync(ready, `${new Date().toISOString()}\n`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return prefix;
}

/** A private prefix for a test that changes the registry; remove it with `removeWinePrefix`. */
export function privateWinePrefix() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-wineprefix-'));
  rmSync(dir, { recursive: true, force: true });
  return createWinePrefix(dir);
}

/** Stops the prefix's wineserver and deletes the prefix. */
export function removeWinePrefix(prefix) {
  spawnSync(wineserverPath(), ['-k'], { env: wineEnv(prefix), timeout: 30_000 });
  rmSync(prefix, { recursive: true, force: true });
}

/** `Z:\…` path through which Windows programs in Wine see a Linux path. */
export function windowsPath(linuxPath) {
  return `Z:${path.resolve(linuxPath).replaceAll('/', '\\')}`;
}

/**
 * Runs a Windows program under Wine in `prefix`, stdout and stderr to files (never a pipe), bounded
 * by `timeoutMs`. Returns the exit status and both outputs as bytes and as UTF-8 text.
 */
export function runWindows(prefix, program, args = [], options = {}) {
  if (!WINE) throw new Error('wine is not installed');
  const work = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-winerun-'));
  const outFile = path.join(work, 'stdout');
  const errFile = path.join(work, 'stderr');
  try {
    const out = openSync(outFile, 'w');
    const err = openSync(errFile, 'w');
    let result;
    try {
      result = spawnSync(WINE, [program, ...args], {
        cwd: options.cwd,
        env: wineEnv(prefix, options.env),
        input: options.input,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', out, err],
        timeout: options.timeoutMs ?? 120_000,
      });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    const stdoutBytes = readFileSync(outFile);
    const stderrBytes = readFileSync(errFile);
    return {
      status: result.status,
      signal: result.signal,
      timedOut: result.error?.code === 'ETIMEDOUT',
      stdoutBytes,
      stderrBytes,
      stdout: stdoutBytes.toString('utf8'),
      stderr: stderrBytes.toString('utf8'),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
