// How hosts are printed for people: `host:port` as `slmgr /skms` takes it — no root dot, an IPv6
// literal in brackets — while DNS owner names elsewhere keep their trailing dot.
import { KMS_DEFAULT_PORT } from './kms-service.js';

/** "kms1.contoso.com:1688" for "kms1.contoso.com."; "[fd00::1]:1688" for an IPv6 literal. */
export function hostPort(target: string, port: number): string {
  const host = target.endsWith('.') && target !== '.' ? target.slice(0, -1) : target;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A client's KeyManagementServiceName[:Port] already accepted elsewhere, split by the one grammar below
 * (port 1688 when absent); text that grammar refuses is taken whole as the host.
 */
export function splitHostPort(text: string): { host: string; port: number } {
  const parsed = parseHostPort(text, KMS_DEFAULT_PORT);
  return 'problem' in parsed ? { host: text, port: KMS_DEFAULT_PORT } : { host: parsed.host, port: parsed.port };
}

/** `host[:port]` split into its parts, or why it cannot be. */
export type HostPortParse = { host: string; port: number; portGiven: boolean; bracketed: boolean } | { problem: string };

/**
 * The one grammar of `host[:port]` (`--server`, resolv.conf, a client's KeyManagementServiceName):
 * "host", "host:port", "[IPv6]", "[IPv6]:port", or a bare IPv6 literal (several colons: no port).
 * What the host must be (an address, a name) is the caller's rule; this only splits and checks the port.
 */
export function parseHostPort(text: string, defaultPort: number): HostPortParse {
  const value = text.trim();
  if (value === '') return { problem: 'is empty' };
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/s.exec(value);
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
  if (host === '') return { problem: 'has no host before the port' };
  let port = defaultPort;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      // Quoted short: the text may be long or hostile, and the caller quotes the whole value anyway.
      return { problem: `port must be a number from 1 to 65535, got "${portText.length > 20 ? `${portText.slice(0, 20)}…` : portText}"` };
    }
    port = Number(portText);
  }
  return { host, port, portGiven: portText !== undefined, bracketed: bracketed !== null };
}
