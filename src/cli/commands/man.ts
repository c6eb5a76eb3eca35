// `kms-srv man`: the manual page, made from the same help text as --help (man/kms-srv.1 is its output).
import type { Command } from 'commander';
import type { CommandState } from '../command.js';
import type { CliIo } from '../io.js';

export function register(program: Command, io: CliIo, state: CommandState): void {
  program
    .command('man')
    .description('print the manual page as roff (installed as man kms-srv; without it: kms-srv man | man -l -)')
    .action(async () => {
      const { manPage } = await import('../man-page.js');
      io.stdout.write(manPage(program));
      state.exitCode = 0;
    });
}
