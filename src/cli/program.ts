// The CLI in one function: `run(args, io)` returns the exit code. One catch maps every error to it.
import { Command, CommanderError } from 'commander';
import { EXIT, isKmsSrvError } from '../util/errors.js';
import { escapeForTerminal } from '../util/terminal.js';
import type { CommandModule, CommandState } from './command.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

// Command modules, in the order `--help` lists them. Each is small; its action imports the real work.
export interface CommandEntry {
  names: readonly string[];
  load: () => Promise<CommandModule>;
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
];

const EXAMPLES = `
Examples:
  kms-srv lookup _vlmcs._tcp.example.test SRV --server 127.0.0.1:5353
  kms-srv serve zones/example.test.zone --port 5353
  kms-srv demo
  kms-srv check-zone zones/example.test.zone
  kms-srv explain 0xC004F074
  kms-srv avma check --host 2022 --guest 2019 --guest-edition datacenter
  kms-srv generate zone --plan zones/example.plan.json --domain example.test
  kms-srv publish --plan zones/example.plan.json --server 127.0.0.1:5353 --key kms-update.key
  kms-srv order --records zones/example.records.json --count 5 --seed 1
  kms-srv simulate --records zones/example.records.json --clients 10000 --days 180 --outage kms1.example.test.@160-200
  kms-srv discover --domain example.test --server 127.0.0.1:5353 --probe rpc --state kms-cache.json
  kms-srv audit domains.txt --server 127.0.0.1:5353 --concurrency 256 --json
  kms-srv doctor example.test --server 127.0.0.1:5353 --authoritative 127.0.0.1:5353 --probe rpc
`;

export async function run(args: readonly string[], io: CliIo): Promise<number> {
  const state: CommandState = { exitCode: EXIT.ok };
  const program = new Command('kms-srv')
    .description('Find, publish and diagnose KMS hosts through DNS (_vlmcs._tcp SRV records).')
    .version(VERSION, '-V, --version')
    // Root options only before the subcommand, so `avma key --version 2019` reaches the subcommand.
    .enablePositionalOptions()
    .showHelpAfterError('(run kms-srv --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  // Only the invoked command's module is loaded; help and unknown commands need them all.
  const invoked = COMMANDS.find((entry) => args[0] !== undefined && entry.names.includes(args[0]));
  const modules = await Promise.all((invoked ? [invoked] : COMMANDS).map((entry) => entry.load()));
  for (const mod of modules) mod.register(program, io, state);
  // Every subcommand inherits the override and the output routing.
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  }

  try {
    await program.parseAsync([...args], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    return reportError(error, io);
  }
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
