// `kms-srv completion SHELL`: scripts made from the registered commands. bash is syntax-checked and
// driven through its completion function; zsh and fish are syntax-checked by the shells; PowerShell
// (no pwsh here) is compared with a golden file (regenerate: npm run build && node scripts/gen-man.mjs).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { findBinary } from '../helpers/bind.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function script(shell: string): Promise<string> {
  const io = memoryIo();
  expect(await run(['completion', shell], io)).toBe(0);
  const file = path.join(dir, `kms-srv.${shell}`);
  writeFileSync(file, io.out());
  return file;
}

/** A shell that must be there in CI, and is a visible skip elsewhere. */
function shellMissing(name: string): boolean {
  if (findBinary(name)) return false;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${name} is not installed but CI=true (see .ci/run)`);
  process.stderr.write(`\n*** SKIPPING the ${name} completion check: ${name} is not installed ***\n\n`);
  return true;
}

describe('completion', () => {
  it('refuses a shell it does not know, naming the choices', async () => {
    const io = memoryIo();
    expect(await run(['completion', 'tcsh'], io)).toBe(2);
    expect(io.err()).toMatch(/tcsh.*bash, zsh, fish, powershell/);
  });

  it('bash: the script parses', async () => {
    const r = spawnSync('bash', ['-n', await script('bash')], { encoding: 'utf8', timeout: 10_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['kms-srv lo', ['lookup']],
    ['kms-srv a', ['audit', 'avma']],
    ['kms-srv avma ', ['key', 'matrix', 'check', 'event']],
    ['kms-srv avma key --ed', ['--edition']],
    ['kms-srv lookup --se', ['--server']],
    ['kms-srv check-zone x.zone --color ', ['auto', 'always', 'never']],
    ['kms-srv --color never doctor --pro', ['--profile', '--probe', '--probe-timeout']],
    ['kms-srv order --profile ', ['win7', 'vista']],
    ['kms-srv order --profile win7 --co', ['--count', '--color']],
    ['kms-srv completion ', ['bash', 'zsh', 'fish', 'powershell']],
    ['kms-srv generate zone -o ', ['FILES']],
  ])('bash: %j completes to %j', async (line, expected) => {
    const words = line.split(' ');
    // Files in the working directory, so file completion has something to show.
    const cwd = mkdtempSync(path.join(dir, 'cwd-'));
    writeFileSync(path.join(cwd, 'FILES'), '');
    const driver = [
      `source ${JSON.stringify(await script('bash'))}`,
      `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      '_kms_srv',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = spawnSync('bash', ['-c', driver], { cwd, encoding: 'utf8', timeout: 10_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([...expected].sort());
  });

  it.skipIf(shellMissing('zsh'))('zsh: the script parses', async () => {
    const r = spawnSync('zsh', ['-n', await script('zsh')], { encoding: 'utf8', timeout: 10_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(shellMissing('fish'))('fish: the script parses, and fish lists the commands from it', async () => {
    const file = await script('fish');
    const parse = spawnSync('fish', ['--no-execute', file], { encoding: 'utf8', timeout: 10_000 });
    expect(parse.stderr).toBe('');
    expect(parse.status).toBe(0);
    const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C 'kms-srv avma '`], { encoding: 'utf8', timeout: 10_000 });
    expect(r.stdout.split('\n').map((l) => l.split('\t')[0]).filter(Boolean).sort()).toEqual(['check', 'event', 'key', 'matrix']);
  });

  it('powershell: the golden file', async () => {
    const golden = readFileSync(path.join(import.meta.dirname, 'golden/completion.ps1'), 'utf8');
    expect(readFileSync(await script('powershell'), 'utf8')).toBe(golden);
  });
});
