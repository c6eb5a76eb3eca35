// What shell completion needs of the commander program, read from it (never written by hand): each
// command's path, subcommands and options, and each option's values when it has a fixed set.
import type { Command } from 'commander';

export interface OptionSpec {
  /** "-q" and "--quiet", as the user may type them. */
  names: string[];
  takesValue: boolean;
  /** The allowed values (--color auto|always|never), when fixed. */
  choices: string[];
  description: string;
}

export interface CommandSpec {
  /** [] for the program itself, ["avma", "key"] for a subcommand's subcommand. */
  path: string[];
  description: string;
  subcommands: string[];
  options: OptionSpec[];
  /** The fixed values of the first argument (completion bash|zsh|…), when it has them. */
  argumentChoices: string[];
}

const HELP: OptionSpec = { names: ['-h', '--help'], takesValue: false, choices: [], description: 'display help for command' };

/** Every command of `program`, parents before children, in --help order. */
export function completionModel(program: Command): CommandSpec[] {
  const specs: CommandSpec[] = [];
  const visit = (command: Command, path: string[]) => {
    specs.push({
      path,
      description: command.summary() || command.description(),
      subcommands: command.commands.map((c) => c.name()),
      options: [
        ...command.options.map((o) => ({
          names: [o.short, o.long].filter((n): n is string => n !== undefined),
          takesValue: o.required || o.optional,
          choices: [...(o.argChoices ?? [])],
          description: o.description,
        })),
        HELP,
      ],
      argumentChoices: [...(command.registeredArguments[0]?.argChoices ?? [])],
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return specs;
}

/** Single-quoted for a POSIX shell (bash, zsh): no expansion inside. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
