// `kms-srv completion bash|zsh|fish|powershell`: a completion script made from the commands as they
// are registered, so it cannot fall behind a new command, option or choice.
import { Argument, type Command } from 'commander';
import type { CommandState } from '../command.js';
import type { CliIo } from '../io.js';

const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
type Shell = (typeof SHELLS)[number];

/** The script for `shell`, for `program` with every command registered. */
export async function completionScript(program: Command, shell: Shell): Promise<string> {
  const { completionModel } = await import('../completion/model.js');
  const specs = completionModel(program);
  switch (shell) {
    case 'bash':
      return (await import('../completion/bash.js')).bashCompletion(specs);
    case 'zsh':
      return (await import('../completion/zsh.js')).zshCompletion(specs);
    case 'fish':
      return (await import('../completion/fish.js')).fishCompletion(specs);
    case 'powershell':
      return (await import('../completion/powershell.js')).powershellCompletion(specs);
  }
}

export function register(program: Command, io: CliIo, state: CommandState): void {
  program
    .command('completion')
    .description('print a shell completion script for kms-srv: commands, options and their values')
    .addArgument(new Argument('<shell>', 'bash, zsh, fish or powershell').choices(SHELLS))
    .action(async (shell: Shell) => {
      io.stdout.write(await completionScript(program, shell));
      state.exitCode = 0;
    });
}
