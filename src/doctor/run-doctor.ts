// `doctor` as a function: options in, the report out. Validates every input first, then wires the
// real resolver, authoritative queries and probes around `gatherFacts`, and judges the facts with the
// same catalogue `check-zone` uses (where = 'live'). The CLI and the demo both call it.
import type { ClientFact } from '../checks/facts.js';
import type { CheckReport } from '../checks/report.js';
import type { ResolvConf } from '../dns/resolv-conf.js';
import type { ServerAddress } from '../dns/types.js';
import { DOMAIN_ORDER_NOTE, domainsToSearch } from '../kms/discovery.js';
import type { ClientProfile } from '../srv/types.js';
import { EXIT, KmsSrvError, fileErrorReason, usageError } from '../util/errors.js';
import { MIB, readInputBytes, type InputLimits } from '../util/input-file.js';
import type { Rng } from '../util/random.js';
import type { GatherProbe } from '../gather/probes.js';
import type { DoctorProbeKind, GatherDeps, GatherLog, GatherQuery, GatherQueryAt } from './types.js';

/** What `runDoctor` looks at: the domains, the DNS servers, the probe, the client's registry export. */
export interface DoctorOptions {
  /** The client's domain, then its search list (`--domain`, DOMAIN…). Absent: resolv.conf domain, then search. */
  domains?: string[];
  /** `--lookup-domain`: only this domain (like `slmgr /skms-domain`). */
  lookupDomain?: string;
  /** DNS servers "HOST[:PORT]". Absent: resolv.conf nameserver. */
  servers?: string[];
  profile?: ClientProfile;
  probe?: DoctorProbeKind;
  probeTimeoutMs?: number;
  timeoutMs?: number;
  attempts?: number;
  /** Query over TCP from the start (resolv.conf `use-vc` sets it too). */
  tcp?: boolean;
  /** Path of a .reg export of the client's SoftwareProtectionPlatform key. */
  clientReg?: string;
  /** "HOST:PORT" servers asked instead of the zone's NS hosts on port 53. */
  authoritative?: string[];
  /** Exit 1 on warnings too. */
  strict?: boolean;
}

/** The I/O `runDoctor` uses; each is optional and defaults to the real network and files (tests pass fakes). */
export interface DoctorDeps {
  loadResolvConf?: () => Promise<ResolvConf>;
  readFile?: (path: string) => Promise<Uint8Array>;
  rng?: Rng;
  query?: GatherQuery;
  queryAt?: GatherQueryAt;
  probe?: GatherProbe;
}

/** The facts gathered, the findings of the checks, and the error code a client would show. */
export interface DoctorResult {
  /** Exactly the `doctor --json` shape: {facts, findings, summary, clientErrorCode}. */
  report: CheckReport;
  exitCode: number;
  /** Who was asked, what was assumed; for the text header and stderr. */
  log: GatherLog;
  probe: DoctorProbeKind;
}

/** docs/behaviour.md#input-limits: a client's export of its SL keys is a few KiB. */
export const CLIENT_REG_LIMITS = { maxBytes: 16 * MIB } as const satisfies InputLimits;

async function readClientReg(file: string, readFile: (path: string) => Promise<Uint8Array>): Promise<{ client: ClientFact; problems: string[] }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new KmsSrvError('FILE_READ', `--client-reg ${file}: cannot read the file (${fileErrorReason(error)})`, { cause: error, details: { file } });
  }
  const { clientFactFromReg } = await import('./client-reg.js');
  return clientFactFromReg(bytes, file);
}

/** Diagnoses why a client does not find its KMS host: gathers facts from live DNS (the client's servers, the zone's authoritative servers, probes of the targets, optionally a `.reg` export), then judges them with the check catalogue. */
export async function runDoctor(options: DoctorOptions, deps: DoctorDeps = {}): Promise<DoctorResult> {
  const [{ parseServerFlag }, { gatherFacts }, { buildReport, reportExitCode }, { checkDomainArgument, clientDomains, lazyResolvConf }] = await Promise.all([
    import('../dns/server-address.js'),
    import('./gather.js'),
    import('../checks/report.js'),
    import('../kms/run-discover.js'),
  ]);
  // Every input is checked before the first packet leaves.
  for (const domain of options.domains ?? []) checkDomainArgument('domain', domain);
  if (options.lookupDomain !== undefined) checkDomainArgument('--lookup-domain', options.lookupDomain);
  const servers = parseServerFlag('--server', options.servers);
  const authoritative = parseServerFlag('--authoritative', options.authoritative);
  const settings = options.clientReg !== undefined ? await readClientReg(options.clientReg, deps.readFile ?? ((p) => readInputBytes(p, CLIENT_REG_LIMITS))) : undefined;
  const probe = options.probe ?? 'tcp';

  const conf = lazyResolvConf(deps.loadResolvConf);
  const notes: string[] = settings?.problems.map((p) => `--client-reg: ${p}`) ?? [];
  // The client's own lookup domain (slmgr /skms-domain) applies unless --lookup-domain overrides it.
  const lookupDomain = options.lookupDomain ?? settings?.client.lookupDomain;
  let given = options.domains ?? [];
  if (options.domains === undefined && lookupDomain === undefined) {
    given = clientDomains(await conf());
  }
  const domains = domainsToSearch({ lookupDomain, domains: given });
  if (domains.length === 0) throw usageError('no domain to search: give DOMAIN, --domain or --lookup-domain (resolv.conf has no domain or search line)');
  if (lookupDomain !== undefined) notes.push(`a lookup domain is set (${lookupDomain}): the DNS suffix search list is ignored`);
  else if (domains.length > 1) notes.push(DOMAIN_ORDER_NOTE);

  const gatherDeps = await wireDeps(options, deps, servers, conf, probe);
  const { facts, log } = await gatherFacts(
    {
      domains,
      profile: options.profile ?? 'win7',
      probe,
      ...(authoritative ? { authoritative } : {}),
      ...(settings ? { client: settings.client } : {}),
    },
    gatherDeps,
  );
  log.notes.unshift(...notes);
  const report = buildReport(facts, 'live');
  const exitCode = log.answered === 0 ? EXIT.noAnswer : reportExitCode(report, options.strict === true);
  return { report, exitCode, log, probe };
}

/** The real resolver, one resolver per authoritative server, and the probes of src/kms/probe.ts, unless injected. */
async function wireDeps(
  options: DoctorOptions,
  deps: DoctorDeps,
  servers: ServerAddress[] | undefined,
  conf: () => Promise<ResolvConf>,
  probeKind: DoctorProbeKind,
): Promise<GatherDeps> {
  const [{ Resolver }, { resolverSettings }, { rngForSeed }, { createProbe }] = await Promise.all([
    import('../dns/resolver.js'),
    import('../dns/resolver-settings.js'),
    import('../util/random.js'),
    import('../kms/probe.js'),
  ]);
  const rng = deps.rng ?? rngForSeed(undefined);
  // With both queries injected (tests), resolv.conf is never read.
  const flags = { servers, timeoutMs: options.timeoutMs, attempts: options.attempts, tcp: options.tcp };
  const settings = deps.query && deps.queryAt ? { servers: servers ?? [], timeoutMs: options.timeoutMs ?? 5000, attempts: options.attempts ?? 2, tcp: options.tcp ?? false } : await resolverSettings(flags, conf);
  let query = deps.query;
  if (!query) {
    const resolver = new Resolver({ ...settings, rng });
    query = (name, type, queryOptions) => resolver.query(name, type, queryOptions);
  }
  const queryAt: GatherQueryAt =
    deps.queryAt ?? ((server, name, type, queryOptions) => new Resolver({ ...settings, servers: [server], rng }).query(name, type, queryOptions));
  let probe = deps.probe;
  if (!probe && probeKind !== 'none') {
    const limit = { timeoutMs: options.probeTimeoutMs ?? 2000 };
    const tcp = createProbe('tcp', limit)!;
    const rpc = createProbe('rpc', limit)!;
    probe = (request, kind) => (kind === 'tcp' ? tcp(request) : rpc(request));
  }
  return { query, queryAt, ...(probe ? { probe } : {}) };
}
