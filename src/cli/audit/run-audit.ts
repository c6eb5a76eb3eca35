// The `audit` command behind its flags: options in, exit code out. Wires the input stream, the fast
// path (or, with a probe, a Resolver) over a shared socket pool, the output and the progress line; the
// audit engine it drives stays in src/audit, which knows nothing of the CLI.
import { constants, createReadStream, promises as fs, type ReadStream } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../io.js';
import { UdpPool } from '../../dns/pool.js';
import { loadResolvConf } from '../../dns/resolv-conf.js';
import { formatServer } from '../../dns/errors.js';
import { resolverSettings } from '../../dns/resolver-settings.js';
import { parseServerFlag } from '../../dns/server-address.js';
import type { ResolverOptions } from '../../dns/types.js';
import type { ProbeKind } from '../../kms/probe.js';
import { EXIT, KmsSrvError, fileErrorReason } from '../../util/errors.js';
import { checkInputStat } from '../../util/input-file.js';
import { auditDomain, type AuditDeps } from '../../audit/audit-domain.js';
import { readDomainLines } from '../../audit/domains.js';
import { utf8Chunks } from '../../util/text-encoding.js';
import { FastAudit } from '../../audit/fast-audit.js';
import { startProgress, type Progress } from './progress.js';
import { DEFAULT_CONCURRENCY, promiseAuditor, runAudit, type DomainAuditor } from '../../audit/run.js';
import { AuditTally } from '../../audit/tally.js';
import { formatAuditText } from '../../audit/text.js';
import { AUDIT_CSV_HEADER, auditCsvRecord } from '../../audit/csv.js';
import type { AuditResult, DomainLine } from '../../audit/types.js';
import { escapeForTerminal } from '../../util/terminal.js';

export interface AuditOptions {
  /** A file path, or "-" for standard input. */
  input: string;
  /** "HOST[:PORT]"; absent: resolv.conf nameservers. */
  servers?: string[];
  timeoutMs?: number;
  attempts?: number;
  /** Query over TCP from the start (resolv.conf `use-vc` sets it too). */
  tcp?: boolean;
  concurrency?: number;
  probe?: ProbeKind;
  probeTimeoutMs?: number;
  /** Deprecated spelling of `format: 'json'`. */
  json?: boolean;
  /** text: the summary (default); json: one JSON line per domain as it finishes; csv: one CSV record per domain. */
  format?: AuditFormat;
  /** The summary lists every not-ok domain, not only the first 10 to finish. */
  allFailures?: boolean;
  /** true forces the progress line, false hides it; undefined: shown when stderr is a terminal. */
  progress?: boolean;
}

export type AuditFormat = 'text' | 'json' | 'csv';
export const AUDIT_FORMATS: readonly AuditFormat[] = ['text', 'json', 'csv'];

// Lines are gathered and written in batches: one write per result would be a system call each.
const FLUSH_BYTES = 1 << 16;

function lineWriter(io: CliIo): { write(text: string): void; flush(): void } {
  let buffered = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (buffered === '') return;
    const text = buffered;
    buffered = '';
    io.stdout.write(text);
  };
  return {
    write(text) {
      buffered += text;
      if (buffered.length >= FLUSH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

interface Input {
  stream: NodeJS.ReadableStream;
  /** Counts the domain lines (invalid ones too) in a second pass over a file; null for standard input. */
  count: (() => { total: Promise<number>; stop: () => Promise<void> }) | null;
  /** Close the file when the audit stops before its end (standard input is left alone). */
  close: () => Promise<void>;
}

/** Destroys a file stream and resolves once its descriptor is closed (destroy alone closes it later). */
function closeStream(stream: ReadStream): Promise<void> {
  return new Promise<void>((resolve) => {
    if (stream.closed) return resolve();
    stream.once('close', resolve);
    stream.destroy();
  });
}

/** The domain lines of `file`, counted as the audit will read them, until `stop` (which closes the file). */
function countDomainLines(file: string): { total: Promise<number>; stop: () => Promise<void> } {
  const stream = createReadStream(file);
  const total = (async () => {
    let count = 0;
    for await (const _line of readDomainLines(utf8Chunks(stream, file))) count++;
    return count;
  })();
  return { total, stop: () => closeStream(stream) };
}

async function openInput(input: string, io: CliIo): Promise<Input> {
  if (input === '-') {
    if (!io.stdin) throw new KmsSrvError('FILE_READ', 'audit: "-" means standard input, but there is none');
    return { stream: io.stdin, count: null, close: async () => undefined };
  }
  const file = path.resolve(io.cwd, input);
  let handle: fs.FileHandle | undefined;
  try {
    // Open before streaming, so a permission error is reported here in words, not from the stream.
    // O_NONBLOCK: a FIFO is refused below instead of waiting for a writer (use - for a pipe).
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = await handle.stat();
    checkInputStat(file, { maxBytes: Number.POSITIVE_INFINITY }, stat);
  } catch (error) {
    await handle?.close();
    throw new KmsSrvError('FILE_READ', `audit: cannot read ${input}: ${fileErrorReason(error)}`, { cause: error });
  }
  const stream = handle.createReadStream();
  return { stream, count: () => countDomainLines(file), close: () => closeStream(stream) };
}

function fastAuditor(fast: FastAudit): DomainAuditor {
  return (domain, done) => fast.start(domain, done);
}

async function fullDeps(dns: ResolverOptions, pool: UdpPool, probeKind: ProbeKind, probeTimeoutMs: number, now: () => number): Promise<AuditDeps> {
  const [{ Resolver }, { createProbe }] = await Promise.all([import('../../dns/resolver.js'), import('../../kms/probe.js')]);
  const resolver = new Resolver(dns, { exchange: pool.exchange });
  return { query: (name, type, queryOptions) => resolver.query(name, type, queryOptions), probe: createProbe(probeKind, { timeoutMs: probeTimeoutMs }), now };
}

export async function auditCommand(options: AuditOptions, io: CliIo): Promise<number> {
  const servers = parseServerFlag('--server', options.servers);
  const dns = await resolverSettings({ servers, timeoutMs: options.timeoutMs, attempts: options.attempts, tcp: options.tcp }, () => loadResolvConf({ path: io.env.KMS_SRV_RESOLV_CONF ?? '/etc/resolv.conf' }));
  const resolvedServers = dns.servers;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;

  // Outstanding datagrams per server adapt (dns/window.ts), up to --concurrency: a far server needs
  // them all in flight, while BIND's socket on Linux holds only about 256 and drops the rest, each drop
  // costing a whole timeout (a fixed 192 capped a server 100 ms away near 1,900 queries per second).
  const pool = new UdpPool({ maxPerServer: concurrency });
  const now = () => performance.now();
  const probeKind = options.probe ?? 'none';
  // The full resolver path (and dns-packet under it) is loaded only when a domain needs it: with no
  // probe, most domains are decided by the fast path from one reply.
  let fullPath: Promise<AuditDeps> | undefined;
  const full = () => (fullPath ??= fullDeps(dns, pool, probeKind, options.probeTimeoutMs ?? 2000, now));
  const auditor: DomainAuditor =
    // The fast path is one UDP query; over TCP (--tcp, use-vc) every domain takes the full path.
    probeKind === 'none' && !dns.tcp
      ? fastAuditor(new FastAudit({ ...dns, pool, now, fallback: async (domain) => auditDomain(domain, await full()) }))
      : (domain, done) => {
          full().then((deps) => promiseAuditor(deps)(domain, done), (error: unknown) => done(undefined, error));
        };
  const format: AuditFormat = options.format ?? (options.json ? 'json' : 'text');
  const tally = new AuditTally({ keepAllFailing: options.allFailures === true });
  const out = lineWriter(io);
  let inFlight = 0;
  let progress: Progress | undefined;
  let counting: { total: Promise<number>; stop: () => Promise<void> } | undefined;
  let serverCounts: ReturnType<UdpPool['serverCounts']> = [];
  let inputRead = false;
  // Opened last, just before the `try` whose `finally` closes it.
  const { stream, count, close: closeInput } = await openInput(options.input, io);
  const started = now();
  try {
    if (options.progress ?? Boolean(io.stderr.isTTY)) {
      // The total is counted beside the audit (a second read of the file), so the first domains do not wait for it.
      let total: number | null = null;
      counting = count?.() ?? undefined;
      counting?.total.then(
        (n) => (total = n),
        () => undefined,
      );
      // Once the whole input is read the total is known, standard input too.
      progress = startProgress(io.stderr, () => ({ done: tally.total, failing: tally.notOk, inFlight, elapsedMs: now() - started, total: inputRead ? tally.total : total }));
    }
    if (format === 'csv') out.write(AUDIT_CSV_HEADER);
    // Counted where a domain starts, not by another async generator around the input: each layer of
    // those costs promises and iterator results for every line.
    const counted: DomainAuditor = (domain, done) => {
      inFlight++;
      auditor(domain, done);
    };
    const writeResult = (result: AuditResult, line: DomainLine) => {
      if (line.error === undefined) inFlight--;
      tally.add(result, line.line);
      if (line.error !== undefined) {
        if (progress) io.stderr.write('\r\x1b[K');
        io.stderr.write(`kms-srv: audit: line ${line.line}: "${escapeForTerminal(line.domain)}" is not a domain name: ${escapeForTerminal(line.error)}\n`);
      }
      if (format === 'json') out.write(`${JSON.stringify({ line: line.line, ...result })}\n`);
      else if (format === 'csv') out.write(auditCsvRecord(result, line.line));
    };
    // Lists saved by Notepad or PowerShell may be UTF-16 or carry a byte order mark.
    await runAudit(readDomainLines(utf8Chunks(stream, options.input === '-' ? '<stdin>' : options.input)), concurrency, counted, writeResult);
    inputRead = true;
  } finally {
    // Both reads of the file end here, their descriptors closed before the command returns.
    await counting?.stop();
    serverCounts = pool.serverCounts();
    await closeInput();
    out.flush();
    progress?.stop();
    await pool.close();
  }
  if (format === 'text') {
    const counts = serverCounts.map((c) => ({ server: formatServer(c.server), sent: c.sent, answered: c.answered }));
    io.stdout.write(formatAuditText(tally, { elapsedMs: now() - started, concurrency, servers: resolvedServers.map(formatServer), serverCounts: counts }));
  } else {
    // The summary is not printed beside JSON or CSV; a server that answered nothing is still worth a line.
    for (const c of serverCounts) {
      if (c.sent > 0 && c.answered === 0) io.stderr.write(`kms-srv: audit: server ${formatServer(c.server)} answered none of the ${c.sent} queries sent to it\n`);
    }
  }
  if (tally.count('invalid') > 0) return EXIT.usage;
  // Exit 3 only when no server gave a usable reply to any domain's SRV question (a silent target is not that).
  if (tally.total > 0 && tally.unanswered === tally.total) return EXIT.noAnswer;
  return tally.notOk > 0 ? EXIT.dnsNo : EXIT.ok;
}
