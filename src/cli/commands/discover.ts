// `kms-srv discover`: find the KMS host a Windows client would use, the way it would (docs/behaviour.md#discovery).
import os from 'node:os';
import { Option } from 'commander';
import { EXIT, usageError } from '../../util/errors.js';
import type { CommandModule } from '../command.js';
import { addDnsOptions, addDomainOptions, addProbeTimeoutOption, clientConfigOption, profileOption, readOwnWindowsSettings, seedOption, type DnsFlags, type DomainFlags, resolvConfLoader, resolveServerFlag } from '../common-options.js';
import { escapeForTerminal } from '../../util/terminal.js';

interface DiscoverFlags extends DnsFlags, DomainFlags {
  kmsHost?: string;
  profile: 'win7' | 'vista';
  probe: 'tcp' | 'rpc' | 'none';
  probeTimeout: number;
  /** true for --state without a file: the default path. */
  state?: string | true;
  force?: boolean;
  hostCache: boolean;
  seed?: string;
  json?: boolean;
  /** false for --no-client-config. */
  clientConfig: boolean;
}

export const register: CommandModule['register'] = (program, io, state) => {
  const command = program
    .command('discover')
    .description('find the KMS host a Windows client would use: domains searched, candidates and their odds, each attempt, the host selected');
  addDomainOptions(command);
  addDnsOptions(command);
  addProbeTimeoutOption(command)
    .option('--kms-host <host[:port]>', "a manual KMS host, like slmgr /skms: no DNS discovery; a name is resolved by the OS resolver (hosts file, suffixes) unless --server is given")
    .addOption(profileOption())
    .addOption(new Option('--probe <kind>', 'how to test a host: tcp connect, DCE/RPC bind to the KMS interface, or none').choices(['tcp', 'rpc', 'none']).default('tcp'))
    .option('--state [file]', 'JSON state file keeping the cached host across runs (written only over an absent file or a host cache); without FILE, the per-user default: %LOCALAPPDATA%\\kms-srv\\host-cache.json on Windows, $XDG_STATE_HOME (~/.local/state)/kms-srv/host-cache.json elsewhere')
    .option('--force', '--state: replace a file that is not a host cache')
    .option('--no-host-cache', 'host caching off, like slmgr /ckhc: no cache read or written')
    .addOption(seedOption('selection order'))
    .option('--json', 'print the result as JSON')
    .addOption(clientConfigOption())
    .addHelpText('after', '\nExit status: 0 a host was selected, 1 the DNS said no, 3 nothing answered, 2 bad input or a --state file\nthat is not a host cache or cannot be written (the discovery is still printed when only the writing failed).\n')
    .action(async (flags: DiscoverFlags) => {
      // The state file is read and then replaced: standard input cannot be replaced.
      if (flags.state === '-') throw usageError('--state names a file that discover reads and rewrites; "-" (standard input) cannot be rewritten: give a file name');
      const { runDiscover, toDiscoverJson } = await import('../../kms/run-discover.js');
      const windowsClient = await readOwnWindowsSettings(flags.clientConfig);
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
        ...(flags.state === true
          ? { stateFile: (await import('../../kms/host-cache.js')).defaultHostCachePath(process.platform, io.env, os.homedir()), defaultStateFile: true }
          : { stateFile: flags.state }),
        forceState: flags.force,
        hostCaching: flags.hostCache,
        seed: flags.seed,
        ...(windowsClient ? { windowsClient } : {}),
      }, { loadResolvConf: resolvConfLoader(io) });
      for (const warning of report.warnings) io.stderr.write(`kms-srv: warning: ${escapeForTerminal(warning)}\n`);
      if (flags.json) {
        if (windowsClient) {
          const { windowsClientLines } = await import('../../kms/windows-client-text.js');
          for (const line of windowsClientLines(windowsClient)) io.stderr.write(`kms-srv: client setting: ${line}\n`);
        }
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
