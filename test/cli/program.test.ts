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

describe('command table', () => {
  it('names exactly the commands each module registers, so lazy loading finds them', async () => {
    const { COMMANDS } = await import('../../src/cli/program.js');
    const { Command } = await import('commander');
    for (const entry of COMMANDS) {
      const program = new Command();
      (await entry.load()).register(program, memoryIo(), { exitCode: 0 });
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...entry.names].sort());
    }
  });

  it('exits quietly when stdout is a closed pipe', () => {
    // 200,000 orders are far more than a pipe buffer holds, so the writer meets the closed pipe.
    const r = spawnSync('sh', ['-c', `${process.execPath} dist/cli/bin.js order --records zones/example.records.json --count 200000 --seed 1 | head -c 1 >/dev/null`], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});

describe('no command', () => {
  it('prints help on stderr and exits 2', async () => {
    const io = memoryIo();
    expect(await run([], io)).toBe(2);
    expect(io.err()).toContain('Usage: kms-srv');
  });
});
