// `simulate` at 10,000, 100,000 and 1,000,000 clients over 180 days: wall time, peak RSS and the growth ratio.
// Each run is a fresh child process so its peak RSS is its own. Needs `npm run build` first.
// Usage: node bench/simulate.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SIZES = [10_000, 100_000, 1_000_000];
const DAYS = 180;
const RECORDS = new URL('../zones/example.records.json', import.meta.url);
const OUTAGES = [{ target: 'kms1.example.test.', fromHour: 160, toHour: 200 }];

async function child(clients, hostCache) {
  const { simulate } = await import('../dist/sim/simulate.js');
  const { seededRng } = await import('../dist/util/random.js');
  const records = JSON.parse(readFileSync(RECORDS, 'utf8'));
  const started = performance.now();
  const report = simulate({ records, clients, days: DAYS, profile: 'win7', hostCache, outages: OUTAGES }, seededRng(1));
  const ms = performance.now() - started;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, maxRssMB, attempts: report.totals.attempts }));
}

function measure(clients, hostCache) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(clients), String(hostCache)], { encoding: 'utf8' });
  return JSON.parse(out);
}

if (process.argv[2] === '--child') {
  await child(Number(process.argv[3]), process.argv[4] === 'true');
} else {
  const rows = [];
  for (const hostCache of [true, false]) {
    const results = SIZES.map((clients) => ({ clients, ...measure(clients, hostCache) }));
    for (const r of results) rows.push({ ...r, hostCache, growth: r.ms / results[0].ms });
  }
  const header = ['clients', 'host cache', 'events', 'time (ms)', 'peak RSS (MB)', 'time vs 10k'];
  const lines = rows.map((r) => [
    String(r.clients),
    r.hostCache ? 'on' : 'off',
    String(r.attempts),
    r.ms.toFixed(0),
    r.maxRssMB.toFixed(0),
    `${r.growth.toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`simulate, ${DAYS} days, ${OUTAGES.length} outage, Node ${process.version}`);
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}
