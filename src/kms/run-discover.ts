// `discover` as a function: options in, the report out. Wires the real resolver, probe, clock, random
// source and state file around the pure discovery core; the CLI and the demo both call it.
import net from 'node:net';
import type { ResolvConf } from '../dns/resolv-conf.js';
import type { ClientProfile } from '../srv/types.js';
import { EXIT, usageError } from '../util/errors.js';
import { escapeForTerminal } from '../util/terminal.js';
import type { Rng } from '../util/random.js';
import { discover } from './discovery.js';
import { createHostCache, loadHostCache, saveHostCache } from './host-cache.js';
import { createProbe, type ProbeKind } from './probe.js';
import { KMS_DEFAULT_PORT, VLMCS_PREFIX_OCTETS } from '../names/kms-service.js';
import { nameProblem } from '../names/validate.js';
import type { ProbeFn } from '../gather/probes.js';
import { type DiscoverJson, type DiscoveryOutcome, type ManualHost, type QueryFn } from './types.js';

/** What `runDiscover` is asked: the domains to search, the DNS servers, the client profile, the probe and the host cache. */
export interface DiscoverOptions {
  /** The client's own domain, then its search list. Absent: resolv.conf `domain`, then `search`. */
  domains?: string[];
  lookupDomain?: string;
  /** "HOST[:PORT]", like `slmgr /skms`: no DNS discovery. */
  kmsHost?: string;
  /** DNS servers "HOST[:PORT]". Absent: resolv.conf `nameserver`. */
  servers?: string[];
  profile?: ClientProfile;
  probe?: ProbeKind;
  probeTimeoutMs?: number;
  /** DNS per-attempt timeout; absent: resolv.conf. */
  timeoutMs?: number;
  attempts?: number;
  /** Query over TCP from the start (resolv.conf `use-vc` sets it too). */
  tcp?: boolean;
  /** JSON state file holding the host cache across runs. Absent: the cache lives for this run only. */
  stateFile?: string;
  /** Replace a state file that is not a host cache (without it, such a file is an error: exit 2). */
  forceState?: boolean;
  /** false is `slmgr /ckhc`. */
  hostCaching?: boolean;
  /** Decimal seed for a reproducible selection order. */
  seed?: string;
}

/** What `runDiscover` does I/O with; each is optional and defaults to the real network, clock and files (tests pass fakes). */
export interface DiscoverRunDeps {
  loadResolvConf?: () => Promise<ResolvConf>;
  now?: () => number;
  rng?: Rng;
  /** Replaces the resolver built from servers/timeout/attempts. */
  query?: QueryFn;
  /** Replaces the probe built from `probe` / `probeTimeoutMs`. */
  probe?: ProbeFn;
}

/** What discovery did: the DNS answers, the hosts tried in order, the host found (or none) and the error a client would show. */
export interface DiscoverReport extends DiscoveryOutcome {
  /** Problems that did not stop discovery (an ignored state file …), for stderr. */
  warnings: string[];
  exitCode: number;
  stateFile: string | null;
  /** Why the state file could not be written after the discovery, which is reported all the same. */
  stateFileError: string | null;
  hostCaching: boolean;
}

/** Parses `--kms-host HOST[:PORT]`: a host name, an IPv4 address or `[IPv6]:PORT` / a bare IPv6 address. */
export function parseKmsHost(text: string): ManualHost {
  const value = text.trim();
  const fail = (why: string) => usageError(`--kms-host "${escapeForTerminal(text)}": ${why} (expected HOST[:PORT], e.g. kms1.contoso.com:1688 or [fd00::1]:1688)`);
  let host = value;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(value);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (net.isIPv6(host) === false) throw fail(`"${host}" is not an IPv6 address`);
  } else if (net.isIPv6(value)) {
    host = value;
  } else if (value.includes(':')) {
    host = value.slice(0, value.lastIndexOf(':'));
    portText = value.slice(value.lastIndexOf(':') + 1);
  }
  if (host === '') throw fail('the host is empty');
  const name = host.replace(/\.$/, '');
  // A client resolves the name as given, through its search list, so one label is enough.
  const problem = net.isIP(host) ? undefined : nameProblem(name, 'domain');
  if (problem !== undefined) throw fail(`"${host}" is not a host name or IP address: it ${problem}`);
  let port = KMS_DEFAULT_PORT;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) throw fail(`port must be 1 to 65535, got "${portText}"`);
    port = Number(portText);
  }
  return { host: net.isIP(host) ? host : name, port };
}

/** Checks a `--domain` / `--lookup-domain` value before any query, so a typo is a usage error, not a DNS failure. */
export function checkDomainArgument(flag: string, text: string): string {
  const name = text.trim();
  // The value is quoted in full, control characters shown: it may come from a script, not a person.
  const quoted = `${flag} "${escapeForTerminal(text)}"`;
  if (name === '' || name === '.') throw usageError(`${quoted}: the domain is empty`);
  const problem = nameProblem(name, 'domain', VLMCS_PREFIX_OCTETS);
  if (problem !== undefined) throw usageError(`${quoted} ${problem}`);
  return text;
}

/** resolv.conf, read on first use and then shared; `load` replaces the real file (tests). */
export function lazyResolvConf(load?: () => Promise<ResolvConf>): () => Promise<ResolvConf> {
  let conf: Promise<ResolvConf> | undefined;
  return () => (conf ??= load?.() ?? import('../dns/resolv-conf.js').then((m) => m.loadResolvConf()));
}

/** The domains a client searches by default: its own (`domain`), then its suffix search list. */
export function clientDomains(conf: ResolvConf): string[] {
  return [...(conf.domain ? [conf.domain] : []), ...conf.search];
}

function exitCodeFor(outcome: DiscoveryOutcome): number {
  if (outcome.selected) return EXIT.ok;
  return outcome.dnsUnanswered && outcome.candidates.length === 0 ? EXIT.noAnswer : EXIT.dnsNo;
}

/** Discovers a KMS host as a Windows client does (manual host, then the cached host, then `_vlmcs._tcp` SRV records in the client's order, probing each) and reports every step. */
export async function runDiscover(options: DiscoverOptions, deps: DiscoverRunDeps = {}): Promise<DiscoverReport> {
  const [{ rngForSeed }, { parseServerFlag }, select, probability] = await Promise.all([
    import('../util/random.js'),
    import('../dns/server-address.js'),
    import('../srv/select.js'),
    import('../srv/probability.js'),
  ]);
  // Validate every input before any network traffic.
  const rng = deps.rng ?? rngForSeed(options.seed);
  const manual = options.kmsHost !== undefined ? parseKmsHost(options.kmsHost) : undefined;
  const servers = parseServerFlag('--server', options.servers);
  for (const domain of options.domains ?? []) checkDomainArgument('--domain', domain);
  if (options.lookupDomain !== undefined) checkDomainArgument('--lookup-domain', options.lookupDomain);
  const hostCaching = options.hostCaching ?? true;

  const conf = lazyResolvConf(deps.loadResolvConf);
  let domains = options.domains ?? [];
  if (options.domains === undefined && options.lookupDomain === undefined && manual === undefined) {
    domains = clientDomains(await conf());
  }

  let query = deps.query;
  if (!query) {
    let resolver: Promise<{ query: QueryFn }> | undefined;
    const build = async () => {
      const [{ Resolver }, { resolverSettings }] = await Promise.all([import('../dns/resolver.js'), import('../dns/resolver-settings.js')]);
      return new Resolver({ ...(await resolverSettings({ servers, timeoutMs: options.timeoutMs, attempts: options.attempts, tcp: options.tcp }, conf)), rng });
    };
    query = async (name, type, queryOptions) => {
      resolver ??= build();
      return (await resolver).query(name, type, queryOptions);
    };
  }

  const warnings: string[] = [];
  const useStateFile = hostCaching && options.stateFile !== undefined;
  let cache = createHostCache();
  if (useStateFile) {
    const loaded = await loadHostCache(options.stateFile!, { force: options.forceState });
    cache = loaded.cache;
    if (loaded.warning) warnings.push(loaded.warning);
  }

  const outcome = await discover(
    {
      manual: manual ? { global: manual } : undefined,
      lookupDomain: options.lookupDomain,
      domains,
      profile: options.profile ?? 'win7',
      hostCaching,
    },
    {
      query,
      rng,
      now: deps.now ?? (() => Date.now()),
      probe: deps.probe ?? createProbe(options.probe ?? 'tcp', { timeoutMs: options.probeTimeoutMs ?? 2000 }),
      cache,
      orderRecords: select.orderRecords,
      firstPickShares: probability.firstPickShares,
    },
  );
  // The discovery happened whatever becomes of the file: the caller prints it, then this error.
  let stateFileError: string | null = null;
  if (useStateFile && cache.dirty) {
    await saveHostCache(options.stateFile!, cache).catch((error: unknown) => {
      stateFileError = error instanceof Error ? error.message : String(error);
    });
  }
  return { ...outcome, warnings, exitCode: exitCodeFor(outcome), stateFile: useStateFile ? options.stateFile! : null, stateFileError, hostCaching };
}

/** Exactly the documented `discover --json` shape (issue #3), nothing more. */
export function toDiscoverJson(report: DiscoverJson): DiscoverJson {
  return {
    domains: report.domains.map((d) => ({ domain: d.domain, name: d.name, rcode: d.rcode, win32: d.win32, event: d.event, records: d.records })),
    candidates: report.candidates,
    attempts: report.attempts,
    selected: report.selected,
    errorCode: report.errorCode,
    cache: report.cache,
  };
}
