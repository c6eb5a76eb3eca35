// `kms-srv publish` and `kms-srv unpublish`: RFC 2136 dynamic update of the plan's records, signed
// with TSIG (RFC 8945). Nothing unsigned is sent unless --insecure-unsigned is given.
import type { Command } from 'commander';
import { usageError } from '../../util/errors.js';
import { escapeForTerminal } from '../../util/terminal.js';
import { intOption, type CommandModule, type CommandState } from '../command.js';
import { resolveServerFlag } from '../common-options.js';
import { atMostOneStdin, readTextArgument, type CliIo } from '../io.js';

interface UpdateFlags {
  plan: string;
  server: string;
  key?: string;
  keyName?: string;
  zone?: string;
  dryRun?: boolean;
  /** commander's `--no-delete`: false when given. */
  delete: boolean;
  insecureUnsigned?: boolean;
  timeout: number;
  json?: boolean;
}

async function action(mode: 'publish' | 'unpublish', flags: UpdateFlags, io: CliIo, state: CommandState): Promise<void> {
  if (flags.key === undefined && !flags.insecureUnsigned && !flags.dryRun) {
    throw usageError(`${mode} sends only TSIG-signed updates: pass --key FILE (a tsig-keygen key file), or --insecure-unsigned to send unsigned`);
  }
  const [{ PLAN_FILE_LIMITS, parsePlan }, { parseServer }, keys, { runUpdate, updateExitCode }, fmt, { randomInt }, { exchangeTcp }, { Resolver }] = await Promise.all([
    import('../../plan/load.js'),
    import('../../dns/server-address.js'),
    import('../../update/tsig-key.js'),
    import('../../update/publish.js'),
    import('../../update/format.js'),
    import('node:crypto'),
    import('../../update/exchange.js'),
    import('../../dns/resolver.js'),
  ]);
  atMostOneStdin({ '--plan': flags.plan, '--key': flags.key });
  const server = parseServer((await resolveServerFlag(io, '--server', [flags.server]))![0]!);
  const planInput = await readTextArgument(io, flags.plan, PLAN_FILE_LIMITS);
  const plan = parsePlan(planInput.text, planInput.name);
  let key;
  if (flags.key !== undefined) {
    const wanted = flags.keyName ?? plan.tsigKey?.name;
    const keyInput = await readTextArgument(io, flags.key, keys.TSIG_KEY_FILE_LIMITS);
    key = keys.selectTsigKey(keys.parseTsigKeys(keyInput.text, keyInput.name), wanted, flags.keyName !== undefined ? '--key-name' : 'the plan');
  }
  // Reads before and after the update: the resolver, over TCP, one attempt of --timeout ms per question.
  const resolver = new Resolver({ servers: [server], timeoutMs: flags.timeout, attempts: 1, tcp: true });
  const dryRun = Boolean(flags.dryRun);
  const noDelete = mode === 'publish' && !flags.delete;
  const outcomes = await runUpdate(
    plan,
    { mode, server, key, zone: flags.zone, dryRun, keep: noDelete, timeoutMs: flags.timeout },
    { exchange: exchangeTcp, lookup: (name, type, options) => resolver.query(name, type, options), now: () => Date.now(), nextId: () => randomInt(0x10000) },
  );
  if (flags.json) {
    const run = { mode, server, key: key?.name ?? null, dryRun, noDelete };
    io.stdout.write(`${JSON.stringify(fmt.updateJson(run, outcomes), null, 2)}\n`);
  } else {
    const keyLabel = key ? `TSIG key ${key.name}, ${key.algorithm}` : 'unsigned';
    for (const outcome of outcomes) {
      const { text, error } = fmt.formatOutcome(outcome, keyLabel);
      // The text lists what the server holds now; the error may quote the server's words.
      io.stdout.write(escapeForTerminal(text, true));
      if (error) io.stderr.write(`kms-srv: ${escapeForTerminal(error)}\n`);
    }
  }
  state.exitCode = updateExitCode(outcomes);
}

function define(program: Command, mode: 'publish' | 'unpublish', summary: string, io: CliIo, state: CommandState): void {
  const command = program
    .command(mode)
    .description(summary)
    .requiredOption('--plan <file>', 'plan file (JSON or YAML); - reads standard input')
    .requiredOption('--server <host[:port]>', 'primary server to send the UPDATE to (port 53 by default)')
    .option('--key <file>', 'TSIG key file as tsig-keygen writes it; - reads standard input')
    .option('--key-name <name>', 'key to use when the file holds several (default: the plan\'s tsigKey)')
    .option('--zone <zone>', 'send every record lying in this zone as one update (default: one zone per plan domain)')
    .option('--dry-run', 'read the server and print what would change (+ add, - delete), send nothing')
    .option('--insecure-unsigned', 'allow sending without a TSIG signature')
    .option('--timeout <ms>', 'per-exchange timeout in milliseconds', intOption('--timeout', 1, 600_000), 5000)
    .option('--json', 'print one JSON document with the result of every zone');
  if (mode === 'publish') command.option('--no-delete', 'keep records at the plan\'s names that the plan does not list (only add)');
  command
    .addHelpText(
      'after',
      [
        '',
        'Every zone is tried, whatever happens to the others (README.md, publish).',
        'Exit: 0 every zone applied, unchanged or dry run; 1 a zone failed on what the',
        'server answered (refused, changed meanwhile, a CNAME in the way, read-back',
        'differs); 2 usage or input; 3 otherwise, when the server did not answer.',
      ].join('\n'),
    )
    .action((flags: UpdateFlags) => action(mode, flags, io, state));
}

export const register: CommandModule['register'] = (program, io, state) => {
  define(program, 'publish', 'make the plan\'s _vlmcs._tcp SRV and host A/AAAA RRsets at the server equal to the plan by signed dynamic update (RFC 2136)', io, state);
  define(program, 'unpublish', 'delete exactly the plan\'s records by signed dynamic update, leaving the rest', io, state);
};
