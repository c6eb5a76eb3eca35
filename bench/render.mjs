// Rendering benchmark (issue #4): N hosts each publishing into 50 domains, so 10,000 hosts give
// 10,000 × 50 = 500,000 SRV records, rendered to `bind`. The domains number N/2, so every
// _vlmcs._tcp RRset holds 100 records: BIND refuses an RRset over 64 KiB ("ran out of space"), which
// 10,000 records at one name would be. Beside it: the time `named-checkzone`
// takes to load the same records (wrapped in a zone), and growth from 1,000 to 10,000 hosts.
// Run after `npx tsc -p tsconfig.json`:  node bench/render.mjs [maxHosts]
// Each size runs in a child process so its peak memory (maxRSS) is its own; medians of RENDER_RUNS (3) runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const PUBLISH = 50;
const RUNS = Number(process.env.RENDER_RUNS ?? 3);
const APEX = 'bench.test';
const here = path.dirname(fileURLToPath(import.meta.url));

function planText(hosts) {
  const domains = hosts / 2;
  const step = domains / PUBLISH;
  const list = [];
  for (let i = 0; i < hosts; i++) {
    list.push({
      name: `kms${i}.d${i % domains}.${APEX}`,
      ipv4: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
      // k = 0 is the host's own domain; the others are spread so each domain gets 100 hosts.
      publish: Array.from({ length: PUBLISH }, (_, k) => ({ domain: `d${(i + k * step) % domains}.${APEX}`, priority: k % 3, weight: i % 100 })),
    });
  }
  return JSON.stringify({ ttl: 3600, hosts: list });
}

async function child(hosts, out) {
  const { parsePlan } = await import(path.join(here, '../dist/plan/load.js'));
  const { getRenderer } = await import(path.join(here, '../dist/render/index.js'));
  const text = planText(hosts);
  const t0 = performance.now();
  const plan = parsePlan(text, 'bench.json');
  const t1 = performance.now();
  const { text: records } = getRenderer('bind').render(plan, { now: new Date(0) });
  const t2 = performance.now();
  const wrapper = `${APEX}. 3600 IN SOA ns1.${APEX}. hostmaster.${APEX}. 1 3600 900 1209600 300\n${APEX}. 3600 IN NS ns1.${APEX}.\nns1.${APEX}. 3600 IN A 127.0.0.1\n`;
  writeFileSync(out, wrapper + records);
  process.stdout.write(JSON.stringify({ loadMs: t1 - t0, renderMs: t2 - t1, maxRssMiB: process.resourceUsage().maxRSS / 1024, bytes: records.length }));
}

function main() {
  const max = Number(process.argv[2] ?? 10000);
  const sizes = [1000, 2500, 5000, 10000].filter((n) => n <= max);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-bench-'));
  const rows = [];
  try {
    for (const hosts of sizes) {
      const out = path.join(dir, `${hosts}.zone`);
      const runs = [];
      // Each size RUNS times, kms-srv and named-checkzone alternating; medians, so one busy moment
      // on a shared machine does not decide the growth figure.
      for (let run = 0; run < RUNS; run++) {
        const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(hosts), out], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (r.status !== 0) throw new Error(r.stderr);
        const m = JSON.parse(r.stdout);
        const b0 = performance.now();
        const check = spawnSync('named-checkzone', ['-S', 'fail', APEX, out], { encoding: 'utf8' });
        const bindMs = performance.now() - b0;
        if (check.status !== 0) throw new Error(`named-checkzone refused the output:\n${check.stdout}${check.stderr}`);
        runs.push({ ...m, bindMs });
      }
      const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[runs.length >> 1];
      rows.push({ hosts, srv: hosts * PUBLISH, loadMs: median('loadMs'), renderMs: median('renderMs'), maxRssMiB: median('maxRssMiB'), bytes: runs[0].bytes, bindMs: median('bindMs') });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const head = ['hosts', 'SRV records', 'MiB out', 'load+validate ms', 'render ms', 'peak RSS MiB', 'named-checkzone ms', 'render / BIND', 'render µs/SRV'];
  const body = rows.map((r) => [
    r.hosts,
    r.srv,
    (r.bytes / 1048576).toFixed(1),
    r.loadMs.toFixed(0),
    r.renderMs.toFixed(0),
    r.maxRssMiB.toFixed(0),
    r.bindMs.toFixed(0),
    `${(r.renderMs / r.bindMs).toFixed(2)}×`,
    ((r.renderMs * 1000) / r.srv).toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padStart(widths[i])).join(' | ')} |`;
  process.stdout.write(`${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${body.map(line).join('\n')}\n`);
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first && last && last !== first) {
    const growth = last.renderMs / first.renderMs;
    process.stdout.write(`\nrender growth ${first.hosts} → ${last.hosts} hosts: ${growth.toFixed(1)}× for ${last.hosts / first.hosts}× the hosts (linear = ${last.hosts / first.hosts}×)\n`);
  }
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]), process.argv[4]);
else main();
