// `kms-srv doctor [DOMAIN...]`: gather what a Windows client would see through DNS (and what it
// cannot: each authoritative server's answer, aliases, probes), then run the checks (docs/checks.md) on it.
// Exit 0 no error finding, 1 an error or a client error code (warnings too with --strict), 2 bad input,
// 3 no DNS answer.
import { Option } from 'commander';
import { collect, type CommandModule } from '../command.js';
import { useColour } from '../colour.js';
import { readBytesArgument, writeNote } from '../io.js';
import { addDnsOptions, addDomainOptions, addProbeTimeoutOption, profileOption, type DnsFlags, type DomainFlags, resolvConfLoader, resolveServerFlag } from '../common-options.js';

interface DoctorFlags extends DnsFlags, DomainFlags {
  profile: 'win7' | 'vista';
  /** A kind, or false for --no-probe. */
  probe?: 'tcp' | 'rpc' | 'none' | false;
  probeTimeout: number;
  clientReg?: string;
  authoritative?: string[];
  strict?: boolean;
  json?: boolean;
}

export const register: CommandModule['register'] = (program, io, state) => {
  const command = program
    .command('doctor')
    .description("diagnose KMS discovery through DNS as a client would see it: SRV answers, each authoritative server, targets, probes, the client's settings; findings with fixes")
    .argument('[domain...]', 'domains to search, in order (same as --domain)');
  addDomainOptions(command);
  addDnsOptions(command);
  addProbeTimeoutOption(command)
    .option('--authoritative <host:port>', "ask these servers as the zone's authoritative servers instead of its NS hosts on port 53 (repeatable)", collect)
    .addOption(profileOption())
    .addOption(new Option('--probe <kind>', 'how to test each host: tcp connect, tcp then a DCE/RPC bind to the KMS interface, or none (as discover --probe; default: tcp)').choices(['tcp', 'rpc', 'none']))
    .option('--no-probe', 'do not connect to the hosts')
    .option('--client-reg <file>', "a .reg export of the client's SoftwareProtectionPlatform key (manual host, lookup domain, host caching); - reads standard input")
    .option('--strict', 'exit 1 on warnings too')
    .option('--json', 'print {facts, findings, summary, clientErrorCode} as JSON')
    .action(async (positional: string[], flags: DoctorFlags) => {
      const { runDoctor, CLIENT_REG_LIMITS } = await import('../../doctor/run-doctor.js');
      const given = [...positional, ...(flags.domain ?? [])];
      const result = await runDoctor({
        ...(given.length > 0 ? { domains: given } : {}),
        lookupDomain: flags.lookupDomain,
        servers: await resolveServerFlag(io, '--server', flags.server),
        authoritative: await resolveServerFlag(io, '--authoritative', flags.authoritative),
        profile: flags.profile,
        probe: flags.probe === false ? 'none' : (flags.probe ?? 'tcp'),
        probeTimeoutMs: flags.probeTimeout,
        timeoutMs: flags.timeout,
        attempts: flags.attempts,
        tcp: flags.tcp,
        clientReg: flags.clientReg,
        strict: flags.strict,
      }, { loadResolvConf: resolvConfLoader(io), readFile: (file) => readBytesArgument(io, file, CLIENT_REG_LIMITS) });
      if (flags.json) {
        for (const note of result.log.notes) writeNote(io, note);
        io.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
      } else {
        const { formatDoctorText } = await import('../../doctor/text.js');
        io.stdout.write(formatDoctorText(result, { colour: useColour(io) }));
      }
      if (result.exitCode === 3) io.stderr.write('kms-srv: no DNS server answered: nothing could be gathered\n');
      state.exitCode = result.exitCode;
    });
};
