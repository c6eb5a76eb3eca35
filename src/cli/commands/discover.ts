// `kms-srv discover`: find the KMS host a Windows client would use, the way it would (SPEC §2.2).
import { Option } from 'commander';
import type { CommandModule } from '../command.js';
import { addDnsOptions, addDomainOptions, addProbeTimeoutOption, profileOption, seedOption, type DnsFlags, type DomainFlags, resolvConfLoader } from '../shared-options.js';
import { escapeForTerminal } from '../../util/terminal.js';

interface DiscoverFlags extends DnsFlags, DomainFlags {
  kmsHost?: string;
  profile: 'win7' | 'vista';
  probe: 'tcp' | 'rpc' | 'none';
  probeTimeout: number;
  state?: string;
  hostCache: boolean;
  seed?: string;
  json?: boolean;
}

export const register: CommandModule['register'] = (program, io, state) => {
  const command = program
    .command('discover')
    .description('find the KMS host a Windows client would use: domains searched, candidates and their odds, each attempt, the host selected');
  addDomainOptions(command);
  addDnsOptions(command);
  addProbeTimeoutOption(command)
    .option('--kms-host <host[:port]>', 'a manual KMS host, like slmgr /skms: no DNS discovery')
    .addOption(profileOption())
    .addOption(new Option('--probe <kind>', 'how to test a host: tcp connect, DCE/RPC bind to the KMS interface, or none').choices(['tcp', 'rpc', 'none']).default('tcp'))
    .option('--state <file>', 'JSON state file keeping the cached host across runs')
    .option('--no-host-cache', 'host caching off, like slmgr /ckhc: no cache read or written')
    .addOption(seedOption('selection order'))
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
      }, { loadResolvConf: resolvConfLoader(io) });
      for (const warning of report.warnings) io.stderr.write(`kms-srv: warning: ${escapeForTerminal(warning)}\n`);
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(toDiscoverJson(report), null, 2)}\n`);
      } else {
        const { formatDiscoverText } = await import('../../kms/discover-text.js');
        io.stdout.write(formatDiscoverText(report));
      }
      state.exitCode = report.exitCode;
    });
};
