// `kms-srv check-zone FILE`: the zone-level checks (docs/checks.md) on a master file, with file:line for
// every finding. Exit 0 clean, 1 an error-level finding or a client error code (warnings too with
// --strict), 2 bad input.
import path from 'node:path';
import v8 from 'node:v8';
import type { Command } from 'commander';
import type { ClientProfile } from '../../srv/types.js';
import type { Finding } from '../../checks/check.js';
import type { Facts } from '../../checks/facts.js';
import type { PartsTally } from '../../checks/report.js';
import type { ZoneSummary } from '../../zonefile/parse.js';
import { KmsSrvError, isKmsSrvError } from '../../util/errors.js';
import { plural } from '../../util/text-table.js';
import type { CommandState } from '../command.js';
import { STDIN_NAME, readTextArgument, writeInPieces, type CliIo } from '../io.js';
import { useColour } from '../colour.js';
import { profileOption } from '../common-options.js';
import { escapeForTerminal } from '../../util/terminal.js';

interface CheckZoneFlags {
  origin?: string;
  profile: ClientProfile;
  strict?: boolean;
  json?: boolean;
}

async function action(file: string, flags: CheckZoneFlags, io: CliIo, state: CommandState): Promise<void> {
  const [{ streamZone, streamZoneFile, ZONE_FILE_LIMITS }, { ZoneFactsBuilder, FACTS_PART_RECORDS }, report] = await Promise.all([
    import('../../zonefile/parse.js'),
    import('../../checks/from-zone.js'),
    import('../../checks/report.js'),
  ]);
  // Messages and findings name files as the user wrote them (<stdin> for -), not the absolute paths the
  // parser saw: the main file as typed, an $INCLUDEd one relative to the working directory when below it.
  const fromStdin = file === '-';
  const name = fromStdin ? STDIN_NAME : file;
  const mainFile = fromStdin ? STDIN_NAME : path.resolve(io.cwd, file);
  // Once per file, not per record: two million records then share a handful of strings.
  const shownFiles = new Map<string, string>();
  const shown = (f: string) => {
    if (f === mainFile) return name;
    const known = shownFiles.get(f);
    if (known !== undefined) return known;
    const relative = path.relative(io.cwd, f);
    const as = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? f : relative;
    shownFiles.set(f, as);
    return as;
  };
  // The young generation stays at its starting size (1 MiB a semi-space) instead of growing to 16: what
  // check-zone keeps lives in byte stores outside the heap, and what it makes per record dies young, so
  // the larger space only costs memory (2M SRV records: 117 MiB peak instead of 153, same CPU time).
  // A flag V8 reads whenever the space would grow, so it can be set now; a space already grown stays.
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  // The zone streams through the builder, which keeps only what the checks read (not every record).
  const builder = new ZoneFactsBuilder();
  const origin = flags.origin === undefined ? {} : { origin: flags.origin };
  let zone: ZoneSummary;
  try {
    // Standard input has no directory for $INCLUDE to be relative to: read as text, $INCLUDE is refused.
    zone = fromStdin
      ? streamZone((await readTextArgument(io, file, ZONE_FILE_LIMITS)).text, { ...origin, file: STDIN_NAME }, (record) => builder.add(record))
      : streamZoneFile(mainFile, origin, (record) => builder.add(record));
  } catch (error) {
    throw relativeError(error, shown);
  }
  // An empty file (or only comments) is almost always the wrong file: say so rather than report "no KMS".
  if (zone.records === 0) throw new KmsSrvError('ZONE_SYNTAX', `${name}: no records in the file, nothing to check`, { details: { file: name } });
  // Facts are made and judged a part at a time (never all at once), as often as a pass needs them.
  const parts = () => builder.factsInParts(zone, { profile: flags.profile }, FACTS_PART_RECORDS);
  const shownFinding = (finding: Finding): Finding => {
    if (finding.file !== undefined) finding.file = shown(finding.file);
    return finding;
  };
  if (flags.json) {
    // Every record's facts are printed, but a part at a time: facts and findings are never all held.
    const shownFacts = (part: Facts): Facts => {
      for (const d of part.domains) {
        if (d.ownerSource) d.ownerSource.file = shown(d.ownerSource.file);
        for (const r of d.records) if (r.source) r.source.file = shown(r.source.file);
      }
      if (part.zone) part.zone = { ...part.zone, files: part.zone.files.map(shown) };
      return part;
    };
    const counted: { tally?: PartsTally } = {};
    await writeInPieces(io.stdout, report.reportJsonInParts(parts, { facts: shownFacts, finding: shownFinding, tally: (tally) => (counted.tally = tally) }));
    io.stdout.write('\n');
    state.exitCode = report.reportExitCode(counted.tally as PartsTally, flags.strict === true);
    return;
  }
  // The text names no record's facts: the parts are judged once to count, then once more for each
  // check that fired, its findings printed as they come.
  const tally = report.tallyReportInParts(parts());
  const where = shown(zone.files[0] ?? file);
  // The first line names every _vlmcs._tcp owner: read from the parts once more, never one string.
  function* head(): Generator<string> {
    if (tally.owners === 0) {
      yield `${escapeForTerminal(`${where}: no _vlmcs._tcp records in this zone; clients of ${tally.firstDomain ?? zone.origin} find no KMS host here.`)}\n\n`;
      return;
    }
    yield escapeForTerminal(`${where}: ${plural(tally.owners, '_vlmcs._tcp name')}: `);
    let first = true;
    for (const part of parts()) {
      for (const d of part.domains) {
        if (d.rcode === 'NXDOMAIN') continue;
        yield `${first ? '' : ', '}${escapeForTerminal(d.srvName)}`;
        first = false;
      }
    }
    yield '\n\n';
  }
  await writeInPieces(io.stdout, head());
  function* findings() {
    for (const finding of report.findingsInParts(tally, parts)) yield shownFinding(finding);
  }
  // In pieces: the text of a large zone's findings is never one string.
  await writeInPieces(io.stdout, report.reportTextLines({ ...tally, findings: findings() }, { colour: useColour(io) }));
  state.exitCode = report.reportExitCode(tally, flags.strict === true);
}

function relativeError(error: unknown, shown: (f: string) => string): unknown {
  if (!isKmsSrvError(error) || typeof error.details.file !== 'string') return error;
  const file = error.details.file;
  return new KmsSrvError(error.code, error.message.split(file).join(shown(file)), { cause: error.cause, details: { ...error.details, file: shown(file) } });
}

export function register(program: Command, io: CliIo, state: CommandState): void {
  program
    .command('check-zone')
    .description('check the _vlmcs._tcp records of a zone file (the zone-level checks of docs/checks.md), with file:line for each finding')
    .argument('<file>', 'zone file (RFC 1035 master file; $ORIGIN and $INCLUDE allowed); - reads standard input')
    .option('--origin <zone>', 'origin at the start of the file (when it has no $ORIGIN)')
    .addOption(profileOption())
    .option('--strict', 'exit 1 on warnings too')
    .option('--json', 'print {facts, findings, summary, clientErrorCode} as JSON')
    .addHelpText('after', '\nExit status: 0 no error finding and a client finds a host; 1 an error finding, or a client would show\nan error code (the report\'s last line; a zone without SRV records is 0x8007232B), with --strict also a\nwarning; 2 bad input (unreadable file, syntax error, no records).\n')
    .action((file: string, flags: CheckZoneFlags) => action(file, flags, io, state));
}
