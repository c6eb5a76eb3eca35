// `kms-srv audit FILE|-`: check the KMS SRV records of many domains at once (issue #6).
import { Option } from 'commander';
import { intOption, type CommandModule } from '../command.js';
import { addDnsOptions, addProbeTimeoutOption, resolveServerFlag, type DnsFlags } from '../common-options.js';
import { usageError } from '../../util/errors.js';

interface AuditFlags extends DnsFlags {
  concurrency: number;
  probe: 'tcp' | 'rpc' | 'none';
  probeTimeout: number;
  json?: boolean;
  format?: 'text' | 'json' | 'csv';
  allFailures?: boolean;
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
    .option('--json', 'one JSON object per domain per line, as each finishes: {line, domain, verdict, hosts, errorCode, rcode, server, elapsedMs} (same as --format json)')
    .addOption(new Option('--format <format>', 'text: the summary; json: one JSON line per domain; csv: one record per domain (RFC 4180, formula-safe) for spreadsheets').choices(['text', 'json', 'csv']))
    .option('--all-failures', 'the summary lists every domain that is not ok (default: the first 10 to finish)')
    .option('--progress', 'show the progress line on stderr even when it is not a terminal')
    .option('--no-progress', 'never show the progress line')
    .addHelpText('after', '\nExit status: 0 every domain ok, 1 a domain is not ok, 2 bad input (an invalid line, an unreadable file),\n3 no server gave a usable reply for any domain. A server sent queries that answered none is named\nin the summary (on stderr with --format json or csv).\n')
    .action(async (file: string, flags: AuditFlags) => {
      if (flags.json && flags.format !== undefined && flags.format !== 'json') throw usageError(`audit: --json and --format ${flags.format} ask for two outputs; give one`);
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
          format: flags.format,
          allFailures: flags.allFailures,
          // --quiet hides the progress line, whatever --progress says.
          progress: io.quiet ? false : flags.progress,
        },
        io,
      );
    });
};
