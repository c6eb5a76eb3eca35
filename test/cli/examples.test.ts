// Every command's --help has Examples, they name only files that ship (zones/) or that they write
// themselves, and those that need no server or other tool run, from a directory holding a copy of
// zones/ as an installed package has it.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { EXAMPLES, PACKAGE_ZONES } from '../../src/cli/examples.js';
import { memoryIo } from '../../src/cli/io.js';
import { COMMANDS, allCommands, run } from '../../src/cli/program.js';

const ROOT = path.join(import.meta.dirname, '../..');
const installed = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-examples-'));
cpSync(path.join(ROOT, 'zones'), path.join(installed, 'zones'), { recursive: true });
afterAll(() => rmSync(installed, { recursive: true, force: true }));

const all = Object.entries(EXAMPLES).flatMap(([command, lines]) => lines.map((line) => [command, line] as const));

/** The words of an example, with "double quotes" around one word, as a shell would split it. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Needs a DNS server, another program, the network or a shell feature: checked for syntax only. */
const offline = (line: string) => !/--server|--kms-host|\||>|tsig-keygen|^kms-srv (demo|lookup|serve|discover|doctor|audit)\b|kms-update\.key/.test(line);

describe('Examples', () => {
  it('every command has examples in its --help', async () => {
    const program = new Command('kms-srv');
    for (const entry of COMMANDS) (await entry.load()).register(program, memoryIo(), { exitCode: 0 });
    for (const command of allCommands(program)) {
      const names: string[] = [];
      for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
      const io = memoryIo();
      expect(await run([...names, '--help'], io)).toBe(0);
      expect(io.out(), names.join(' ')).toMatch(/\nExamples:\n {2}\S/);
    }
  });

  it('the help says where zones/ is installed', async () => {
    const io = memoryIo();
    await run(['generate', '--help'], io);
    expect(io.out()).toContain(`(${PACKAGE_ZONES})`);
    expect(readFileSync(path.join(PACKAGE_ZONES, 'example.plan.json'), 'utf8')).toContain('hosts');
  });

  it.each(all.filter(([, line]) => line.includes('zones/')))('%s: %s names files that ship', (_command, line) => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('zones');
    for (const file of line.match(/zones\/[\w.-]+/g) ?? []) expect(() => readFileSync(path.join(ROOT, file)), file).not.toThrow();
  });

  it.each(all.filter(([, line]) => line.startsWith('kms-srv ') && offline(line)))('%s: %s runs', async (_command, line) => {
    const io = memoryIo({ SOURCE_DATE_EPOCH: '1780000000' }, installed);
    const code = await run(words(line).slice(1), io);
    // 1 is an answer (a broken zone with --strict, a host that cannot activate that guest); 2 would be a bad example.
    expect(code, io.err()).not.toBe(2);
    const output = words(line).indexOf('-o');
    if (output < 0) expect(io.out().length).toBeGreaterThan(0);
    else expect(readFileSync(path.join(installed, words(line)[output + 1]!), 'utf8').length).toBeGreaterThan(0);
  });

  it.each(all.filter(([, line]) => line.startsWith('kms-srv ') && !offline(line) && !line.includes('|') && !line.includes('>')))('%s: %s parses', async (_command, line) => {
    // Only --help after the words: commander checks every option and choice, and runs nothing.
    const io = memoryIo({}, installed);
    expect(await run([...words(line).slice(1), '--help'], io), io.err()).toBe(0);
  });
});
