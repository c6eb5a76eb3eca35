// The independent check of the host-side registry artefacts: every .reg file `generate reg
// --output-dir` writes is imported by Wine's regedit, every .cmd file `generate reg-add --output-dir`
// writes is run by Wine's cmd, and the key is read back with Wine's `reg export` and `reg query`. The
// values must equal what the plan says (written out here from the plan, not by the renderers),
// REG_MULTI_SZ element by element. Wine's tools are separate implementations of the Windows ones;
// Wine is not Windows (docs/windows.md): sppsvc does not exist here, which the scripts must survive.
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { parsePlan } from '../../src/plan/load.js';
import type { Plan, PlanHost } from '../../src/plan/types.js';
import { decodeRegBytes } from '../../src/regfile/bytes.js';
import { readReg } from '../../src/regfile/read.js';
import type { RegValue } from '../../src/regfile/types.js';
import { privateWinePrefix, removeWinePrefix, runWindows, windowsPath, wineMissing } from '../helpers/wine.mjs';

const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const LEGACY_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SL';

// The example plan's hosts plus one whose publish list is long enough to wrap hex(7) over many lines,
// and publishing that differs per host (auto by default, manual where a host says so).
const PLAN_TEXT = JSON.stringify({
  publishing: 'auto',
  hosts: [
    { name: 'kms1.example.test', ipv4: ['192.0.2.11'], publish: [{ domain: 'example.test', priority: 0, weight: 60 }, { domain: 'branch.example.test', priority: 10 }] },
    { name: 'kms2.example.test', publishing: 'manual', ipv4: ['192.0.2.12'] },
    {
      name: 'kms3.branch.example.test',
      port: 1689,
      ipv4: ['198.51.100.13'],
      publish: Array.from({ length: 12 }, (_, i) => ({ domain: `site-${i}.a-rather-long-domain-name.example.test`, priority: i, weight: 65535 - i })),
    },
  ],
});

/** What the registry must hold for `host`, from the plan's words (docs/behaviour.md#publishing). */
function expectedValues(host: PlanHost, legacy = false): RegValue[] {
  const values: RegValue[] =
    host.publishing === 'manual'
      ? [{ name: 'DisableDnsPublishing', type: 'REG_DWORD', data: 1 }]
      : [{ name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: host.publish.map((p) => (legacy ? p.domain : `${p.domain}, ${p.priority}, ${p.weight}`)) }];
  if (host.port !== 1688) values.push({ name: 'KeyManagementServiceListeningPort', type: 'REG_SZ', data: String(host.port) });
  return values;
}

describe.skipIf(wineMissing())('host-side artefacts under Wine: imported or run, then read back equal to the plan', () => {
  let prefix: string;
  let dir: string;
  let plan: Plan;

  beforeAll(async () => {
    prefix = privateWinePrefix();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-wine-artefacts-'));
    await fs.writeFile(path.join(dir, 'plan.json'), PLAN_TEXT);
    plan = parsePlan(PLAN_TEXT, 'plan.json');
    for (const [format, extra] of [['reg', []], ['reg-add', []], ['reg', ['--legacy', '--host', 'kms1.example.test', '-o', path.join(dir, 'legacy', 'kms1.reg')]]] as const) {
      if (extra.length > 0) await fs.mkdir(path.join(dir, 'legacy'));
      const io = memoryIo({}, dir);
      const code = await run(['generate', format, '--plan', 'plan.json', ...(extra.length > 0 ? extra : ['--output-dir', 'hosts'])], io);
      expect(io.err().replace(/kms-srv: warning: [^\n]*\n/g, '')).toBe('');
      expect(code).toBe(0);
    }
  }, 300_000);

  afterAll(async () => {
    if (prefix) removeWinePrefix(prefix);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  /** Empties the key, so each artefact is judged on what it wrote alone. */
  function clearKey(key = KEY): void {
    runWindows(prefix, 'reg', ['delete', key, '/f']);
    expect(runWindows(prefix, 'reg', ['query', key]).status).not.toBe(0);
  }

  /** The key as `reg export` writes it, and its values as the project's .reg reader sees them. */
  async function exported(name: string, key = KEY): Promise<{ bytes: Buffer; values: RegValue[] }> {
    const file = path.join(dir, `${name}.export.reg`);
    const result = runWindows(prefix, 'reg', ['export', key, windowsPath(file), '/y']);
    expect(result.status).toBe(0);
    const bytes = readFileSync(file);
    const keys = readReg(bytes).keys;
    expect(keys.map((k) => k.path)).toEqual([key]);
    return { bytes, values: keys[0]!.values };
  }

  /** `reg query KEY /v NAME`: type and data as reg.exe prints them (REG_MULTI_SZ joined by \0). */
  function queried(value: RegValue, key = KEY): [string, string] {
    const result = runWindows(prefix, 'reg', ['query', key, '/v', value.name]);
    expect(result.status).toBe(0);
    const line = result.stdout.split(/\r?\n/).find((l) => l.trimStart().startsWith(`${value.name} `));
    const match = /^\s*\S+\s+(REG_\w+)\s+(.*)$/.exec(line ?? '');
    return [match?.[1] ?? '', match?.[2] ?? ''];
  }

  function queryForm(value: RegValue): [string, string] {
    if (value.type === 'REG_MULTI_SZ') return [value.type, value.data.join('\\0')];
    if (value.type === 'REG_DWORD') return [value.type, `0x${value.data.toString(16)}`];
    return [value.type, 'data' in value ? String(value.data) : ''];
  }

  it('the per-host directory holds one .reg and one .cmd per host', async () => {
    expect((await fs.readdir(path.join(dir, 'hosts'))).sort()).toEqual(plan.hosts.flatMap((h) => [`${h.name}.cmd`, `${h.name}.reg`]).sort());
  });

  it.each(['kms1.example.test', 'kms2.example.test', 'kms3.branch.example.test'])('regedit /s imports %s.reg; reg export and reg query read back the plan', async (name) => {
    const host = plan.hosts.find((h) => h.name === name)!;
    clearKey();
    const file = path.join(dir, 'hosts', `${name}.reg`);
    const imported = runWindows(prefix, 'regedit', ['/s', windowsPath(file)]);
    expect(imported.status).toBe(0);
    const back = await exported(name);
    expect(back.values).toEqual(expectedValues(host));
    for (const value of expectedValues(host)) expect(queried(value)).toEqual(queryForm(value));
    // Byte for byte what Wine's own export writes (UTF-16LE, BOM, CRLF, hex(7) wrapping), once our
    // comment lines are left out: both list the values in name order.
    const ours = readFileSync(file);
    expect([...ours.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const withoutComments = decodeRegBytes(ours).split('\r\n').filter((line) => !line.startsWith(';')).join('\r\n');
    expect(decodeRegBytes(back.bytes)).toBe(withoutComments);
  }, 120_000);

  it.each(['kms1.example.test', 'kms2.example.test', 'kms3.branch.example.test'])('cmd /c runs %s.cmd to the end without sppsvc; reg export reads back the plan', async (name) => {
    const host = plan.hosts.find((h) => h.name === name)!;
    clearKey();
    const ran = runWindows(prefix, 'cmd', ['/c', windowsPath(path.join(dir, 'hosts', `${name}.cmd`))]);
    expect(ran.stdout).toContain('kms-srv: no Software Protection service here');
    expect(ran.status).toBe(0);
    expect((await exported(`${name}.cmd`)).values).toEqual(expectedValues(host));
    for (const value of expectedValues(host)) expect(queried(value)).toEqual(queryForm(value));
  }, 120_000);

  it('a .cmd whose reg add fails stops with status 1 instead of restarting sppsvc', async () => {
    const text = readFileSync(path.join(dir, 'hosts', 'kms1.example.test.cmd'), 'utf8').replace('/t REG_MULTI_SZ', '/t REG_NO_SUCH_TYPE');
    const broken = path.join(dir, 'broken.cmd');
    await fs.writeFile(broken, text);
    const ran = runWindows(prefix, 'cmd', ['/c', windowsPath(broken)]);
    expect(ran.status).toBe(1);
    expect(ran.stdout).not.toContain('no Software Protection service here');
  }, 120_000);

  // The shipped examples too: what Wine's regedit stores from each file is what the project's reader
  // reads in it, and each host's .cmd stores what its .reg does.
  const ZONES = path.join(import.meta.dirname, '../../zones');
  const shipped = [
    ...['example.legacy.reg', 'example.client.reg'],
    ...readdirSync(path.join(ZONES, 'example.hosts')).filter((f) => f.endsWith('.reg')).map((f) => path.join('example.hosts', f)),
  ];
  it.each(shipped)('zones/%s imports with regedit /s as the .reg reader reads it', async (file) => {
    const doc = readReg(readFileSync(path.join(ZONES, file)));
    for (const key of doc.keys) clearKey(key.path);
    expect(runWindows(prefix, 'regedit', ['/s', windowsPath(path.join(ZONES, file))]).status).toBe(0);
    for (const key of doc.keys) expect((await exported(path.basename(file), key.path)).values).toEqual(key.values);
    const cmd = path.join(ZONES, file.replace(/\.reg$/, '.cmd'));
    if (!existsSync(cmd)) return;
    for (const key of doc.keys) clearKey(key.path);
    expect(runWindows(prefix, 'cmd', ['/c', windowsPath(cmd)]).status).toBe(0);
    for (const key of doc.keys) expect((await exported(`${path.basename(file)}.cmd`, key.path)).values).toEqual(key.values);
  }, 120_000);

  it('--legacy writes the Vista / 2008 SL key with domain-only entries, which regedit imports', async () => {
    const host = plan.hosts[0]!;
    clearKey(LEGACY_KEY);
    expect(runWindows(prefix, 'regedit', ['/s', windowsPath(path.join(dir, 'legacy', 'kms1.reg'))]).status).toBe(0);
    expect((await exported('legacy', LEGACY_KEY)).values).toEqual(expectedValues(host, true));
    expect(existsSync(path.join(dir, 'legacy', 'kms1.reg'))).toBe(true);
  }, 120_000);
});
