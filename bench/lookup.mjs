// Resolver throughput (issue #2): sequential SRV lookups in-process against a local BIND, kms-srv's
// Resolver beside Node's own dns.promises.Resolver on the same server. Each round alternates the two
// in blocks of 100 lookups, so both meet the same machine load even when it changes mid-round.
// Prints each side's median queries per second over the rounds, CPU per query and the ratio
// (target ≥ 1.0×).
// Run after `npx tsc -p tsconfig.json`:  node bench/lookup.mjs [total=10000] [rounds=5]
import { readFileSync } from 'node:fs';
import dns from 'node:dns';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { startBind } from './lib/bind.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const NAME = '_vlmcs._tcp.example.test';
const BLOCK = 100;

/** Run `count` lookups one after another; wall milliseconds and CPU microseconds used. */
async function timed(lookup, count) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const records = await lookup();
    if (records.length === 0) throw new Error('an SRV lookup came back empty');
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuUs: cpu.user + cpu.system };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Both sides, `rounds` times each, alternating which goes first; per-round figures and medians. */
export async function benchLookup({ total = 10_000, rounds = 5, server } = {}) {
  const { Resolver } = await import(path.join(here, '../dist/dns/resolver.js'));
  const { closeSpareSockets } = await import(path.join(here, '../dist/dns/transport.js'));
  const bind = server ?? (await startBind([{ name: 'example.test', text: readFileSync(path.join(here, '../zones/example.test.zone'), 'utf8') }]));
  try {
    const ours = new Resolver({ servers: [{ host: bind.host, port: bind.port }], timeoutMs: 2000, attempts: 2 });
    const node = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
    node.setServers([`${bind.host}:${bind.port}`]);
    const sides = {
      'kms-srv Resolver': async () => (await ours.query(NAME, 'SRV')).answers,
      'node dns.promises.Resolver': () => node.resolveSrv(NAME),
    };
    const names = Object.keys(sides);
    const perRound = Math.max(1, Math.round(total / rounds));
    // Warm-up: JIT, BIND's caches, the first sockets.
    for (const name of names) await timed(sides[name], 1000);
    const results = Object.fromEntries(names.map((n) => [n, []]));
    const block = Math.min(BLOCK, perRound);
    for (let round = 0; round < rounds; round++) {
      const sums = Object.fromEntries(names.map((n) => [n, { wallMs: 0, cpuUs: 0 }]));
      for (let done = 0, b = 0; done < perRound; done += block, b++) {
        const order = (round + b) % 2 === 0 ? names : [...names].reverse();
        for (const name of order) {
          const part = await timed(sides[name], Math.min(block, perRound - done));
          sums[name].wallMs += part.wallMs;
          sums[name].cpuUs += part.cpuUs;
        }
      }
      for (const name of names) results[name].push(sums[name]);
    }
    closeSpareSockets();
    const summary = names.map((name) => {
      const rows = results[name];
      return {
        name,
        qps: median(rows.map((r) => (perRound * 1000) / r.wallMs)),
        cpuUsPerQuery: median(rows.map((r) => r.cpuUs / perRound)),
        rounds: rows.map((r) => Math.round((perRound * 1000) / r.wallMs)),
      };
    });
    const [mine, theirs] = summary;
    return { perRound, rounds, summary, ratio: mine.qps / theirs.qps };
  } finally {
    if (!server) await bind.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const total = Number(process.argv[2] ?? 10_000);
  const rounds = Number(process.argv[3] ?? 5);
  const { perRound, summary, ratio } = await benchLookup({ total, rounds });
  process.stdout.write(`${rounds} rounds of ${perRound} sequential SRV lookups of ${NAME} per side, alternating every ${BLOCK}, against a local BIND\n`);
  for (const s of summary) {
    process.stdout.write(`${s.name.padEnd(28)} ${s.qps.toFixed(0).padStart(6)} q/s (median; rounds ${s.rounds.join(', ')})  CPU ${s.cpuUsPerQuery.toFixed(0)} µs/query\n`);
  }
  process.stdout.write(`throughput ratio kms-srv / node: ${ratio.toFixed(2)}× (target ≥ 1.0×)\n`);
}
