// Values from flags that end up inside a generated script or configuration, checked against their
// grammar before any quoting (issue 10): `--server` is a host name or an IP literal with an optional
// port 1-65535; a TSIG key name is a DNS name. A value that fails is a usage error naming its flag.
import { parseHostPort } from '../names/host-port.js';
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
  // Nothing is trimmed: the value goes into a script as it is, or not at all.
  if (text !== text.trim()) refuse(flag, text, `spaces around the value (${SERVER_FORMS})`);
  const parsed = parseHostPort(text, 0);
  if ('problem' in parsed) refuse(flag, text, parsed.problem.startsWith('port') ? `the ${parsed.problem}` : `${parsed.problem} (${SERVER_FORMS})`);
  let host = parsed.host;
  if (parsed.bracketed) {
    const problem = ipv6Problem(host);
    if (problem) refuse(flag, text, `${problem}; brackets are only for IPv6 addresses`);
  } else if (host.includes(':')) {
    const problem = ipv6Problem(host);
    if (problem) refuse(flag, text, `${problem} (${SERVER_FORMS})`);
  } else {
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
  return parsed.portGiven ? { host, port: parsed.port } : { host };
}

/** A TSIG key name: a DNS name (RFC 8945 §4.2), refused otherwise with where it came from. */
export function checkKeyName(name: string, source: string): string {
  const problem = nameProblem(name, 'domain');
  if (problem) throw new KmsSrvError('USAGE', `key name ${JSON.stringify(excerpt(name))} (from ${source}) ${problem}`, { details: { source } });
  return name;
}
