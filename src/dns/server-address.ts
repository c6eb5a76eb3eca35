// "host[:port]", "[v6]:port" and bare IPv6 literals, as `--server` and resolv.conf write them.
import net from 'node:net';
import { usageError } from '../util/errors.js';
import type { ServerAddress } from './types.js';

export const DNS_PORT = 53;

/**
 * Parse a server address. Only IP literals are accepted: resolving a host name to find the resolver
 * would need a resolver. IPv6 may carry a zone (`fe80::1%eth0`).
 */
export function parseServer(text: string, defaultPort = DNS_PORT): ServerAddress {
  const value = text.trim();
  if (value === '') throw usageError('server address is empty (expected HOST[:PORT], [IPv6]:PORT or an IPv6 literal)');
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(value);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else if (value.indexOf(':') !== value.lastIndexOf(':')) {
    host = value; // several colons and no brackets: a bare IPv6 literal, no port
  } else {
    const colon = value.indexOf(':');
    host = colon < 0 ? value : value.slice(0, colon);
    portText = colon < 0 ? undefined : value.slice(colon + 1);
  }
  const family = net.isIP(host);
  if (family === 0) {
    throw usageError(`server "${text}": "${host}" is not an IPv4 or IPv6 address (host names are not accepted here)`);
  }
  if (bracketed && family !== 6) throw usageError(`server "${text}": brackets are only for IPv6 addresses`);
  let port = defaultPort;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw usageError(`server "${text}": port must be a number from 1 to 65535, got "${portText}"`);
    }
    port = Number(portText);
  }
  return { host, port };
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
