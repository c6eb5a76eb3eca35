// Options several commands share, defined once so their names, ranges and help read the same.
import { Option, type Command } from 'commander';
import { collect, intOption } from './command.js';
import type { ResolvConf } from '../dns/resolv-conf.js';
import { writeNote, type CliIo } from './io.js';

/** What commander parses from addDnsOptions. */
export interface DnsFlags {
  server?: string[];
  timeout?: number;
  attempts?: number;
  tcp?: boolean;
}

/** What commander parses from addDomainOptions. */
export interface DomainFlags {
  domain?: string[];
  lookupDomain?: string;
}

/** --server (repeatable), --timeout, --attempts, --tcp: how the resolver asks DNS (dns/resolver-settings.ts fills the rest from resolv.conf). */
export function addDnsOptions(command: Command): Command {
  return command
    .option('--server <host[:port]>', 'DNS server to ask: an address, or a name the system resolver turns into one (repeatable, tried in order; default: /etc/resolv.conf nameservers)', collect)
    .option('--timeout <ms>', 'DNS per-attempt timeout in milliseconds (default: resolv.conf, 5000)', intOption('--timeout', 1, 600_000))
    .option('--attempts <n>', 'DNS attempts per server (default: resolv.conf, 2)', intOption('--attempts', 1, 10))
    .option('--tcp', 'query DNS over TCP from the start (default: UDP, TCP after truncation; resolv.conf options use-vc)');
}

/** --domain (repeatable) and --lookup-domain: the domains a client searches. */
export function addDomainOptions(command: Command): Command {
  return command
    .option('--domain <domain>', "the client's domain, then its search-list suffixes, in order (repeatable; default: resolv.conf domain, then search)", collect)
    .option('--lookup-domain <domain>', 'query only this domain, like slmgr /skms-domain (the search list is ignored)');
}

/** --probe-timeout, shared by every command that probes hosts. */
export function addProbeTimeoutOption(command: Command): Command {
  return command.option('--probe-timeout <ms>', 'per-address probe timeout in milliseconds', intOption('--probe-timeout', 1, 600_000), 2000);
}

/** --profile win7|vista: whose selection rules (docs/behaviour.md#selection). */
export function profileOption(): Option {
  return new Option('--profile <profile>', 'client profile: win7 honours priority and weight, vista picks uniformly at random').choices(['win7', 'vista']).default('win7');
}

/** --seed N: the same draws on every run; `what` says what it reproduces. */
export function seedOption(what: string): Option {
  return new Option('--seed <n>', `seed for a reproducible ${what} (default: cryptographically random)`);
}

/** resolv.conf as every command reads it: KMS_SRV_RESOLV_CONF names another file (tests, labs). */
export function resolvConfLoader(io: CliIo): () => Promise<ResolvConf> {
  return () => import('../dns/resolv-conf.js').then((m) => m.loadResolvConf({ path: io.env.KMS_SRV_RESOLV_CONF ?? '/etc/resolv.conf' }));
}

/**
 * `--server`-like values as the runners take them (addresses): a host name is resolved once with the OS
 * resolver and a note says which address is used. Undefined stays undefined (resolv.conf decides).
 */
export async function resolveServerFlag(io: CliIo, flag: string, values: readonly string[] | undefined): Promise<string[] | undefined> {
  if (values === undefined) return undefined;
  const [{ resolveServer }, { hostPort }, { usageError, isKmsSrvError }] = await Promise.all([
    import('../dns/server-address.js'),
    import('../names/host-port.js'),
    import('../util/errors.js'),
  ]);
  const lookup = io.lookupHost ?? (async (name: string) => (await import('node:dns')).promises.lookup(name));
  const resolved: string[] = [];
  for (const text of values) {
    let server;
    try {
      server = await resolveServer(text, lookup);
    } catch (error) {
      if (error instanceof Error) throw usageError(`${flag}: ${error.message}`, { flag, ...(isKmsSrvError(error) ? error.details : {}) });
      throw error;
    }
    const address = hostPort(server.host, server.port);
    if (server.name !== undefined) writeNote(io, `${flag} ${text}: using ${address} (${server.name} resolved by the system resolver)`);
    resolved.push(address);
  }
  return resolved;
}
