// `kms-srv serve ZONEFILE`: the in-process responder as a lab DNS server. Not for production use.
import { escapeForTerminal } from '../../util/terminal.js';
import { intOption, type CommandModule } from '../command.js';
import { STDIN_NAME, readTextArgument } from '../io.js';

interface ServeFlags {
  port: number;
  host: string;
  origin?: string;
  json?: boolean;
}

/** Resolves on the first SIGINT or SIGTERM, removing both listeners. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const register: CommandModule['register'] = (program, io, state) => {
  program
    .command('serve')
    .description('serve a zone file over UDP and TCP for labs and tests (NOT a production DNS server) until Ctrl-C')
    .argument('<zonefile>', 'RFC 1035 master file, e.g. zones/example.test.zone; - reads standard input ($INCLUDE refused there)')
    .option('--port <n>', 'port for UDP and TCP (0 = any free port)', intOption('--port', 0, 65535), 0)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--origin <zone>', 'origin when the file has no $ORIGIN')
    .option('--json', 'one JSON line when ready, {"ready":{address, host, port, origin, records, transports}}, and one when stopped, {"stopped":{signal, queries}}')
    .action(async (zonefile: string, flags: ServeFlags) => {
      const [{ parseZoneFile, parseZoneText, ZONE_FILE_LIMITS }, { startResponder }, { KmsSrvError }, path, net] = await Promise.all([
        import('../../zonefile/parse.js'),
        import('../../dns/responder.js'),
        import('../../util/errors.js'),
        import('node:path'),
        import('node:net'),
      ]);
      if (net.isIP(flags.host) === 0) throw new KmsSrvError('USAGE', `--host must be an IP address, got "${flags.host}"`);
      const origin = flags.origin ? { origin: flags.origin } : {};
      // Standard input has no directory for $INCLUDE to be relative to, so the parser refuses it there.
      const zone = zonefile === '-'
        ? parseZoneText((await readTextArgument(io, zonefile, ZONE_FILE_LIMITS)).text, { ...origin, file: STDIN_NAME })
        : await parseZoneFile(path.resolve(io.cwd, zonefile), origin);
      let responder;
      try {
        responder = await startResponder({ zones: zone, host: flags.host, port: flags.port });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'needs privileges (ports below 1024)' : `failed: ${(error as Error).message}`;
        throw new KmsSrvError('USAGE', `listening on ${flags.host} port ${flags.port} ${why}`, { cause: error });
      }
      const stopped = untilSignal();
      const source = zonefile === '-' ? STDIN_NAME : zonefile;
      if (flags.json) {
        const ready = { address: responder.address, host: responder.host, port: responder.port, origin: zone.origin, records: zone.records.length, transports: ['udp', 'tcp'] };
        io.stdout.write(`${JSON.stringify({ ready })}\n`);
      } else {
        io.stdout.write(`serving ${escapeForTerminal(zone.origin)} from ${escapeForTerminal(source)} (${zone.records.length} records) on ${responder.address}, UDP and TCP\n`);
        if (!io.quiet) {
          io.stdout.write(`lab server, not production DNS; Ctrl-C stops it\ntry: kms-srv lookup _vlmcs._tcp.${escapeForTerminal(zone.origin.replace(/\.$/, ''))} SRV --server ${responder.address}\n`);
        }
      }
      const signal = await stopped;
      await responder.stop();
      const count = responder.received();
      if (flags.json) io.stdout.write(`${JSON.stringify({ stopped: { signal, queries: count } })}\n`);
      else io.stdout.write(`${signal}: stopped after ${count} ${count === 1 ? 'query' : 'queries'}\n`);
      state.exitCode = 0;
    });
};
