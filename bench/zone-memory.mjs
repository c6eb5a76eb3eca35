// Zone memory (issue #10, item 2): `check-zone` and `named-checkzone` on the same generated zone, one
// after the other in the same run, each a fresh process (`/usr/bin/time -f "%e %U %S %M"`): wall time,
// CPU time (user + system: on a shared machine wall time says more about the other processes than
// about ours) and peak RSS, and the ratios; then Node's own floor (`node -e 0`, `kms-srv --version`),
// below which no Node program goes. The zone has N SRV records in domains of 100 (BIND refuses an RRset over
// 64 KiB), N/10 hosts with an A record each (so every host serves ten domains), and one CNAME per
// 100 hosts. Needs `npm run build` and GNU time (`apt-get install time`).
// Standard output of both tools goes to /dev/null (no pipe whose reader could hold check-zone back).
// Usage: node bench/zone-memory.mjs [N ...]   (default 200000 2000000)
//        ZONE_SHAPE=wide node bench/zone-memory.mjs 8700000   (N records, written short: see writeWideZone)
//        ZONE_SHAPE=owners node bench/zone-memory.mjs 2000000   (N SRV records, each its own owner)
//        ZONE_JSON=1 node bench/zone-memory.mjs ...   (check-zone --json too, a row of its own)
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const APEX = 'bench.test';
const PER_DOMAIN = 100;
const here = path.dirname(fileURLToPath(import.meta.url));
const TIME = '/usr/bin/time';

/**
 * The "wide" shape, as in the issue's 200 MB zone: N records written short (relative names under
 * $ORIGIN), one in four an SRV record naming the host whose A record follows it.
 */
export function writeWideZone(file, records) {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `$TTL 3600\n$ORIGIN ${APEX}.\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 127.0.0.1\n`);
    let out = '';
    for (let i = 0; i < records; i++) {
      out += i % 4 === 0 ? `_vlmcs._tcp.d${Math.floor(i / (4 * PER_DOMAIN))} SRV ${i % 3} 0 1688 h${i + 1}\n` : `h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`;
      if (out.length > 1 << 20) { writeSync(fd, out); out = ''; }
    }
    writeSync(fd, out);
  } finally {
    closeSync(fd);
  }
}

/** The "owners" shape: N SRV records, each its own `_vlmcs._tcp` owner, all naming one host. */
export function writeOwnersZone(file, records) {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `$TTL 3600\n$ORIGIN ${APEX}.\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 127.0.0.1\nkms IN A 10.0.0.1\n`);
    let out = '';
    for (let i = 0; i < records; i++) {
      out += `_vlmcs._tcp.d${i} SRV 0 0 1688 kms\n`;
      if (out.length > 1 << 20) { writeSync(fd, out); out = ''; }
    }
    writeSync(fd, out);
  } finally {
    closeSync(fd);
  }
}

/** Writes the zone in slices so the generator itself stays small. */
export function writeZone(file, srv) {
  const hosts = Math.max(1, Math.floor(srv / 10));
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `$TTL 3600\n${APEX}. IN SOA ns1.${APEX}. hostmaster.${APEX}. 1 3600 900 1209600 300\n${APEX}. IN NS ns1.${APEX}.\nns1.${APEX}. IN A 127.0.0.1\n`);
    let out = '';
    for (let i = 0; i < srv; i++) {
      const domain = Math.floor(i / PER_DOMAIN);
      out += `_vlmcs._tcp.d${domain}.${APEX}. IN SRV ${i % 3} ${i % 100} 1688 kms${i % hosts}.${APEX}.\n`;
      if (out.length > 1 << 20) { writeSync(fd, out); out = ''; }
    }
    for (let h = 0; h < hosts; h++) {
      out += `kms${h}.${APEX}. IN A 10.${(h >> 16) & 255}.${(h >> 8) & 255}.${h & 255}\n`;
      if (h % 100 === 0) out += `alias${h}.${APEX}. IN CNAME kms${h}.${APEX}.\n`;
      if (out.length > 1 << 20) { writeSync(fd, out); out = ''; }
    }
    writeSync(fd, out);
  } finally {
    closeSync(fd);
  }
}

/** Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one command, and its exit status. */
function timed(command, args) {
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [seconds, user, system, kib] = last.split(' ').map(Number);
  return { seconds, cpu: user + system, mib: kib / 1024, status: r.status, tail: r.stderr.slice(-400) };
}

/** Peak RSS (MiB) of Node doing nothing, and of kms-srv loading its commands and printing its version. */
export function nodeFloor() {
  if (!existsSync(TIME)) return undefined;
  return { node: timed(process.execPath, ['-e', '0']).mib, cli: timed(process.execPath, [path.join(here, '../dist/cli/bin.js'), '--version']).mib };
}

export function measureZoneMemory(sizes, shape = 'srv', json = false) {
  if (!existsSync(TIME)) return { error: 'not measured: install GNU time (apt-get install time)' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-zone-memory-'));
  const rows = [];
  try {
    for (const srv of sizes) {
      const file = path.join(dir, `${srv}.zone`);
      if (shape === 'wide') writeWideZone(file, srv);
      else if (shape === 'owners') writeOwnersZone(file, srv);
      else writeZone(file, srv);
      const bytes = statSync(file).size;
      const ours = timed(process.execPath, [path.join(here, '../dist/cli/bin.js'), 'check-zone', file]);
      const bind = timed('named-checkzone', [APEX, file]);
      rows.push({ srv, shape, bytes, ours, bind });
      if (json) rows.push({ srv, shape, bytes, ours: timed(process.execPath, [path.join(here, '../dist/cli/bin.js'), 'check-zone', '--json', file]), bind, json });
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
}

export function zoneMemoryTable(rows) {
  const head = ['zone', 'MiB file', 'check-zone wall s', 'CPU s', 'peak MiB', 'exit', 'named-checkzone wall s', 'CPU s', 'peak MiB', 'CPU ratio', 'memory ratio'];
  const body = rows.map((r) => [
    `${r.shape === 'wide' ? `${r.srv} records (¼ SRV)` : r.shape === 'owners' ? `${r.srv} SRV owners` : `${r.srv} SRV`}${r.json ? ' --json' : ''}`,
    (r.bytes / 1048576).toFixed(0),
    r.ours.seconds.toFixed(1),
    r.ours.cpu.toFixed(1),
    r.ours.mib.toFixed(0),
    r.ours.status ?? 'killed',
    r.bind.seconds.toFixed(1),
    r.bind.cpu.toFixed(1),
    r.bind.mib.toFixed(0),
    `${(r.ours.cpu / r.bind.cpu).toFixed(2)}×`,
    `${(r.ours.mib / r.bind.mib).toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padStart(widths[i])).join(' | ')} |`;
  return `${line(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${body.map(line).join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [200_000, 2_000_000];
  const result = measureZoneMemory(sizes, process.env.ZONE_SHAPE ?? 'srv', process.env.ZONE_JSON === '1');
  if (result.error) {
    process.stdout.write(`${result.error}\n`);
  } else {
    process.stdout.write(zoneMemoryTable(result.rows));
    const floor = nodeFloor();
    if (floor) process.stdout.write(`\nNode's floor: node -e 0 peaks at ${floor.node.toFixed(0)} MiB, kms-srv --version at ${floor.cli.toFixed(0)} MiB.\n`);
    for (const r of result.rows) if (r.ours.status !== 0 && r.ours.status !== 1) process.stdout.write(`\ncheck-zone at ${r.srv} SRV exited ${r.ours.status}:\n${r.ours.tail}\n`);
  }
}
