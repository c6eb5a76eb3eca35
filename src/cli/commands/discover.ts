// `kms-srv discover`: find the KMS host a Windows client would use, the way it would (docs/behaviour.md#discovery).
import { Option } from 'commander';
import { EXIT, usageError } from '../../util/errors.js';
import type { CommandModule } from '../command.js';
import { addDnsOptions, addDomainOptions, addProbeTimeoutOption, profileOption, seedOption, type DnsFlags, type DomainFlags, resolvConfLoader, resolveServerFlag } from '../common-options.js';
import { escapeForTerminal } from '../../util/terminal.js';

interface DiscoverFlags extends DnsFlags, DomainFlags {
  kmsHost?: string;
  profile: 'win7' | 'vista';
  probe: 'tcp' | 'rpc' | 'none';
  probeTimeout: number;
  state?: string;
  force?: boolean;
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
    .option('--state <file>', 'JSON state file keeping the cached host across runs (written only over an absent file or a host cache)')
    .option('--force', '--state: replace a file that is not a host cache')
    .option('--no-host-cache', 'host caching off, like slmgr /ckhc: no cache read or written')
    .addOption(seedOption('selection order'))
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExit status: 0 a host was selected, 1 the DNS said no, 3 nothing answered, 2 bad input or a --state file\nthat is not a host cache or cannot be written (the discovery is still printed when only the writing failed).\n')
    .action(async (flags: DiscoverFlags) => {
      // The state file is read and then replaced: standard input cannot be replaced.
      if (flags.state === '-') throw usageError('--state names a file that discover reads and rewrites; "-" (standard input) cannot be rewritten: give a file name');
      const { runDiscover, toDiscoverJson } = await import('../../kms/run-discover.js');
      const report = await runDiscover({
        domains: flags.domain,
        lookupDomain: flags.lookupDomain,
        kmsHost: flags.kmsHost,
        servers: await resolveServerFlag(io, '--server', flags.server),
        profile: flags.profile,
        probe: flags.probe,
        probeTimeoutMs: flags.probeTimeout,
        timeoutMs: flags.timeout,
        attempts: flags.attempts,
        tcp: flags.tcp,
        stateFile: flags.state,
        forceState: flags.force,
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
      // The discovery above stands; the state file that could not keep it is a usage error (exit 2).
      if (report.stateFileError !== null) {
        io.stderr.write(`kms-srv: ${report.stateFileError}\n`);
        state.exitCode = EXIT.usage;
      }
    });
};
