// `kms-srv order --records FILE|-`: the orders a KMS client would try the hosts in (docs/behaviour.md#selection), N times,
// or with --stats the observed first-pick shares beside the exact ones.
import type { Command } from 'commander';
import { EXIT, KmsSrvError } from '../../util/errors.js';
import { intOption, type CommandState } from '../command.js';
import type { CliIo } from '../io.js';
import { profileOption, seedOption } from '../common-options.js';

interface OrderFlags {
  records: string;
  profile: 'win7' | 'vista';
  seed?: string;
  count?: number;
  stats?: boolean;
  json?: boolean;
}

/** With --stats and no --count, enough orders for the shares to mean something. */
const DEFAULT_STATS_COUNT = 10_000;
const MAX_COUNT = 10_000_000;

async function action(flags: OrderFlags, io: CliIo, state: CommandState): Promise<void> {
  const [{ readRecords }, { orderIndices, offersService }, { rngForSeed }] = await Promise.all([
    import('../../srv/read-records.js'),
    import('../../srv/select.js'),
    import('../../util/random.js'),
  ]);
  const records = await readRecords(flags.records, io.cwd, io.stdin);
  if (!records.some(offersService)) {
    throw new KmsSrvError('KMS_NO_HOST', 'no host to order: every record has target "." (RFC 2782: the service is not offered in this domain)');
  }
  const rng = rngForSeed(flags.seed);
  if (flags.stats) {
    const { orderStats } = await import('../../srv/order-stats.js');
    const stats = orderStats(records, flags.profile, rng, flags.count ?? DEFAULT_STATS_COUNT);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify({ profile: flags.profile, seed: flags.seed ?? null, ...stats }, null, 2)}\n`);
    } else {
      const { formatStats } = await import('../../srv/order-stats-text.js');
      io.stdout.write(formatStats(stats, flags.profile, flags.seed));
    }
    state.exitCode = EXIT.ok;
    return;
  }
  const count = flags.count ?? 1;
  const orders: string[][] = [];
  for (let i = 0; i < count; i++) orders.push(orderIndices(records, flags.profile, rng).map((index) => records[index]!.target));
  if (flags.json) io.stdout.write(`${JSON.stringify(orders)}\n`);
  else io.stdout.write(`${orders.map((order) => order.join(' ')).join('\n')}\n`);
  state.exitCode = EXIT.ok;
}

export function register(program: Command, io: CliIo, state: CommandState): void {
  program
    .command('order')
    .description('order SRV records as a KMS client would try them (RFC 2782 priority and weight), N times; --stats compares first picks with the exact shares')
    .requiredOption('--records <file>', 'JSON array of {priority, weight, port, target}; "-" reads standard input')
    .addOption(profileOption())
    .addOption(seedOption('order'))
    .option('--count <n>', `number of orders (default 1; ${DEFAULT_STATS_COUNT} with --stats)`, intOption('--count', 1, MAX_COUNT))
    .option('--stats', 'print expected and observed first-pick shares and a chi-square test instead of the orders')
    .option('--json', 'JSON output: an array of orders (arrays of targets), or the statistics object with --stats')
    .action((flags: OrderFlags) => action(flags, io, state));
}
