// `kms-srv audit FILE|-`: check the KMS SRV records of many domains at once (issue #6).
import { Option } from 'commander';
import { intOption, type CommandModule } from '../command.js';
import { addDnsOptions, addProbeTimeoutOption, resolveServerFlag, type DnsFlags } from '../common-options.js';

interface AuditFlags extends DnsFlags {
  concurrency: number;
  probe: 'tcp' | 'rpc' | 'none';
  probeTimeout: number;
  json?: boolean;
  progress?: boolean;
}

export const register: CommandModule['register'] = (program, io, state) => {
  const command = program
    .command('audit')
    .description('check _vlmcs._tcp SRV records of many domains concurrently (one domain per line; "-" reads stdin); exit 1 if any is not ok')
    .argument('<file>', 'file of domains, one per line ("#" comments, blank lines ignored), or "-" for standard input');
  addDnsOptions(command);
  addProbeTimeoutOption(command)
    .option('--concurrency <n>', 'domains in flight at once', intOption('--concurrency', 1, 65_536), 256)
    .addOption(new Option('--probe <kind>', 'also test each host: tcp connect, DCE/RPC bind to the KMS interface, or none').choices(['tcp', 'rpc', 'none']).default('none'))
    .option('--json', 'one JSON object per domain per line, as each finishes: {domain, verdict, hosts, errorCode, elapsedMs}')
    .option('--progress', 'show the progress line on stderr even when it is not a terminal')
    .option('--no-progress', 'never show the progress line')
    .action(async (file: string, flags: AuditFlags) => {
      const { auditCommand } = await import('../audit/run-audit.js');
      state.exitCode = await auditCommand(
        {
          input: file,
          servers: await resolveServerFlag(io, '--server', flags.server),
          timeoutMs: flags.timeout,
          attempts: flags.attempts,
        tcp: flags.tcp,
          concurrency: flags.concurrency,
          probe: flags.probe,
          probeTimeoutMs: flags.probeTimeout,
          json: flags.json,
          // --quiet hides the progress line, whatever --progress says.
          progress: io.quiet ? false : flags.progress,
        },
        io,
      );
    });
};
