// man/kms-srv.1 is what `kms-srv man` prints from the help (regenerate: npm run build && node
// scripts/gen-man.mjs), it is shipped and declared in package.json, and groff reads it without a warning.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { COMMANDS, allCommands, run } from '../../src/cli/program.js';
import { findBinary } from '../helpers/bind.js';

const ROOT = path.join(import.meta.dirname, '../..');
const MAN = path.join(ROOT, 'man/kms-srv.1');

async function manText(): Promise<string> {
  const io = memoryIo();
  expect(await run(['man'], io)).toBe(0);
  return io.out();
}

function groffMissing(): boolean {
  if (findBinary('groff')) return false;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error('groff is not installed but CI=true (groff-base, see .ci/run)');
  process.stderr.write('\n*** SKIPPING the groff check of man/kms-srv.1: groff is not installed ***\n\n');
  return true;
}

describe('man/kms-srv.1', () => {
  it('is what kms-srv man prints now', async () => {
    expect(readFileSync(MAN, 'utf8')).toBe(await manText());
  });

  it('has a section for every command, with its options and examples', async () => {
    const text = await manText();
    const { Command } = await import('commander');
    const program = new Command('kms-srv');
    for (const entry of COMMANDS) (await entry.load()).register(program, memoryIo(), { exitCode: 0 });
    for (const command of allCommands(program)) {
      const names: string[] = [];
      for (let c: typeof command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
      expect(text).toContain(`.SS "kms\\-srv ${names.join(' ').replace(/-/g, '\\-')}"`);
    }
    expect(text).toContain('.B \\-\\-server <host[:port]>');
    expect(text.match(/^Examples:$/gm)?.length).toBe(allCommands(program).length);
  });

  it('is shipped and declared as the package\'s man page', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { man: string[]; files: string[] };
    expect(pkg.man).toEqual(['./man/kms-srv.1']);
    expect(pkg.files).toContain('man');
  });

  it.skipIf(groffMissing())('groff -man -ww reads it without a warning', () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', MAN], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
