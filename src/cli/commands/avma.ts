// `kms-srv avma key|matrix|check|event`: Automatic Virtual Machine Activation advice from the data
// of docs/behaviour.md#avma (src/knowledge/avma.ts).
import type { Command } from 'commander';
import { usageError } from '../../util/errors.js';
import type { CommandState } from '../command.js';
import type { CliIo } from '../io.js';

type Avma = typeof import('../../knowledge/avma.js');

const loadAvma = (): Promise<Avma> => import('../../knowledge/avma.js');

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function keyAction(flags: { version?: string; edition?: string; json?: boolean }, io: CliIo): Promise<void> {
  const avma = await loadAvma();
  if (flags.version === undefined) throw usageError('avma key needs --version (2025, 2022, 2019, 2016, 2012r2, 1709, 1803, 1809, 1903, 1909)');
  if (flags.edition === undefined) throw usageError('avma key needs --edition (datacenter, standard, essentials, azure)');
  const version = avma.parseAvmaVersion(flags.version);
  const edition = avma.parseAvmaEdition(flags.edition);
  const key = avma.avmaKey(version, edition);
  if (key === undefined) {
    const editions = avma.AVMA_EDITIONS.filter((e) => avma.avmaKey(version, e) !== undefined).map((e) => avma.EDITION_LABEL[e]);
    throw usageError(`${avma.versionLabel(version)} has no AVMA key for ${avma.EDITION_LABEL[edition]}; keys exist for ${editions.join(', ')}`);
  }
  if (flags.json) writeJson(io, { version: avma.displayVersion(version), edition: avma.EDITION_LABEL[edition], key });
  else io.stdout.write(`${avma.versionLabel(version)} ${avma.EDITION_LABEL[edition]}: ${key}\n  install in the guest: slmgr /ipk ${key}\n`);
}

async function matrixAction(flags: { json?: boolean }, io: CliIo): Promise<void> {
  const avma = await loadAvma();
  const guests = [...avma.AVMA_RELEASES].reverse();
  const hosts = [...avma.AVMA_RELEASES].reverse();
  if (flags.json) {
    writeJson(io, {
      hosts: hosts.map((h) => ({ host: avma.displayVersion(h), guests: avma.AVMA_MATRIX[h].map(avma.displayVersion) })),
      keys: avma.AVMA_VERSIONS.map((v) => ({
        version: avma.displayVersion(v),
        keys: Object.fromEntries(avma.AVMA_EDITIONS.filter((e) => avma.avmaKey(v, e)).map((e) => [e, avma.avmaKey(v, e)])),
      })),
    });
    return;
  }
  const cell = 9;
  const lines = [`${'host \\ guest'.padEnd(14)}${guests.map((g) => avma.displayVersion(g).padEnd(cell)).join('')}`];
  for (const h of hosts) {
    const row = guests.map((g) => (avma.AVMA_MATRIX[h].includes(g) ? 'yes' : '-').padEnd(cell)).join('');
    lines.push(`${avma.displayVersion(h).padEnd(14)}${row}`);
  }
  lines.push('', 'Host: Windows Server Datacenter with Hyper-V, activated. Every edition of an eligible guest is activated.');
  lines.push('Semi-Annual Channel guests (1709, 1803, 1809, 1903, 1909) are not in Microsoft\'s table; keys: kms-srv avma key.');
  io.stdout.write(`${lines.map((l) => l.trimEnd()).join('\n')}\n`);
}

async function checkAction(flags: { host?: string; guest?: string; guestEdition?: string; json?: boolean }, io: CliIo, state: CommandState): Promise<void> {
  const avma = await loadAvma();
  if (flags.host === undefined || flags.guest === undefined) throw usageError('avma check needs --host VERSION and --guest VERSION');
  const verdict = avma.checkAvma(
    avma.parseAvmaVersion(flags.host),
    avma.parseAvmaVersion(flags.guest),
    flags.guestEdition === undefined ? undefined : avma.parseAvmaEdition(flags.guestEdition),
  );
  if (flags.json) {
    writeJson(io, verdict);
  } else {
    const lines = [`${verdict.supported ? 'Supported' : 'Not supported'}: ${verdict.reason}`];
    if (verdict.key) lines.push(`AVMA key: ${verdict.key}`);
    if (verdict.steps.length > 0) lines.push('', 'Steps:', ...verdict.steps.map((s, i) => `  ${i + 1}. ${s}`));
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  // A pair AVMA cannot activate is a "no", like a DNS no: exit 1.
  state.exitCode = verdict.supported ? 0 : 1;
}

async function eventAction(id: string, flags: { notification?: string; json?: boolean }, io: CliIo): Promise<void> {
  const avma = await loadAvma();
  if (id !== '12309' && id !== '12310') throw usageError(`avma event knows 12309 (guest) and 12310 (host), not "${id}"`);
  const event = avma.AVMA_EVENTS[id === '12309' ? 12309 : 12310];
  if (flags.notification !== undefined && event.id !== 12309) throw usageError('--notification applies to event 12309 only');
  const notifications = flags.notification === undefined ? (event.id === 12309 ? [...avma.AVMA_NOTIFICATIONS] : []) : [avma.parseNotification(flags.notification)];
  if (flags.json) {
    writeJson(io, { ...event, notifications });
    return;
  }
  const lines = [`Event ${event.id} (${event.where}): ${event.meaning}`, ...event.notes.map((n) => `  ${n}`)];
  for (const n of notifications) {
    lines.push('', `${n.name}: ${n.meaning}`, ...n.fix.map((f) => `  - ${f}`));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command, io: CliIo, state: CommandState): void {
  const avma = program.command('avma').description('Automatic Virtual Machine Activation (AVMA): keys, host/guest matrix, checks, events 12309/12310');
  avma
    .command('key')
    .description('the generic AVMA key for a guest version and edition')
    .option('--version <version>', '2025, 2022, 2019, 2016, 2012r2 ("2012 R2"), 1709, 1803, 1809, 1903, 1909')
    .option('--edition <edition>', 'datacenter, standard, essentials, azure (Datacenter: Azure Edition)')
    .option('--json', 'print {version, edition, key} as JSON')
    .action((flags) => keyAction(flags, io));
  avma
    .command('matrix')
    .description('which host version activates which guest version')
    .option('--json', 'print the matrix and every key as JSON')
    .action((flags) => matrixAction(flags, io));
  avma
    .command('check')
    .description('can this host activate this guest? Verdict, reason, key and steps')
    .option('--host <version>', 'Hyper-V host\'s Windows Server version')
    .option('--guest <version>', 'guest\'s Windows Server version')
    .option('--guest-edition <edition>', 'guest\'s edition, to name the key')
    .option('--json', 'print {supported, reason, key, steps} as JSON')
    .action((flags) => checkAction(flags, io, state));
  avma
    .command('event')
    .description('what AVMA events 12309 (guest) and 12310 (host) mean')
    .argument('<id>', '12309 or 12310')
    .option('--notification <name>', '12309 notification: "AVMA Success", "Invalid Host", "Invalid Data", "Activation Denied"')
    .option('--json', 'print the event as JSON')
    .action((id: string, flags) => eventAction(id, flags, io));
}
