// Server addresses: `--server` and resolv.conf values as addresses (the grammar is names/host-port.ts).
import net from 'node:net';
import { usageError } from '../util/errors.js';
import { parseHostPort } from '../names/host-port.js';
import { nameProblem } from '../names/validate.js';
import type { ServerAddress } from './types.js';

export const DNS_PORT = 53;

/**
 * Parse a server address. Only IP literals are accepted: resolving a host name to find the resolver
 * would need a resolver (resolveServer does it, with the OS resolver, for a flag a person typed).
 * IPv6 may carry a zone (`fe80::1%eth0`).
 */
export function parseServer(text: string, defaultPort = DNS_PORT): ServerAddress {
  const { host, port } = splitServer(text, defaultPort);
  if (net.isIP(host) === 0) {
    throw usageError(`server "${text}": "${host}" is not an IPv4 or IPv6 address (host names are not accepted here)`);
  }
  return { host, port };
}

/** The grammar's verdict (names/host-port.ts), with brackets allowed only around IPv6. */
function splitServer(text: string, defaultPort: number): { host: string; port: number } {
  const parsed = parseHostPort(text, defaultPort);
  if ('problem' in parsed) throw usageError(`server "${text}": ${parsed.problem}${parsed.problem.startsWith('port') ? '' : ' (expected HOST[:PORT], [IPv6]:PORT or an IPv6 literal)'}`);
  if (parsed.bracketed && net.isIP(parsed.host) !== 6) throw usageError(`server "${text}": brackets are only for IPv6 addresses`);
  return parsed;
}

/** The OS resolver's answer for one name (dns.lookup: /etc/hosts, then DNS as the system is set up). */
export type HostLookup = (name: string) => Promise<{ address: string; family: number }>;

/** A server given by name, and the address it was resolved to. */
export interface ResolvedServer extends ServerAddress {
  /** The host name as given; absent when an address was given. */
  name?: string;
}

/**
 * A server address where a person may also write a host name: the name is resolved once, by `lookup`
 * (the OS resolver), and its first address used. A name that does not resolve is a usage error.
 */
export async function resolveServer(text: string, lookup: HostLookup, defaultPort = DNS_PORT): Promise<ResolvedServer> {
  const { host, port } = splitServer(text, defaultPort);
  if (net.isIP(host) !== 0) return { host, port };
  // A dotted quad that is no address (999.1.1.1) is not a name either.
  if (/^[\d.]+$/.test(host)) throw usageError(`server "${text}": "${host}" is not an IPv4 address`, { server: text });
  // The rule generate --server uses too: one label is fine ("localhost", a name the search list completes).
  const problem = nameProblem(host, 'domain');
  if (problem !== undefined) throw usageError(`server "${text}": "${host}" is neither an IP address nor a host name: ${problem}`, { server: text });
  let found;
  try {
    found = await lookup(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOTFOUND' ? 'no such host' : code === 'EAI_AGAIN' ? 'the resolver did not answer (EAI_AGAIN)' : code ?? (error as Error).message;
    throw usageError(`server "${text}": host name "${host}" does not resolve (${why}); give an IP address or a name the system resolver knows`, { server: text, host, reason: code ?? null });
  }
  return { host: found.address, port, name: host };
}

/** A list of `--flag HOST[:PORT]` values, each error naming the flag; undefined when the flag is absent. */
export function parseServerFlag(flag: string, values: readonly string[] | undefined): ServerAddress[] | undefined {
  return values?.map((text) => {
    try {
      return parseServer(text);
    } catch (error) {
      if (error instanceof Error) throw usageError(`${flag}: ${error.message}`);
      throw error;
    }
  });
}
