// `kms-srv generate FORMAT --plan FILE`: one validated plan → one artefact. Nothing is written when
// the plan is invalid; files are written atomically and never replaced without --force.
import path from 'node:path';
import type { Command } from 'commander';
import { EXIT, fileErrorReason, KmsSrvError, usageError } from '../../util/errors.js';
import type { RenderFile } from '../../render/types.js';
import type { CommandModule, CommandState } from '../command.js';
import { atMostOneStdin, readTextArgument, type CliIo } from '../io.js';
import { escapeForTerminal } from '../../util/terminal.js';

interface GenerateFlags {
  plan?: string;
  output: string;
  outputDir?: string;
  force?: boolean;
  host?: string;
  legacy?: boolean;
  delete?: boolean;
  allowUpdateAny?: boolean;
  domain?: string;
  key?: string;
  server?: string;
  list?: boolean;
  json?: boolean;
}

/** `generate --json`: what was made, and where it went (schema/generate.schema.json). */
interface GenerateJson {
  format: string;
  /** The -o value as given: "-" for standard output. */
  output: string;
  /** The file written, absolute; null on standard output. */
  path: string | null;
  bytes: number;
  /** Written 0600: the text holds a TSIG secret or its placeholder. */
  secret: boolean;
  warnings: string[];
  /** The artefact itself, when it went to standard output (inside this JSON, not beside it). */
  content?: string;
}

/** The clock: SOURCE_DATE_EPOCH (reproducible builds) when set, else now. */
function clock(io: CliIo): Date {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

async function listFormats(io: CliIo, json: boolean): Promise<void> {
  const [{ renderers }, { alignColumns }] = await Promise.all([import('../../render/index.js'), import('../../util/text-table.js')]);
  if (json) io.stdout.write(`${JSON.stringify({ formats: [...renderers.values()].map((r) => ({ format: r.format, description: r.description })) }, null, 2)}\n`);
  else io.stdout.write(alignColumns([...renderers.values()].map((r) => [r.format, r.description])));
}

/**
 * `--output-dir`: every file is checked before any is written, so an existing file (without --force)
 * or something other than a regular file leaves the directory as it was. Each file is written whole.
 */
async function writeHostFiles(format: string, files: RenderFile[], dir: string, flags: GenerateFlags, io: CliIo, planWarnings: string[]): Promise<void> {
  const atomic = await import('../../util/atomic-write.js');
  const { promises: fs } = await import('node:fs');
  await fs.mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw new KmsSrvError('FILE_WRITE', `cannot create --output-dir ${dir}: ${fileErrorReason(error)}`, { cause: error, details: { file: dir } });
  });
  const targets = files.map((file) => ({ file, target: path.join(dir, file.name) }));
  for (const { target } of targets) {
    const mode = await atomic.existingTargetMode(target);
    if (mode !== undefined && !flags.force) {
      throw new KmsSrvError('FILE_EXISTS', `${target} already exists; pass --force to replace it (nothing was written)`, { details: { file: target } });
    }
  }
  const warnings = [...planWarnings, ...files.flatMap((f) => f.output.warnings)];
  // With --json the warnings are in the JSON, not on standard error as well.
  if (!flags.json) for (const warning of warnings) io.stderr.write(`kms-srv: warning: ${escapeForTerminal(warning)}\n`);
  const written: Array<{ path: string; bytes: number; secret: boolean }> = [];
  for (const { file, target } of targets) {
    const content = file.output.bytes ?? Buffer.from(file.output.text, 'utf8');
    await atomic.writeFileAtomic(target, content, { force: Boolean(flags.force), ...(file.output.secret ? { mode: 0o600 } : {}) });
    written.push({ path: target, bytes: content.length, secret: file.output.secret === true });
    if (!flags.json) io.stdout.write(`wrote ${escapeForTerminal(target)}\n`);
  }
  if (flags.json) io.stdout.write(`${JSON.stringify({ format, outputDir: dir, files: written, warnings }, null, 2)}\n`);
}

async function action(format: string | undefined, flags: GenerateFlags, io: CliIo, state: CommandState): Promise<void> {
  if (flags.list) {
    await listFormats(io, Boolean(flags.json));
    state.exitCode = EXIT.ok;
    return;
  }
  const [{ getRenderer, notHostSide, renderHostFiles }, { PLAN_FILE_LIMITS, parsePlanDetailed }, { readSoaSerial }, { ZONE_FILE_LIMITS }, input, atomic, { parseScriptServer }] = await Promise.all([
    import('../../render/index.js'),
    import('../../plan/load.js'),
    import('../../render/zone.js'),
    import('../../zonefile/parse.js'),
    import('../../util/input-file.js'),
    import('../../util/atomic-write.js'),
    import('../../render/script-args.js'),
  ]);
  if (format === undefined) throw usageError('generate needs a FORMAT (kms-srv generate --list shows them)');
  const renderer = getRenderer(format);
  if (flags.plan === undefined) throw usageError('generate needs --plan FILE (JSON or YAML)');
  atMostOneStdin({ '--plan': flags.plan, '--key': flags.key });
  // Flags that reach scripts are checked before anything is read (issue 10), whatever the format.
  if (flags.server !== undefined) parseScriptServer(flags.server);
  if (flags.outputDir !== undefined) {
    if (flags.output !== '-') throw usageError('give -o FILE or --output-dir DIR, not both');
    if (!renderer.perHost) throw notHostSide(format);
  }
  const toStdout = flags.output === '-';
  const target = path.resolve(io.cwd, flags.output);
  // A FIFO, a device or a directory as -o is refused before anything is read from or written to it.
  const existingMode = toStdout ? undefined : await atomic.existingTargetMode(target);
  // Messages name the plan as the user wrote it, or <stdin> for -.
  const planInput = await readTextArgument(io, flags.plan, PLAN_FILE_LIMITS);
  const { plan, warnings: planWarnings } = parsePlanDetailed(planInput.text, planInput.name);

  let key;
  if (flags.key !== undefined) {
    const keys = await import('../../update/tsig-key.js');
    const keyInput = await readTextArgument(io, flags.key, keys.TSIG_KEY_FILE_LIMITS);
    const chosen = keys.selectTsigKey(keys.parseTsigKeys(keyInput.text, keyInput.name), plan.tsigKey?.name, 'the plan');
    key = { name: chosen.name, algorithm: chosen.algorithm, secret: chosen.secret.toString('base64') };
  }
  let previousSerial: number | undefined;
  if (format === 'zone' && existingMode !== undefined) {
    previousSerial = readSoaSerial(await input.readInputText(target, ZONE_FILE_LIMITS));
  }

  const context = {
    now: clock(io),
    host: flags.host,
    legacy: flags.legacy,
    delete: flags.delete,
    allowUpdateAny: flags.allowUpdateAny,
    previousSerial,
    domain: flags.domain,
    key,
    server: flags.server,
  };
  if (flags.outputDir !== undefined) {
    await writeHostFiles(renderer.format, renderHostFiles(renderer, plan, context), path.resolve(io.cwd, flags.outputDir), flags, io, planWarnings);
    state.exitCode = EXIT.ok;
    return;
  }
  const output = renderer.render(plan, context);
  const warnings = [...planWarnings, ...output.warnings];
  // With --json the warnings are in the JSON, not on standard error as well.
  if (!flags.json) for (const warning of warnings) io.stderr.write(`kms-srv: warning: ${escapeForTerminal(warning)}
`);
  // A secret (a TSIG key clause) is written 0600, and stays 0600 when it replaces a file with --force.
  if (!toStdout) await atomic.writeFileAtomic(target, output.bytes ?? output.text, { force: Boolean(flags.force), ...(output.secret ? { mode: 0o600 } : {}) });
  if (flags.json) {
    const report: GenerateJson = {
      format: renderer.format,
      output: flags.output,
      path: toStdout ? null : target,
      bytes: toStdout ? Buffer.byteLength(output.text, 'utf8') : (output.bytes ?? Buffer.from(output.text, 'utf8')).length,
      secret: output.secret === true,
      warnings,
      ...(toStdout ? { content: output.text } : {}),
    };
    io.stdout.write(`${JSON.stringify(report, null, 2)}
`);
  } else if (toStdout) io.stdout.write(output.text);
  state.exitCode = EXIT.ok;
}

export const register: CommandModule['register'] = (program: Command, io: CliIo, state: CommandState) => {
  program
    .command('generate')
    .summary('write DNS or registry artefacts from a plan (kms-srv generate --list)')
    .description('validate a plan (JSON or YAML, schema/plan.schema.json) and render it in one format. Formats: kms-srv generate --list.')
    .argument('[format]', 'output format (bind, zone, named-conf, nsupdate, dnscmd, dnsmasq, …)')
    .option('--plan <file>', 'the plan file (JSON or YAML); - reads standard input')
    .option('-o, --output <file>', 'where to write (a regular file, never a FIFO or device); - is standard output', '-')
    .option('--output-dir <dir>', 'reg, reg-add, powershell: one file per host, <host>.reg / .cmd / .ps1 (powershell adds dns-server.ps1); created if missing')
    .option('--force', 'replace an existing output file (named-conf output is written 0600 either way)')
    .option('--host <name>', 'only this host (reg, reg-add and powershell need it, or --output-dir, when the plan has several)')
    .option('--domain <domain>', 'only this domain (zone needs it when the plan has several)')
    .option('--legacy', 'registry: Vista / Server 2008 SL key, entries without priority or weight')
    .option('--delete', 'nsupdate / dnscmd: remove exactly the records instead of adding them')
    .option('--allow-update-any', 'named-conf: allow-update { any; } instead of a TSIG update-policy (unsafe)')
    .option('--key <file>', 'named-conf: a tsig-keygen key file whose secret goes into the key clause; - reads standard input')
    .option('--server <host[:port]>', 'nsupdate: a server line; dnscmd: the server argument; powershell: -ComputerName of the DNS server')
    .option('--list', 'list the formats and exit')
    .option('--json', 'print {format, output, path, bytes, secret, warnings} as JSON, with the artefact as "content" when -o is standard output')
    .action((format: string | undefined, flags: GenerateFlags) => action(format, flags, io, state));
};
