import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';
import { VERSION } from '../../src/cli/version.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('kms-srv program', () => {
  it('keeps VERSION in step with package.json', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('answers --version from the built binary without loading commands', () => {
    const r = spawnSync(process.execPath, ['dist/cli/bin.js', '--version'], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('prints help listing the commands and exits 0', async () => {
    const io = memoryIo();
    const code = await run(['--help'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('Usage: kms-srv');
    expect(io.out()).toContain('Examples:');
  });

  it.each([
    [['no-such-command'], /unknown command/],
    [['--no-such-flag'], /unknown option/],
  ])('rejects %j with exit 2 and one message, no stack trace', async (args, message) => {
    const io = memoryIo();
    const code = await run(args, io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
