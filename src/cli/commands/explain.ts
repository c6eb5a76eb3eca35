// `kms-srv explain CODE|EVENT`: what an activation error code or event means, its likely causes,
// what to check, and which kms-srv command shows it. Unknown → the nearest known ones, exit 1.
import type { Command } from 'commander';
import { KmsSrvError, usageError } from '../../util/errors.js';
import { escapeForTerminal } from '../../util/terminal.js';
import type { CommandState } from '../command.js';
import type { CliIo } from '../io.js';

interface ExplainFlags {
  json?: boolean;
}

async function action(input: string, flags: ExplainFlags, io: CliIo, state: CommandState): Promise<void> {
  if (input.trim() === '') throw usageError('explain needs a code or an event ID, e.g. 0xC004F074, 8007232b, 9003 or 12293');
  const codes = await import('../../knowledge/codes.js');
  const entry = codes.findCode(input);
  if (!entry) {
    const nearest = codes.nearestCodes(input);
    const list = nearest.map((e) => `${codes.formatCode(e)} (${e.title})`).join(', ');
    throw new KmsSrvError('UNKNOWN_CODE', `unknown code or event "${escapeForTerminal(input)}"; nearest known: ${list}`, {
      details: { input, nearest: nearest.map((e) => codes.formatCode(e)) },
    });
  }
  const code = codes.formatCode(entry);
  if (flags.json) {
    const json = {
      code,
      kind: entry.kind,
      name: entry.name,
      title: entry.title,
      ...(entry.kind === 'hresult' ? { decimal: entry.value, signed: codes.signedValue(entry.value) } : {}),
      win32: entry.win32 ?? null,
      win32Symbol: entry.win32Symbol ?? null,
      event: entry.event ?? null,
      meaning: entry.meaning,
      causes: entry.causes,
      checks: entry.checks,
      commands: entry.commands,
      relatedChecks: entry.relatedChecks,
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const lines: string[] = [];
  lines.push(`${code}  ${entry.title}`);
  const aka: string[] = [];
  if (entry.kind === 'hresult') aka.push(`decimal ${entry.value} / ${codes.signedValue(entry.value)}`);
  if (entry.win32 !== undefined) aka.push(`Win32 ${entry.win32}${entry.win32Symbol ? ` ${entry.win32Symbol}` : ''}`);
  if (entry.event !== undefined) aka.push(`event ${entry.event}`);
  if (aka.length > 0) lines.push(`  (${aka.join('; ')})`);
  lines.push('', entry.meaning, '', 'Likely causes:', ...entry.causes.map((c) => `  - ${c}`));
  lines.push('', 'What to check:', ...entry.checks.map((c) => `  - ${c}`));
  if (entry.commands.length > 0) lines.push('', 'Shown by:', ...entry.commands.map((c) => `  ${c}`));
  else lines.push('', 'Shown by: no kms-srv command; it is decided on the Windows machines, beyond what DNS answers and network probes show.');
  if (entry.relatedChecks.length > 0) lines.push('', `Related checks: ${entry.relatedChecks.join(', ')}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  state.exitCode = 0;
}

export function register(program: Command, io: CliIo, state: CommandState): void {
  program
    .command('explain')
    .description('explain an activation error code (0xC004F074, 8007232b, -1073418124, 9003) or event ID (12293)')
    .argument('<code>', 'HRESULT in hex or decimal, a Win32 code, an event ID, or a name')
    .option('--json', 'print the entry as JSON')
    .action((code: string, flags: ExplainFlags) => action(code, flags, io, state));
}
