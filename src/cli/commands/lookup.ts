// `kms-srv lookup NAME [TYPE]`: one DNS question, asked the way a KMS client asks it (docs/behaviour.md#dns).
import { EXIT, isKmsSrvError } from '../../util/errors.js';
import { escapeForTerminal } from '../../util/terminal.js';
import type { CommandModule } from '../command.js';
import type { CliIo } from '../io.js';
import { addDnsOptions, resolvConfLoader, resolveServerFlag, type DnsFlags } from '../common-options.js';

interface LookupFlags extends DnsFlags {
  json?: boolean;
}

/** 0 when `check` passes, else the exit code of the error it throws, whose words go to stderr (the Win32 code). */
function answerExitCode(io: CliIo, check: () => unknown): number {
  try {
    check();
    return EXIT.ok;
  } catch (error) {
    if (!isKmsSrvError(error)) throw error;
    io.stderr.write(`kms-srv: ${escapeForTerminal(error.message)}\n`);
    return error.exitCode;
  }
}

export const register: CommandModule['register'] = (program, io, state) => {
  const command = program
    .command('lookup')
    .description('ask DNS one question (default type SRV) with the resolver kms-srv uses; exit 1 if the DNS says no, 3 if nothing answers')
    .argument('<name>', 'the name to look up, e.g. _vlmcs._tcp.example.test')
    .argument('[type]', 'record type (SRV, A, AAAA, CNAME, SOA, NS, TXT …)', 'SRV');
  addDnsOptions(command)
    .option('--json', 'print {question, server, rcode, answers, elapsedMs} as JSON')
    .action(async (name: string, type: string, flags: LookupFlags) => {
      const [{ Resolver, expectAnswers }, { parseServerFlag }, { resolverSettings }, { wireTypeCode }, format] = await Promise.all([
        import('../../dns/resolver.js'),
        import('../../dns/server-address.js'),
        import('../../dns/resolver-settings.js'),
        import('../../zonefile/rrtypes.js'),
        import('../../dns/lookup-format.js'),
      ]);
      const { usageError } = await import('../../util/errors.js');
      if (name.trim() === '') throw usageError('the name to look up is empty (write "." for the root)');
      if (wireTypeCode(type) === undefined) throw usageError(`unknown record type "${type}" (try SRV, A, AAAA, CNAME, NS, SOA, TXT)`);
      const servers = parseServerFlag('--server', await resolveServerFlag(io, '--server', flags.server));
      const settings = await resolverSettings({ servers, timeoutMs: flags.timeout, attempts: flags.attempts, tcp: flags.tcp }, resolvConfLoader(io));
      const resolver = new Resolver(settings);
      const result = await resolver.query(name, type);
      if (flags.json) {
        // The answer is the result, rcode and all: a DNS "no" is in it, so only the exit status says so.
        io.stdout.write(`${JSON.stringify(format.toLookupJson(result), null, 2)}\n`);
        state.exitCode = answerExitCode(io, () => expectAnswers(result, result.question.type));
        return;
      }
      io.stdout.write(format.formatLookupText(result));
      // NXDOMAIN, NODATA, SERVFAIL, REFUSED become a DnsError naming the Win32 code (exit 1).
      expectAnswers(result, result.question.type);
      state.exitCode = 0;
    });
};
