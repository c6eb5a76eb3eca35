import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { formatNames } from '../../src/render/index.js';

const PLAN = path.join(import.meta.dirname, '../../zones/example.plan.json');
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-generate-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function generate(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 4, 6) / 1000) });
  const code = await run(['generate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('kms-srv generate', () => {
  it('--list names every format', async () => {
    const r = await generate('--list');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(formatNames());
  });

  it('writes to stdout by default', async () => {
    const r = await generate('dnsmasq', '--plan', PLAN);
    expect(r.code).toBe(0);
    expect(r.out).toContain('srv-host=_vlmcs._tcp.example.test,kms1.example.test,1688,0,60');
  });

  it('an unknown format exits 2 with the known ones', async () => {
    const r = await generate('djbdns', '--plan', PLAN);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown format "djbdns"; known formats: bind, zone/);
  });

  it('refuses to replace a file without --force, and replaces it with --force', async () => {
    const out = path.join(dir, 'records.bind');
    await fs.writeFile(out, 'keep me\n');
    const refused = await generate('bind', '--plan', PLAN, '-o', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/already exists; pass --force/);
    expect(await fs.readFile(out, 'utf8')).toBe('keep me\n');
    const forced = await generate('bind', '--plan', PLAN, '-o', out, '--force');
    expect(forced.code).toBe(0);
    expect(await fs.readFile(out, 'utf8')).toMatch(/^; KMS host records/);
  });

  it('zone -o raises the serial past the file it replaces', async () => {
    const out = path.join(dir, 'example.test.zone');
    const first = await generate('zone', '--plan', PLAN, '--domain', 'example.test', '-o', out);
    expect(first.code).toBe(0);
    expect(await fs.readFile(out, 'utf8')).toContain(' 2026050601 ');
    await generate('zone', '--plan', PLAN, '--domain', 'example.test', '-o', out, '--force');
    expect(await fs.readFile(out, 'utf8')).toContain(' 2026050602 ');
  });

  it('named-conf takes the secret from --key and warns on stderr with --allow-update-any', async () => {
    const keyFile = path.join(dir, 'kms-update.key');
    await fs.writeFile(keyFile, 'key "kms-update" {\n\talgorithm hmac-sha256;\n\tsecret "c2VjcmV0LXNlY3JldC1zZWNyZXQ=";\n};\n');
    const keyed = await generate('named-conf', '--plan', PLAN, '--key', keyFile);
    expect(keyed.code).toBe(0);
    expect(keyed.out).toContain('secret "c2VjcmV0LXNlY3JldC1zZWNyZXQ=";');
    // The example plan weights its hosts in their home domain, which the plan check warns about.
    const withoutHomeDomain = (err: string) => err.split('\n').filter((line) => line !== '' && !line.includes("the host's home domain"));
    expect(withoutHomeDomain(keyed.err)).toEqual([]);
    const open = await generate('named-conf', '--plan', PLAN, '--allow-update-any');
    expect(open.out).toContain('allow-update { any; };');
    expect(withoutHomeDomain(open.err)[0]).toMatch(/^kms-srv: warning: zone example\.test: allow-update \{ any; \}/);
  });

  it('an invalid plan writes nothing and exits 2', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await fs.writeFile(bad, 'hosts:\n  - name: kms1.example.test\n    port: 99999\n');
    const out = path.join(dir, 'never.bind');
    const r = await generate('bind', '--plan', bad, '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('/hosts/0/port: must be between 1 and 65535, got 99999');
    expect(existsSync(out)).toBe(false);
  });

  it('a missing --plan is a usage error', async () => {
    const r = await generate('bind');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--plan FILE/);
  });
});

describe('kms-srv generate: one file per host', () => {
  const HOSTS = ['kms1.example.test', 'kms2.example.test', 'kms3.branch.example.test'];

  it.each(['reg', 'reg-add', 'powershell'])('%s refuses several hosts in one stream (exit 2, naming --host and --output-dir) and writes nothing', async (format) => {
    const out = path.join(dir, `refused-${format}`);
    const r = await generate(format, '--plan', PLAN, '-o', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`kms-srv: ${format}: the plan has 3 hosts, and each needs its own values`);
    expect(r.err).toContain('Use --host NAME for one host, or --output-dir DIR for one file per host.');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('--output-dir writes <host>.reg, .cmd and .ps1 (and dns-server.ps1), the .reg as UTF-16LE with a BOM', async () => {
    const out = path.join(dir, 'hosts');
    for (const format of ['reg', 'reg-add', 'powershell']) expect((await generate(format, '--plan', PLAN, '--output-dir', out)).code).toBe(0);
    expect((await fs.readdir(out)).sort()).toEqual([...HOSTS.flatMap((h) => [`${h}.cmd`, `${h}.ps1`, `${h}.reg`]), 'dns-server.ps1'].sort());
    const reg = await fs.readFile(path.join(out, 'kms3.branch.example.test.reg'));
    expect([...reg.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(reg.subarray(2).toString('utf16le')).toContain('"DisableDnsPublishing"=dword:00000001');
  });

  it('--output-dir replaces nothing without --force, and names the file; --force replaces', async () => {
    const out = path.join(dir, 'again');
    expect((await generate('reg', '--plan', PLAN, '--output-dir', out)).code).toBe(0);
    await fs.writeFile(path.join(out, 'kms1.example.test.reg'), 'mine');
    await fs.rm(path.join(out, 'kms2.example.test.reg'));
    const r = await generate('reg', '--plan', PLAN, '--output-dir', out);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('kms1.example.test.reg already exists; pass --force to replace it (nothing was written)');
    expect(existsSync(path.join(out, 'kms2.example.test.reg'))).toBe(false);
    expect((await generate('reg', '--plan', PLAN, '--output-dir', out, '--force')).code).toBe(0);
    expect(await fs.readFile(path.join(out, 'kms1.example.test.reg'), 'utf8')).not.toBe('mine');
  });

  it('--output-dir with --host writes that host only', async () => {
    const out = path.join(dir, 'one');
    expect((await generate('reg-add', '--plan', PLAN, '--output-dir', out, '--host', 'KMS2.example.test')).code).toBe(0);
    expect(await fs.readdir(out)).toEqual(['kms2.example.test.cmd']);
  });

  it.each([
    [['bind', '--output-dir', 'x'], /--output-dir is for the host-side formats \(reg, reg-add, powershell\); bind writes one file: -o FILE/],
    [['reg', '--output-dir', 'x', '-o', 'y'], /give -o FILE or --output-dir DIR, not both/],
  ])('refuses %j as a usage error', async (args, message) => {
    const r = await generate(...args, '--plan', PLAN);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('reg-client still pins clients to one host in one stream', async () => {
    const r = await generate('reg-client', '--plan', PLAN);
    expect(r.code).toBe(0);
    expect(r.out).toContain('"KeyManagementServiceName"="kms1.example.test"');
  });
});
