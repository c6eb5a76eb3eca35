// kms-srv as a Windows user runs it, under Wine: the one place the Windows lane's tests name the
// program (today Windows node.exe with dist/cli/bin.js; the single executable once it exists).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWindowsNode } from '../../scripts/windows-node.mjs';
import { runWindows, windowsPath, type WindowsRun } from './wine.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The program and the arguments before kms-srv's own. */
function program(): { file: string; args: string[] } {
  return { file: ensureWindowsNode(), args: [windowsPath(path.join(ROOT, 'dist/cli/bin.js'))] };
}

/** Runs `kms-srv ARGS` under Wine in `prefix`; output in files, bounded in time. */
export function runKmsSrvWindows(prefix: string, args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): WindowsRun {
  const { file, args: before } = program();
  return runWindows(prefix, file, [...before, ...args], { timeoutMs: 120_000, ...options });
}
