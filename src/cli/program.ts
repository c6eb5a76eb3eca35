// The CLI in one function: `run(args, io)` returns the exit code. One catch maps every error to it.
import { Command, CommanderError, Option } from 'commander';
import { EXIT, isKmsSrvError } from '../util/errors.js';
import { escapeForTerminal } from '../util/terminal.js';
import type { CommandModule, CommandState } from './command.js';
import type { CliIo } from './io.js';
import { COLOUR_MODES, type ColourMode } from './colour.js';
import { VERSION } from './version.js';
import { addExamples } from './examples.js';

// Command modules, in the order `--help` lists them. Each is small; its action imports the real work.
export interface CommandEntry {
  names: readonly string[];
  load: () => Promise<CommandModule>;
  /** The command describes the whole program (completion scripts, the man page): every module is loaded. */
  needsAll?: boolean;
}

export const COMMANDS: readonly CommandEntry[] = [
  { names: ['lookup'], load: () => import('./commands/lookup.js') },
  { names: ['serve'], load: () => import('./commands/serve.js') },
  { names: ['demo'], load: () => import('./commands/demo.js') },
  { names: ['check-zone'], load: () => import('./commands/check-zone.js') },
  { names: ['explain'], load: () => import('./commands/explain.js') },
  { names: ['avma'], load: () => import('./commands/avma.js') },
  { names: ['publish', 'unpublish'], load: () => import('./commands/publish.js') },
  { names: ['generate'], load: () => import('./commands/generate.js') },
  { names: ['order'], load: () => import('./commands/order.js') },
  { names: ['simulate'], load: () => import('./commands/simulate.js') },
  { names: ['discover'], load: () => import('./commands/discover.js') },
  { names: ['audit'], load: () => import('./commands/audit.js') },
  { names: ['doctor'], load: () => import('./commands/doctor.js') },
  { names: ['completion'], load: () => import('./commands/completion.js'), needsAll: true },
  { names: ['man'], load: () => import('./commands/man.js'), needsAll: true },
];

/** The conventions every command keeps, said once under the program's help. */
const CONVENTIONS = `
Every command: --json (errors too are one JSON object on standard output), --quiet, --color auto|always|never,
"-" for standard input in place of a file. kms-srv COMMAND --help shows its examples; kms-srv man, the manual.
`;

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const state: CommandState = { exitCode: EXIT.ok };
  // Commands write through this copy: the --quiet and --color of this run are set on it before the action.
  const runIo: CliIo = { ...io };
  // With --json, errors are JSON too. Before commander has parsed (a bad option), the flag is looked for
  // in the words; once a command runs, its own parsed value decides.
  let json = wantsJson(args);
  let commanderText = '';
  const writeErr = (text: string) => {
    if (json) commanderText += text;
    else io.stderr.write(text);
  };
  const program = new Command('kms-srv')
    .description('Find, publish and diagnose KMS hosts through DNS (_vlmcs._tcp SRV records).')
    .version(VERSION, '-V, --version')
    // Root options only before the subcommand, so `avma key --version 2019` reaches the subcommand.
    .enablePositionalOptions()
    .showHelpAfterError('(run kms-srv --help for usage)')
    .addHelpText('after', CONVENTIONS)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr });
  addConventionOptions(program);
  // Only the invoked command's module is loaded; help and unknown commands need them all.
  const invoked = COMMANDS.find((entry) => args[0] !== undefined && entry.names.includes(args[0]));
  const modules = await Promise.all((invoked && !invoked.needsAll ? [invoked] : COMMANDS).map((entry) => entry.load()));
  for (const mod of modules) mod.register(program, runIo, state);
  addExamples(program);
  // Every command inherits the override and the output routing; every one that acts takes --quiet and --color.
  for (const sub of allCommands(program)) {
    sub.exitOverride().configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr });
    if (sub.commands.length === 0) addConventionOptions(sub);
  }
  program.hook('preAction', (_program, action) => {
    const options = { ...program.opts<ConventionFlags>(), ...action.opts<ConventionFlags>() };
    runIo.quiet = options.quiet === true;
    runIo.colour = options.color ?? 'auto';
    json = options.json === true;
  });

  try {
    await program.parseAsync([...args], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    return json ? reportErrorAsJson(error, commanderText, io) : reportError(error, io);
  }
}

interface ConventionFlags {
  quiet?: boolean;
  color?: ColourMode;
  json?: boolean;
}

/** --quiet and --color, the same on every command (and before the command name). */
function addConventionOptions(command: Command): void {
  command
    .option('-q, --quiet', 'no progress lines or notes; results, warnings and errors are still written')
    .addOption(new Option('--color <when>', 'colour the output: auto (a terminal, unless NO_COLOR or FORCE_COLOR say otherwise), always or never').choices(COLOUR_MODES));
}

/** The program's commands at every depth (avma's subcommands too). */
export function allCommands(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}

/** `--json` among the words before `--`. */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).includes('--json');
}

/** The single place where errors become messages and exit codes. Never a stack trace. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message. --help and --version exit 0; help shown because
    // a command is missing (plain `kms-srv`) is a usage error.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isKmsSrvError(error)) {
    // Messages may quote input (a name, a line of a file); a multi-line message keeps its lines.
    io.stderr.write(`kms-srv: ${escapeForTerminal(error.message, true)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`kms-srv: unexpected error: ${escapeForTerminal(message, true)}\n`);
  if (io.env.KMS_SRV_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT.usage;
}

/** What `--json` prints for an error: one line, on standard output where the result would have gone (schema/error.schema.json). */
export interface JsonError {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/**
 * The same mapping as reportError, rendered as one JSON object on standard output, so a script reading
 * the result reads the failure from the same place. Exit codes are the same as without --json.
 */
function reportErrorAsJson(error: unknown, commanderText: string, io: CliIo): number {
  let body: JsonError['error'];
  let exitCode: number;
  if (error instanceof CommanderError) {
    // --help and --version: commander wrote them on standard output; nothing failed.
    if (error.exitCode === 0) return EXIT.ok;
    // Commander's words ("error: unknown option '--x'"), without its help hint.
    const message = (commanderText.split('\n').find((line) => line.trim() !== '') ?? error.message).replace(/^error: /, '');
    body = { code: 'USAGE', message, details: { reason: error.code } };
    exitCode = EXIT.usage;
  } else if (isKmsSrvError(error)) {
    body = { code: error.code, message: error.message, details: jsonSafe(error.details) };
    exitCode = error.exitCode;
  } else {
    body = { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error), details: {} };
    exitCode = EXIT.usage;
  }
  io.stdout.write(`${JSON.stringify({ error: body } satisfies JsonError)}\n`);
  return exitCode;
}

/** Details as JSON keeps them: values JSON cannot hold (a cause object, a bigint) become text. */
function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(Object.entries(details).map(([key, value]) => [key, String(value)]));
  }
}
