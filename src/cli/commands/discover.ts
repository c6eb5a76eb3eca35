// `kms-srv discover`: find the KMS host a Windows client would use, the way it would (SPEC §2.2).
import { Option } from 'commander';
import { collect, intOption, type CommandModule } from '../command.js';

interface DiscoverFlags {
  domain?: string[];
  lookupDomain?: string;
  kmsHost?: string;
  server?: string[];
  profile: 'win7' | 'vista';
  probe: 'tcp' | 'rpc' | 'none';
  probeTimeout: number;
  timeout?: number;
  attempts?: number;
  state?: string;
  hostCache: boolean;
  seed?: string;
  json?: boolean;
}

export const register: CommandModule['register'] = (program, io, state) => {
  program
    .command('discover')
    .description('find the KMS host a Windows client would use: domains searched, candidates and their odds, each attempt, the host selected')
    .option('--domain <domain>', "the client's domain, then its search-list suffixes, in order (repeatable; default: resolv.conf domain, then search)", collect)
    .option('--lookup-domain <domain>', 'query only this domain, like slmgr /skms-domain (the search list is ignored)')
    .option('--kms-host <host[:port]>', 'a manual KMS host, like slmgr /skms: no DNS discovery')
    .option('--server <host[:port]>', 'DNS server to ask (repeatable; default: resolv.conf nameserver)', collect)
    .addOption(new Option('--profile <profile>', 'client selection rules').choices(['win7', 'vista']).default('win7'))
    .addOption(new Option('--probe <kind>', 'how to test a host: tcp connect, DCE/RPC bind to the KMS interface, or none').choices(['tcp', 'rpc', 'none']).default('tcp'))
    .option('--probe-timeout <ms>', 'per-address probe timeout in milliseconds', intOption('--probe-timeout', 1, 600_000), 2000)
    .option('--timeout <ms>', 'DNS per-attempt timeout in milliseconds (default: resolv.conf)', intOption('--timeout', 1, 600_000))
    .option('--attempts <n>', 'DNS attempts per server (default: resolv.conf)', intOption('--attempts', 1, 10))
    .option('--state <file>', 'JSON state file keeping the cached host across runs')
    .option('--no-host-cache', 'host caching off, like slmgr /ckhc: no cache read or written')
    .option('--seed <n>', 'seed for a reproducible selection order (default: cryptographically random)')
    .option('--json', 'print the result as JSON')
    .action(async (flags: DiscoverFlags) => {
      const { runDiscover, toDiscoverJson } = await import('../../kms/run-discover.js');
      const report = await runDiscover({
        domains: flags.domain,
        lookupDomain: flags.lookupDomain,
        kmsHost: flags.kmsHost,
        servers: flags.server,
        profile: flags.profile,
        probe: flags.probe,
        probeTimeoutMs: flags.probeTimeout,
        timeoutMs: flags.timeout,
        attempts: flags.attempts,
        stateFile: flags.state,
        hostCaching: flags.hostCache,
        seed: flags.seed,
      });
      for (const warning of report.warnings) io.stderr.write(`kms-srv: warning: ${warning}\n`);
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(toDiscoverJson(report), null, 2)}\n`);
      } else {
        const { formatDiscoverText } = await import('../../kms/discover-text.js');
        io.stdout.write(formatDiscoverText(report));
      }
      state.exitCode = report.exitCode;
    });
};
