// `kms-srv publish` and `kms-srv unpublish`: RFC 2136 dynamic update of the plan's records, signed
// with TSIG (RFC 8945). Nothing unsigned is sent unless --insecure-unsigned is given.
import type { Command } from 'commander';
import { EXIT, usageError } from '../../util/errors.js';
import { escapeForTerminal } from '../../util/terminal.js';
import { intOption, type CommandModule, type CommandState } from '../command.js';
import type { CliIo } from '../io.js';

interface UpdateFlags {
  plan: string;
  server: string;
  key?: string;
  keyName?: string;
  zone?: string;
  dryRun?: boolean;
  insecureUnsigned?: boolean;
  timeout: number;
  json?: boolean;
}

async function action(mode: 'publish' | 'unpublish', flags: UpdateFlags, io: CliIo, state: CommandState): Promise<void> {
  if (flags.key === undefined && !flags.insecureUnsigned && !flags.dryRun) {
    throw usageError(`${mode} sends only TSIG-signed updates: pass --key FILE (a tsig-keygen key file), or --insecure-unsigned to send unsigned`);
  }
  const [{ loadPlan }, { parseServer }, keys, { runUpdate }, fmt, { randomInt }, { exchangeTcp }] = await Promise.all([
    import('../../plan/load.js'),
    import('../../dns/server-address.js'),
    import('../../update/tsig-key.js'),
    import('../../update/publish.js'),
    import('../../update/format.js'),
    import('node:crypto'),
    import('../../update/exchange.js'),
  ]);
  const server = parseServer(flags.server);
  const plan = await loadPlan(flags.plan);
  let key;
  if (flags.key !== undefined) {
    const wanted = flags.keyName ?? plan.tsigKey?.name;
    key = keys.selectTsigKey(await keys.loadTsigKeys(flags.key), wanted, flags.keyName !== undefined ? '--key-name' : 'the plan');
  }
  const outcomes = await runUpdate(
    plan,
    { mode, server, key, zone: flags.zone, dryRun: Boolean(flags.dryRun), timeoutMs: flags.timeout },
    { exchange: exchangeTcp, now: () => Date.now(), nextId: () => randomInt(0x10000) },
  );
  const failed = outcomes.some((o) => o.error !== null);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(outcomes.map(fmt.outcomeJson), null, 2)}\n`);
  } else {
    const keyLabel = key ? `TSIG key ${key.name}, ${key.algorithm}` : 'unsigned';
    for (const outcome of outcomes) {
      const { text, error } = fmt.formatOutcome(outcome, keyLabel);
      // The text lists what the server holds now; the error may quote the server's words.
      io.stdout.write(escapeForTerminal(text, true));
      if (error) io.stderr.write(`kms-srv: ${escapeForTerminal(error)}\n`);
    }
  }
  state.exitCode = failed ? EXIT.dnsNo : EXIT.ok;
}

function define(program: Command, mode: 'publish' | 'unpublish', summary: string, io: CliIo, state: CommandState): void {
  program
    .command(mode)
    .description(summary)
    .requiredOption('--plan <file>', 'plan file (JSON or YAML)')
    .requiredOption('--server <host[:port]>', 'primary server to send the UPDATE to (port 53 by default)')
    .option('--key <file>', 'TSIG key file as tsig-keygen writes it')
    .option('--key-name <name>', 'key to use when the file holds several (default: the plan\'s tsigKey)')
    .option('--zone <zone>', 'send every record lying in this zone as one update (default: one zone per plan domain)')
    .option('--dry-run', 'read the server and print what would change, send nothing')
    .option('--insecure-unsigned', 'allow sending without a TSIG signature')
    .option('--timeout <ms>', 'per-exchange timeout in milliseconds', intOption('--timeout', 1, 600_000), 5000)
    .option('--json', 'print the outcome per zone as JSON')
    .action((flags: UpdateFlags) => action(mode, flags, io, state));
}

export const register: CommandModule['register'] = (program, io, state) => {
  define(program, 'publish', 'add the plan\'s _vlmcs._tcp SRV and host A/AAAA records by signed dynamic update (RFC 2136)', io, state);
  define(program, 'unpublish', 'delete exactly the plan\'s records by signed dynamic update, leaving the rest', io, state);
};
