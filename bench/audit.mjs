// The loopback ceiling (issues #6 and #14 item 3): `kms-srv audit` of N domains as a whole process,
// beside dnsperf sending the same SRV questions to the same BIND, alternating within each round so both
// meet the same machine load. The estate is issue 14's: 75 % of the domains with a host (address glue in
// the reply), 10 % whose target has no address (the audit asks A and AAAA too), 15 % with no SRV record
// (NXDOMAIN). dnsperf sends only the SRV questions, on one socket with 256 outstanding (`-c 1 -q 256`).
// Prints each round with the machine's load average, then medians and the ratio (target ≥ 0.5×).
// Run after `npx tsc -p tsconfig.json`:
//   node bench/audit.mjs [domains=100000] [rounds=3]
//   PROFILE=dir node bench/audit.mjs   (also writes a --cpu-prof of one audit run into dir)
//   DNSPERF_CLIENTS=16 node bench/audit.mjs   (dnsperf over 16 sockets instead of 1)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { startBind, which } from './lib/bind.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const BIN = path.join(root, 'dist/cli/bin.js');
export const AUDIT_CONCURRENCY = 256;
// As bench/run.mjs runs it.
const TIMEOUT_MS = 500;
// Issue 14 measured dnsperf on one socket; DNSPERF_CLIENTS=16 spreads it over sixteen as audit's pool does.
export const DNSPERF_CLIENTS = Number(process.env.DNSPERF_CLIENTS ?? 1);

/** Issue 14's estate: of every 20 domains, 15 with a host, 2 whose target has no address, 3 without SRV. */
export function issueMix(i) {
  const slot = i % 20;
  return slot < 15 ? 'ok' : slot < 17 ? 'no-address' : 'no-srv';
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const load = () => os.loadavg()[0].toFixed(1);

// CPU seconds of each process from GNU time (user, system), and of named from /proc, when available:
// unlike wall time on a shared machine, they barely move with the load (docs/performance.md).
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** spawnSync under GNU time when present; `cpu` is { user, system } seconds or undefined. */
function spawnTimed(command, args, options) {
  if (!GNU_TIME) return { ...spawnSync(command, args, options), cpu: undefined };
  const r = spawnSync(GNU_TIME, ['-f', '%U %S', command, ...args], options);
  const last = /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  return { ...r, stderr: last ? r.stderr.slice(0, last.index) : r.stderr, cpu: last ? { user: Number(last[1]), system: Number(last[2]) } : undefined };
}

/** named's CPU seconds so far (user + system), or undefined off Linux. */
function namedCpu(bind) {
  try {
    const pid = readFileSync(path.join(bind.dir, 'named.pid'), 'utf8').trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const microsEach = (seconds, count) => (seconds === undefined ? '?' : ((seconds * 1e6) / count).toFixed(1));

/** One audit process: wall seconds, CPU seconds (its own and named's) and verdict counts. */
function auditOnce(list, server, extraNodeArgs = [], bind = undefined) {
  const argv = [...extraNodeArgs, BIN, 'audit', list, '--server', server, '--concurrency', String(AUDIT_CONCURRENCY), '--timeout', String(TIMEOUT_MS), '--attempts', '3', '--json', '--no-progress'];
  const named0 = bind && namedCpu(bind);
  const t = performance.now();
  const r = spawnTimed(process.execPath, argv, { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t) / 1000;
  const named = named0 === undefined ? undefined : namedCpu(bind) - named0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`audit exited ${r.status}: ${r.stderr}`);
  const verdicts = {};
  let retried = 0;
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    const result = JSON.parse(line);
    verdicts[result.verdict] = (verdicts[result.verdict] ?? 0) + 1;
    // A domain that took longer than one timeout had a datagram lost (BIND's receive queue overflows).
    if (result.elapsedMs >= TIMEOUT_MS) retried++;
  }
  return { seconds, verdicts, retried, cpu: r.cpu, named };
}

function dnsperfOnce(dnsperf, queries, bind) {
  const named0 = namedCpu(bind);
  const r = spawnTimed(dnsperf, ['-s', bind.host, '-p', String(bind.port), '-d', queries, '-c', String(DNSPERF_CLIENTS), '-q', String(AUDIT_CONCURRENCY), '-n', '1', '-t', '1'], { encoding: 'utf8', timeout: 120_000 });
  const m = /Queries per second:\s+([\d.]+)/.exec(r.stdout);
  if (!m) throw new Error(`dnsperf printed no rate: ${r.stdout}${r.stderr}`);
  const lost = /Queries lost:\s+(\d+)/.exec(r.stdout);
  const named = named0 === undefined ? undefined : namedCpu(bind) - named0;
  return { qps: Number(m[1]), lost: lost ? Number(lost[1]) : 0, cpu: r.cpu, named };
}

export async function benchAudit({ domains = 100_000, rounds = 3, log = (t) => process.stderr.write(`${t}\n`) } = {}) {
  const dnsperf = which('dnsperf');
  if (!dnsperf) throw new Error('dnsperf is not installed (apt-get install dnsperf)');
  const { buildFleet } = await import(path.join(root, 'dist/audit/fleet-zone.js'));
  const fleet = buildFleet('fleet.test', domains, issueMix);
  const expected = {};
  for (const d of fleet.domains) expected[d.expected] = (expected[d.expected] ?? 0) + 1;
  const bind = await startBind([{ name: 'fleet.test', text: fleet.zoneText }]);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-bench-audit-'));
  try {
    const list = path.join(tmp, 'domains.txt');
    writeFileSync(list, `${fleet.domains.map((d) => d.domain).join('\n')}\n`);
    const queries = path.join(tmp, 'dnsperf.txt');
    writeFileSync(queries, `${fleet.domains.map((d) => `_vlmcs._tcp.${d.domain} SRV`).join('\n')}\n`);
    // Warm BIND's caches and the page cache once on each side.
    auditOnce(list, bind.address);
    dnsperfOnce(dnsperf, queries, bind);
    const ours = [];
    const ref = [];
    const ratios = [];
    const loads = [];
    for (let round = 0; round < rounds; round++) {
      const first = round % 2 === 0;
      let a;
      loads.push(os.loadavg()[0]);
      if (first) a = auditOnce(list, bind.address, [], bind);
      const q = dnsperfOnce(dnsperf, queries, bind);
      if (!first) a = auditOnce(list, bind.address, [], bind);
      for (const [verdict, count] of Object.entries(expected)) {
        if (a.verdicts[verdict] !== count) throw new Error(`audit gave ${JSON.stringify(a.verdicts)}, expected ${JSON.stringify(expected)}`);
      }
      const rate = domains / a.seconds;
      ours.push(rate);
      ref.push(q.qps);
      ratios.push(rate / q.qps);
      log(`round ${round + 1} (load ${load()}): audit ${rate.toFixed(0)} domains/s (${(a.seconds * 1000).toFixed(0)} ms, ${a.retried} domains retried after a ${TIMEOUT_MS} ms timeout), dnsperf ${q.qps.toFixed(0)} queries/s (${q.lost} lost), ratio ${(rate / q.qps).toFixed(3)}×`);
      log(`  CPU per domain: audit ${microsEach(a.cpu?.user, domains)} µs user + ${microsEach(a.cpu?.system, domains)} µs system, named ${microsEach(a.named, domains)} µs; per query: dnsperf ${microsEach(q.cpu?.user, domains)} µs user + ${microsEach(q.cpu?.system, domains)} µs system, named ${microsEach(q.named, domains)} µs`);
    }
    if (process.env.PROFILE) {
      auditOnce(list, bind.address, ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.PROFILE)]);
      log(`profile written to ${process.env.PROFILE}`);
    }
    const [o, r] = [median(ours), median(ref)];
    return { domainsPerSecond: o, dnsperfQps: r, ratio: o / r, roundRatio: median(ratios), rounds, load: median(loads) };
  } finally {
    await bind.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const domains = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 3);
  const m = await benchAudit({ domains, rounds });
  process.stdout.write(
    `audit of ${domains} domains (75 % ok, 10 % no address, 15 % no SRV), ${AUDIT_CONCURRENCY} in flight, medians of ${m.rounds} rounds, load average ${m.load.toFixed(1)} on ${os.cpus().length} CPUs:\n` +
      `  kms-srv audit  ${m.domainsPerSecond.toFixed(0)} domains/s\n` +
      `  dnsperf -c ${DNSPERF_CLIENTS} -q ${AUDIT_CONCURRENCY}  ${m.dnsperfQps.toFixed(0)} queries/s\n` +
      `  ratio  ${m.ratio.toFixed(3)}× of the medians, ${m.roundRatio.toFixed(3)}× median of the rounds (target ≥ 0.5×)\n`,
  );
}
