// Start-up of the bundled CLI (issue 14 item 1), whole processes, each beside its reference in the
// same run: `discover` of one domain with 5 hosts (SRV, then A and AAAA of each target, no probe)
// against a loopback BIND, next to a dig script doing the same queries and to a bare `node -e 0`; and
// `--version` next to `node -e 0`. The commands take turns (the first one rotating), so a burst of
// load on the shared machine lands on all of them; the table shows medians and their ratios.
// Also the Linux single executable, when `npm run build:exe` has made it.
// Usage: node bench/startup.mjs [RUNS]   (npm run bench runs it with its own RUNS)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBind, which } from './lib/bind.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(root, 'dist', 'kms-srv.cjs');
const TSC_BIN = path.join(root, 'dist', 'cli', 'bin.js');
const LINUX_EXE = path.join(root, 'dist-exe', 'kms-srv-linux-x64');
const HOSTS = 5;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function zoneText() {
  const lines = ['$TTL 3600', 'start.test. IN SOA ns1.start.test. hostmaster.start.test. 1 3600 900 1209600 300', 'start.test. IN NS ns1.start.test.', 'ns1.start.test. IN A 127.0.0.1'];
  for (let i = 1; i <= HOSTS; i++) {
    lines.push(`_vlmcs._tcp.start.test. IN SRV 0 ${i * 10} 1688 kms${i}.start.test.`, `kms${i}.start.test. IN A 192.0.2.${i}`, `kms${i}.start.test. IN AAAA 2001:db8::${i}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Median wall milliseconds of each command (argv arrays). `runs` rounds, each running every command
 * once, starting one further along each round. A command that fails stops the benchmark.
 */
function alternating(commands, runs) {
  const samples = commands.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (round + k) % commands.length;
      const argv = commands[i];
      const t = performance.now();
      const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
      const ms = performance.now() - t;
      if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (status ${r.status}): ${String(r.stderr).slice(0, 300)}`);
      samples[i].push(ms);
    }
  }
  return samples.map(median);
}

/** Rows for bench/run.mjs's table ({ benchmark, ours, reference, ratio, target, met }). */
export async function startupRows(runs = 5, log = () => {}) {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first`);
  const dig = which('dig');
  const rounds = Math.max(5, runs * 4);
  const rows = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-startup-'));
  const bind = await startBind([{ name: 'start.test', text: zoneText() }]);
  try {
    const discoverArgs = ['discover', '--domain', 'start.test', '--server', bind.address, '--timeout', '2000', '--attempts', '2', '--probe', 'none', '--no-host-cache'];
    const bare = [process.execPath, '-e', '0'];
    const commands = {
      bundle: [process.execPath, BUNDLE, ...discoverArgs],
      tsc: [process.execPath, TSC_BIN, ...discoverArgs],
      bare,
    };
    if (dig) {
      const script = path.join(tmp, 'dig-discover.sh');
      const at = `+short -p ${bind.port} @${bind.host}`;
      writeFileSync(script, `set -e\nfor t in $(${dig} ${at} _vlmcs._tcp.start.test SRV | awk '{print $4}'); do\n  ${dig} ${at} "$t" A\n  ${dig} ${at} "$t" AAAA\ndone\n`);
      commands.dig = ['/bin/sh', script];
    }
    const exe = existsSync(LINUX_EXE);
    if (exe) commands.exe = [LINUX_EXE, ...discoverArgs];
    log(`startup: discover, ${rounds} rounds of ${Object.keys(commands).join(', ')}`);
    const names = Object.keys(commands);
    const medians = Object.fromEntries(alternating(Object.values(commands), rounds).map((ms, i) => [names[i], ms]));
    const ms = (v) => `${v.toFixed(0)} ms`;
    const what = `\`discover\` of one domain with ${HOSTS} hosts (SRV + A + AAAA), no probe, whole process`;
    if (dig) {
      rows.push({ benchmark: `${what}: bundled CLI (dist/kms-srv.cjs)`, ours: ms(medians.bundle), reference: `dig script (SRV, then A and AAAA per target): ${ms(medians.dig)}`, ratio: medians.bundle / medians.dig, target: '≤ 0.5×', met: medians.bundle / medians.dig <= 0.5 });
    } else {
      rows.push({ benchmark: what, ours: ms(medians.bundle), reference: 'not measured: install bind9-dnsutils', ratio: '-', target: '≤ 0.5×', met: '-' });
    }
    rows.push({ benchmark: `${what}: bundled CLI`, ours: ms(medians.bundle), reference: `node -e 0: ${ms(medians.bare)}`, ratio: medians.bundle / medians.bare, target: '≤ 1.5×', met: medians.bundle / medians.bare <= 1.5 });
    rows.push({ benchmark: `${what}: tsc output (dist/cli/bin.js), for comparison`, ours: ms(medians.tsc), reference: `node -e 0: ${ms(medians.bare)}`, ratio: medians.tsc / medians.bare, target: '-', met: '-' });
    if (exe) rows.push({ benchmark: `${what}: Linux single executable (dist-exe/kms-srv-linux-x64)`, ours: ms(medians.exe), reference: `node -e 0: ${ms(medians.bare)}`, ratio: medians.exe / medians.bare, target: '-', met: '-' });

    const version = { bundle: [process.execPath, BUNDLE, '--version'], bare };
    if (exe) version.exe = [LINUX_EXE, '--version'];
    log(`startup: --version, ${rounds * 2} rounds`);
    const vNames = Object.keys(version);
    const v = Object.fromEntries(alternating(Object.values(version), rounds * 2).map((t, i) => [vNames[i], t]));
    rows.push({ benchmark: '`kms-srv --version`: bundled CLI', ours: `${v.bundle.toFixed(1)} ms`, reference: `node -e 0: ${v.bare.toFixed(1)} ms`, ratio: v.bundle / v.bare, target: '≤ 1.1×', met: v.bundle / v.bare <= 1.1 });
    if (exe) rows.push({ benchmark: '`kms-srv --version`: Linux single executable', ours: `${v.exe.toFixed(1)} ms`, reference: `node -e 0: ${v.bare.toFixed(1)} ms`, ratio: v.exe / v.bare, target: '-', met: '-' });
  } finally {
    await bind.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = await startupRows(Number(process.argv[2] ?? 5), (text) => process.stderr.write(`bench: ${text}\n`));
  const lines = ['| benchmark | kms-srv | compared with | ratio | target | met |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.benchmark} | ${r.ours} | ${r.reference} | ${typeof r.ratio === 'number' ? `${r.ratio.toFixed(2)}×` : '-'} | ${r.target} | ${r.met === '-' ? '-' : r.met ? 'yes' : '**no**'} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
