// `kms-srv simulate`: N KMS clients over D days against the hosts of a records file or a plan, with
// outages; shows what priority, weight and host caching do to the load (docs/behaviour.md#failover-and-caching).
import type { Command } from 'commander';
import { EXIT, KmsSrvError, usageError } from '../../util/errors.js';
import { collect, intOption, type CommandState } from '../command.js';
import { readTextArgument, type CliIo } from '../io.js';
import { profileOption, seedOption } from '../common-options.js';

interface SimulateFlags {
  records?: string;
  plan?: string;
  domain?: string;
  clients: number;
  days: number;
  outage?: string[];
  profile: 'win7' | 'vista';
  hostCache: boolean;
  seed?: string;
  json?: boolean;
}

const MAX_CLIENTS = 10_000_000;
const MAX_DAYS = 3650;

async function loadRecords(flags: SimulateFlags, io: CliIo) {
  if ((flags.records === undefined) === (flags.plan === undefined)) throw usageError('simulate needs exactly one of --records FILE and --plan FILE');
  if (flags.records !== undefined) {
    if (flags.domain !== undefined) throw usageError('--domain goes with --plan');
    const { readRecords } = await import('../../srv/read-records.js');
    return readRecords(flags.records, io.cwd, io.stdin);
  }
  const [{ PLAN_FILE_LIMITS, parsePlan }, { planRecords }] = await Promise.all([import('../../plan/load.js'), import('../../sim/plan-records.js')]);
  const planInput = await readTextArgument(io, flags.plan!, PLAN_FILE_LIMITS);
  return planRecords(parsePlan(planInput.text, planInput.name), flags.domain).records;
}

async function action(flags: SimulateFlags, io: CliIo, state: CommandState): Promise<void> {
  const [{ simulate }, { parseOutage }, { offersService }, { rngForSeed }] = await Promise.all([
    import('../../sim/simulate.js'),
    import('../../sim/outage.js'),
    import('../../srv/select.js'),
    import('../../util/random.js'),
  ]);
  const records = await loadRecords(flags, io);
  if (!records.some(offersService)) {
    throw new KmsSrvError('KMS_NO_HOST', 'no host to simulate: every record has target "." (RFC 2782: the service is not offered in this domain)');
  }
  const outages = (flags.outage ?? []).map(parseOutage);
  const rng = rngForSeed(flags.seed);
  const report = simulate({ records, clients: flags.clients, days: flags.days, profile: flags.profile, hostCache: flags.hostCache, outages }, rng);
  if (flags.json) io.stdout.write(`${JSON.stringify({ seed: flags.seed ?? null, ...report }, null, 2)}\n`);
  else {
    const { formatSimulation } = await import('../../sim/report-text.js');
    io.stdout.write(formatSimulation(report, flags.seed));
  }
  state.exitCode = EXIT.ok;
}

export function register(program: Command, io: CliIo, state: CommandState): void {
  program
    .command('simulate')
    .description('simulate N KMS clients over D days on the Windows activation timing: per-host shares of activations and renewals, failovers, outages')
    .option('--records <file>', 'JSON array of {priority, weight, port, target}; "-" reads standard input')
    .option('--plan <file>', 'plan file: the records its hosts publish in one domain; - reads standard input')
    .option('--domain <domain>', 'with --plan: the domain whose records to use (default: the first host\'s first publish domain)')
    .requiredOption('--clients <n>', 'number of clients', intOption('--clients', 1, MAX_CLIENTS))
    .requiredOption('--days <n>', 'simulated days', intOption('--days', 1, MAX_DAYS))
    .option('--outage <target@h1-h2>', 'host TARGET down from hour H1 to hour H2 (repeatable)', collect)
    .addOption(profileOption())
    .option('--no-host-cache', 'clients do not cache the host (slmgr /ckhc): every contact orders the hosts afresh')
    .addOption(seedOption('run'))
    .option('--json', 'JSON output (see docs: the simulate report shape)')
    .action((flags: SimulateFlags) => action(flags, io, state));
}
