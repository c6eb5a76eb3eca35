// Values from flags that end up inside a generated script or configuration, checked against their
// grammar before any quoting (issue 10): `--server` is a host name or an IP literal with an optional
// port 1-65535; a TSIG key name is a DNS name. A value that fails is a usage error naming its flag.
import { nameProblem } from '../names/validate.js';
import { ipv4Problem, ipv6Problem } from '../plan/names.js';
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';

export interface ScriptServer {
  /** A host name (no trailing dot) or an IP literal (IPv6 without brackets). */
  host: string;
  /** Absent when the flag gave none: the tool's own default applies. */
  port?: number;
}

function refuse(flag: string, text: string, why: string): never {
  throw new KmsSrvError('USAGE', `${flag} ${JSON.stringify(excerpt(text))}: ${why}`, { details: { flag } });
}

const SERVER_FORMS = 'expected HOST, HOST:PORT, an IP address, or [IPv6]:PORT';

/** `--server HOST[:PORT]`, `[IPv6]:PORT` or a bare IPv6 literal, as nsupdate and dnscmd take it. */
export function parseScriptServer(text: string, flag = '--server'): ScriptServer {
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/s.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    const problem = ipv6Problem(host);
    if (problem) refuse(flag, text, `${problem}; brackets are only for IPv6 addresses`);
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = text;
    const problem = ipv6Problem(host);
    if (problem) refuse(flag, text, `${problem} (${SERVER_FORMS})`);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    // A dotted quad must be a real IPv4 address: 999.1.1.1 is no host name either.
    if (/^[\d.]+$/.test(host)) {
      const problem = ipv4Problem(host);
      if (problem) refuse(flag, text, `${problem} (${SERVER_FORMS})`);
    } else {
      const problem = nameProblem(host, 'domain');
      if (problem) refuse(flag, text, `the host name ${problem} (${SERVER_FORMS})`);
      if (host.endsWith('.')) host = host.slice(0, -1);
    }
  }
  if (portText === undefined) return { host };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    refuse(flag, text, `the port must be a number from 1 to 65535, got ${JSON.stringify(excerpt(portText))}`);
  }
  return { host, port: Number(portText) };
}

/** A TSIG key name: a DNS name (RFC 8945 §4.2), refused otherwise with where it came from. */
export function checkKeyName(name: string, source: string): string {
  const problem = nameProblem(name, 'domain');
  if (problem) throw new KmsSrvError('USAGE', `key name ${JSON.stringify(excerpt(name))} (from ${source}) ${problem}`, { details: { source } });
  return name;
}
