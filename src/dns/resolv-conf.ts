// /etc/resolv.conf as glibc reads it (resolv.conf(5)): the defaults every resolver flag overrides
// (docs/behaviour.md#dns). Parsing is pure; the loader takes the file reader as a parameter.
import net from 'node:net';
import { KmsSrvError, fileErrorReason } from '../util/errors.js';
import { KIB, MIB, inputErrno, readInputText, type InputLimits } from '../util/input-file.js';
import { DNS_PORT } from './server-address.js';
import type { ServerAddress } from './types.js';

/** The settings of a `resolv.conf` file that a resolver uses: servers, search domains, timeout, attempts, ndots, use-vc. */
export interface ResolvConf {
  /** At most 3 (glibc's MAXNS); 127.0.0.1 when the file names none. */
  servers: ServerAddress[];
  /** The local domain (`domain`, else the host name after its first dot), null for none. */
  domain: string | null;
  /** The suffix search list; `domain` and `search` replace each other, the last one wins. */
  search: string[];
  timeoutMs: number;
  attempts: number;
  ndots: number;
  rotate: boolean;
  /** `options use-vc`: always TCP. */
  useVc: boolean;
  /** Lines ignored, for `--verbose` style reporting: "line 4: ...". */
  warnings: string[];
}

// resolv.conf(5): timeout 5 s (max 30), attempts 2 (max 5), ndots 1 (max 15).
const RESOLV_DEFAULTS = { timeoutSeconds: 5, attempts: 2, ndots: 1, maxServers: 3 } as const;
const LIMITS = { timeout: 30, attempts: 5, ndots: 15 } as const;

export interface ParseResolvConfOptions {
  /** The machine's host name, for the default domain (`os.hostname()` in the loader). */
  hostname?: string;
}

function stripDot(name: string): string {
  return name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name;
}

function domainFromHostname(hostname: string | undefined): string | null {
  if (!hostname) return null;
  const dot = hostname.indexOf('.');
  return dot < 0 || dot === hostname.length - 1 ? null : stripDot(hostname.slice(dot + 1));
}

export function parseResolvConf(text: string, options: ParseResolvConfOptions = {}): ResolvConf {
  const servers: ServerAddress[] = [];
  const warnings: string[] = [];
  let domain: string | null = null;
  let search: string[] | null = null;
  let timeoutSeconds: number = RESOLV_DEFAULTS.timeoutSeconds;
  let attempts: number = RESOLV_DEFAULTS.attempts;
  let ndots: number = RESOLV_DEFAULTS.ndots;
  let rotate = false;
  let useVc = false;

  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const words = line.trim().split(/\s+/).filter((w) => w !== '');
    const [keyword, ...args] = words;
    if (keyword === undefined) continue;
    const where = `line ${i + 1}`;
    switch (keyword) {
      case 'nameserver': {
        const address = args[0] ?? '';
        if (net.isIP(address) === 0) warnings.push(`${where}: nameserver "${address}" is not an IP address; ignored`);
        else if (servers.length >= RESOLV_DEFAULTS.maxServers) warnings.push(`${where}: more than ${RESOLV_DEFAULTS.maxServers} nameservers; ignored`);
        else servers.push({ host: address, port: DNS_PORT });
        break;
      }
      case 'domain':
        if (args[0]) {
          domain = stripDot(args[0]);
          search = null; // the last of domain/search wins
        }
        break;
      case 'search':
        search = args.map(stripDot).filter((d) => d !== '.' && d !== '');
        break;
      case 'options':
        for (const option of args) {
          const [name, value] = option.split(':', 2);
          const n = value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
          if (name === 'timeout' && n >= 0) timeoutSeconds = Math.min(Math.max(n, 1), LIMITS.timeout);
          else if (name === 'attempts' && n >= 0) attempts = Math.min(Math.max(n, 1), LIMITS.attempts);
          else if (name === 'ndots' && n >= 0) ndots = Math.min(n, LIMITS.ndots);
          else if (name === 'rotate') rotate = true;
          else if (name === 'use-vc') useVc = true;
          else if (name === 'timeout' || name === 'attempts' || name === 'ndots') warnings.push(`${where}: option "${option}" needs a whole number; ignored`);
        }
        break;
      default:
        // sortlist and unknown keywords do not affect what we resolve.
        break;
    }
  }

  const localDomain = domain ?? domainFromHostname(options.hostname);
  return {
    servers: servers.length > 0 ? servers : [{ host: '127.0.0.1', port: DNS_PORT }],
    domain: search !== null ? (search[0] ?? localDomain) : localDomain,
    search: search ?? (localDomain ? [localDomain] : []),
    timeoutMs: timeoutSeconds * 1000,
    attempts,
    ndots,
    rotate,
    useVc,
    warnings,
  };
}

export interface LoadResolvConfOptions extends ParseResolvConfOptions {
  path?: string;
  readFile?: (path: string) => Promise<string>;
}

/** docs/behaviour.md#input-limits: the C library reads a few servers and domains; 1 MiB is plenty. */
const RESOLV_CONF_LIMITS = { maxBytes: MIB, maxLineBytes: 64 * KIB } as const satisfies InputLimits;

/** Read and parse resolv.conf; a missing file gives the defaults, as the C library does. */
export async function loadResolvConf(options: LoadResolvConfOptions = {}): Promise<ResolvConf> {
  const path = options.path ?? '/etc/resolv.conf';
  const readFile = options.readFile ?? ((p: string) => readInputText(p, RESOLV_CONF_LIMITS));
  let text = '';
  try {
    text = await readFile(path);
  } catch (error) {
    if (inputErrno(error) !== 'ENOENT') {
      throw new KmsSrvError('FILE_READ', `cannot read ${path}: ${fileErrorReason(error)}`, { cause: error, details: { file: path } });
    }
  }
  return parseResolvConf(text, options);
}
