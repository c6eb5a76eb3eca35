// One module decides colour: --color, then FORCE_COLOR, NO_COLOR and TERM, then whether it is a terminal.
import { describe, expect, it } from 'vitest';
import { decideColour, type ColourMode } from '../../src/cli/colour.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

const tty = { write: () => undefined, isTTY: true };
const pipe = { write: () => undefined, isTTY: false };

describe('decideColour', () => {
  it.each<[ColourMode, NodeJS.ProcessEnv, typeof tty, boolean]>([
    ['auto', {}, tty, true],
    ['auto', {}, pipe, false],
    ['auto', { NO_COLOR: '1' }, tty, false],
    // no-color.org: an empty NO_COLOR does not count.
    ['auto', { NO_COLOR: '' }, tty, true],
    ['auto', { TERM: 'dumb' }, tty, false],
    ['auto', { FORCE_COLOR: '1' }, pipe, true],
    ['auto', { FORCE_COLOR: '1', NO_COLOR: '1' }, pipe, true],
    ['auto', { FORCE_COLOR: '0' }, tty, false],
    ['auto', { FORCE_COLOR: 'false' }, tty, false],
    ['always', { NO_COLOR: '1' }, pipe, true],
    ['never', { FORCE_COLOR: '1' }, tty, false],
  ])('%s with %j on a %o → %s', (mode, env, stream, expected) => {
    expect(decideColour(mode, env, stream)).toBe(expected);
  });
});

describe('--color and --quiet on commands', () => {
  const ESC = '\u001b[';
  async function checkZone(args: string[], env: NodeJS.ProcessEnv = {}) {
    const io = memoryIo(env);
    const code = await run(['check-zone', 'zones/example.test.zone', ...args], io);
    return { code, out: io.out() };
  }

  it('colours check-zone output on a pipe only when asked', async () => {
    expect((await checkZone([])).out).not.toContain(ESC);
    expect((await checkZone(['--color', 'always'])).out).toContain(ESC);
    expect((await checkZone([], { FORCE_COLOR: '1' })).out).toContain(ESC);
    expect((await checkZone(['--color', 'never'], { FORCE_COLOR: '1' })).out).not.toContain(ESC);
  });

  it('takes --color before the command name too', async () => {
    const io = memoryIo();
    expect(await run(['--color', 'always', 'check-zone', 'zones/example.test.zone'], io)).toBe(0);
    expect(io.out()).toContain(ESC);
  });

  it('refuses a --color value it does not know, naming the option', async () => {
    const io = memoryIo();
    expect(await run(['check-zone', 'zones/example.test.zone', '--color', 'sometimes'], io)).toBe(2);
    expect(io.err()).toMatch(/--color .*sometimes.*auto, always, never/);
  });

  it('--quiet leaves out notes but keeps the result and warnings', async () => {
    const plain = memoryIo({ SOURCE_DATE_EPOCH: '1780000000' });
    const quiet = memoryIo({ SOURCE_DATE_EPOCH: '1780000000' });
    const args = ['generate', 'bind', '--plan', 'zones/example.plan.json'];
    expect(await run(args, plain)).toBe(0);
    expect(await run([...args, '--quiet'], quiet)).toBe(0);
    expect(quiet.out()).toBe(plain.out());
    // The example plan's warnings are about the result: they stay.
    expect(quiet.err()).toBe(plain.err());
  });

  it('every command that acts takes --quiet and --color', async () => {
    const { COMMANDS, allCommands } = await import('../../src/cli/program.js');
    const { Command } = await import('commander');
    const program = new Command();
    for (const entry of COMMANDS) (await entry.load()).register(program, memoryIo(), { exitCode: 0 });
    const io = memoryIo();
    await run(['--help'], io);
    for (const command of allCommands(program).filter((c) => c.commands.length === 0)) {
      const words = [command.parent?.name() === program.name() ? '' : command.parent!.name(), command.name()].filter(Boolean);
      const help = memoryIo();
      expect(await run([...words, '--help'], help)).toBe(0);
      expect(help.out(), words.join(' ')).toContain('--quiet');
      expect(help.out(), words.join(' ')).toContain('--color <when>');
    }
  });
});
