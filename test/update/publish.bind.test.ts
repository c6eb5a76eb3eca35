// publish / unpublish against a real BIND with TSIG keys made by the real tsig-keygen.
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseTsigKeys } from '../../src/update/tsig-key.js';
import { bindMissing, runTool, startBind, type BindServer } from '../helpers/bind.js';

const ALGORITHMS = ['hmac-sha256', 'hmac-sha512', 'hmac-sha1', 'hmac-md5', 'hmac-sha224', 'hmac-sha384'] as const;
const keyName = (alg: string): string => `kms-${alg}`;

const OTHER_ZONE = `$ORIGIN other.test.
$TTL 1h
@   IN SOA ns1.other.test. hostmaster.other.test. ( 1 3600 900 1209600 300 )
    IN NS  ns1
ns1 IN A   127.0.0.1
www IN A   192.0.2.80
`;

// kms4 and kms5 are new; kms1–kms3 of the example zone are not in the plan: they survive a publish
// with --no-delete and any unpublish (converging publishes are tested in publish-converge.bind.test.ts).
const PLAN = {
  ttl: 3600,
  tsigKey: { name: keyName('hmac-sha256') },
  hosts: [
    { name: 'kms4.example.test', ipv4: ['192.0.2.14'], ipv6: ['2001:db8::14'], publish: [{ domain: 'example.test', weight: 30 }, { domain: 'other.test', priority: 5 }] },
    { name: 'kms5.other.test', ipv4: ['192.0.2.15'], publish: [{ domain: 'other.test', priority: 10 }] },
  ],
};

function policy(zone: string, names: string[]): string {
  const grants = ALGORITHMS.flatMap((alg) => [
    `grant ${keyName(alg)} name _vlmcs._tcp.${zone}. SRV;`,
    ...names.map((n) => `grant ${keyName(alg)} name ${n}. A AAAA;`),
  ]);
  return `  update-policy {\n    ${grants.join('\n    ')}\n  };`;
}

describe.skipIf(bindMissing() || bindMissing('tsig-keygen'))('publish / unpublish against BIND', () => {
  let bind: BindServer;
  let dir: string;
  let planFile: string;
  const keyFile: Record<string, string> = {};

  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const io = memoryIo();
    const code = await run(args, io);
    return { code, out: io.out(), err: io.err() };
  };
  const dig = (name: string, type: string): string[] =>
    runTool('dig', ['+short', '+tcp', '-p', String(bind.port), '@127.0.0.1', name, type]).stdout.trim().split('\n').filter(Boolean).sort();
  const serial = (zone: string): string => dig(zone, 'SOA')[0]?.split(' ')[2] ?? 'none';
  const common = (mode: string): string[] => [mode, '--plan', planFile, '--server', bind.address];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-publish-'));
    let keys = '';
    for (const alg of ALGORITHMS) {
      const r = runTool('tsig-keygen', ['-a', alg, keyName(alg)]);
      expect(r.status, r.stderr).toBe(0);
      keyFile[alg] = path.join(dir, `${alg}.key`);
      await fs.writeFile(keyFile[alg], r.stdout);
      keys += r.stdout;
    }
    planFile = path.join(dir, 'plan.json');
    await fs.writeFile(planFile, JSON.stringify(PLAN));
    bind = await startBind({
      extra: keys,
      zones: [
        { name: 'example.test', text: readFileSync('zones/example.test.zone', 'utf8'), clause: policy('example.test', ['kms4.example.test']) },
        { name: 'other.test', text: OTHER_ZONE, clause: policy('other.test', ['kms5.other.test']) },
      ],
    });
  });
  afterAll(async () => {
    await bind?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses to run without --key or --insecure-unsigned (exit 2, nothing sent)', async () => {
    const before = serial('example.test');
    const r = await cli(...common('publish'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--key FILE/);
    expect(serial('example.test')).toBe(before);
  });

  it('--dry-run lists the additions and sends nothing', async () => {
    const before = serial('example.test');
    const r = await cli(...common('publish'), '--key', keyFile['hmac-sha256']!, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('+ _vlmcs._tcp.example.test. 3600 IN SRV 0 30 1688 kms4.example.test.');
    expect(r.out).toContain('dry run: 3 changes not sent');
    expect(dig('kms4.example.test', 'A')).toEqual([]);
    expect(serial('example.test')).toBe(before);
  });

  it('publish --no-delete adds the records, a second publish changes nothing, unpublish removes exactly them', async () => {
    const key = ['--key', keyFile['hmac-sha256']!];
    const keep = ['--no-delete'];
    const srvBefore = dig('_vlmcs._tcp.example.test', 'SRV');
    const first = await cli(...common('publish'), ...key, ...keep);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('+ kms4.example.test. 3600 IN AAAA 2001:db8::14');
    expect(first.out).toMatch(/applied: 3 changes, NOERROR, reply signature verified, read back/);
    expect(dig('_vlmcs._tcp.example.test', 'SRV')).toEqual([...srvBefore, '0 30 1688 kms4.example.test.'].sort());
    expect(dig('kms4.example.test', 'A')).toEqual(['192.0.2.14']);
    expect(dig('_vlmcs._tcp.other.test', 'SRV')).toEqual(['10 0 1688 kms5.other.test.', '5 0 1688 kms4.example.test.']);
    expect(dig('kms5.other.test', 'A')).toEqual(['192.0.2.15']);

    const serials = [serial('example.test'), serial('other.test')];
    const second = await cli(...common('publish'), ...key, ...keep, '--json');
    expect(second.code).toBe(0);
    const json = JSON.parse(second.out) as { noDelete: boolean; zones: Array<{ zone: string; result: string; changes: unknown[]; rcode: string | null; signed: boolean }> };
    expect(json.noDelete).toBe(true);
    expect(json.zones.map((z) => [z.zone, z.result, z.changes.length, z.rcode, z.signed])).toEqual([
      ['example.test.', 'no-change', 0, null, true],
      ['other.test.', 'no-change', 0, null, true],
    ]);
    expect([serial('example.test'), serial('other.test')]).toEqual(serials);

    const gone = await cli(...common('unpublish'), ...key);
    expect(gone.code).toBe(0);
    expect(gone.out).toContain('- _vlmcs._tcp.other.test. 3600 IN SRV 10 0 1688 kms5.other.test.');
    expect(dig('_vlmcs._tcp.example.test', 'SRV')).toEqual(srvBefore);
    expect(dig('kms4.example.test', 'ANY')).toEqual([]);
    expect(dig('_vlmcs._tcp.other.test', 'SRV')).toEqual([]);
    expect(dig('www.other.test', 'A')).toEqual(['192.0.2.80']);
    expect(dig('kms1.example.test', 'A')).toEqual(['192.0.2.11']);
    expect((await cli(...common('unpublish'), ...key)).out).toMatch(/zone example\.test\. .*: no change\n.*zone other\.test\. .*: no change/s);
  });

  it.each(ALGORITHMS)('BIND accepts updates signed with %s and its signed reply verifies', async (alg) => {
    const key = ['--key', keyFile[alg]!, '--key-name', keyName(alg), '--zone', 'other.test', '--json'];
    const added = await cli(...common('publish'), ...key);
    expect(added.err).toBe('');
    const [zone] = (JSON.parse(added.out) as { zones: Array<{ rcode: string; result: string; error: unknown; changes: unknown[] }> }).zones;
    expect(zone).toMatchObject({ rcode: 'NOERROR', result: 'applied', error: null });
    expect(zone?.changes.length).toBe(3);
    expect(dig('kms5.other.test', 'A')).toEqual(['192.0.2.15']);
    const removed = await cli(...common('unpublish'), ...key);
    expect(removed.code).toBe(0);
    expect(dig('kms5.other.test', 'A')).toEqual([]);
  });

  it('a new TTL in the plan is applied once, then publish is quiet again', async () => {
    const key = ['--key', keyFile['hmac-sha256']!, '--zone', 'other.test', '--json'];
    const ttlOf = (name: string, type: string): string[] =>
      runTool('dig', ['+noall', '+answer', '+tcp', '-p', String(bind.port), '@127.0.0.1', name, type]).stdout.trim().split('\n').map((l) => l.split(/\s+/)[1] ?? '');
    const changesOf = (out: string): number => (JSON.parse(out) as { zones: Array<{ changes: unknown[] }> }).zones[0]!.changes.length;
    expect(changesOf((await cli(...common('publish'), ...key)).out)).toBe(3);
    const plan900 = path.join(dir, 'plan-900.json');
    await fs.writeFile(plan900, JSON.stringify({ ...PLAN, ttl: 900 }));
    const with900 = ['--plan', plan900, '--server', bind.address, ...key];
    expect(changesOf((await cli('publish', ...with900)).out)).toBe(3);
    expect(ttlOf('kms5.other.test', 'A')).toEqual(['900']);
    expect(ttlOf('_vlmcs._tcp.other.test', 'SRV')).toEqual(['900', '900']);
    expect(changesOf((await cli('publish', ...with900)).out)).toBe(0);
    expect(changesOf((await cli('unpublish', ...with900)).out)).toBe(3);
  });

  it('an unsigned update is REFUSED and reported (exit 1)', async () => {
    const r = await cli(...common('publish'), '--insecure-unsigned', '--zone', 'other.test');
    expect(r.code).toBe(1);
    expect(r.out).toContain('(unsigned)');
    expect(r.err).toMatch(/zone other\.test\.: update refused: REFUSED \(the server requires a signed update/);
    expect(dig('_vlmcs._tcp.other.test', 'SRV')).toEqual([]);
  });

  it('a wrong secret is rejected with NOTAUTH / BADSIG (exit 1)', async () => {
    const real = parseTsigKeys(readFileSync(keyFile['hmac-sha256']!, 'utf8'))[0]!;
    const forged = Buffer.from(real.secret);
    forged[0] = (forged[0] ?? 0) ^ 0xff;
    const file = path.join(dir, 'wrong.key');
    await fs.writeFile(file, `key "${real.name}" { algorithm hmac-sha256; secret "${forged.toString('base64')}"; };\n`);
    const r = await cli(...common('publish'), '--key', file, '--zone', 'other.test');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/update refused: NOTAUTH \(TSIG error BADSIG: the server could not verify our signature/);
    expect(dig('_vlmcs._tcp.other.test', 'SRV')).toEqual([]);
  });

  it('a key the server does not know is rejected with NOTAUTH / BADKEY (exit 1)', async () => {
    const r0 = runTool('tsig-keygen', ['-a', 'hmac-sha256', 'stranger']);
    const file = path.join(dir, 'stranger.key');
    await fs.writeFile(file, r0.stdout);
    const r = await cli(...common('publish'), '--key', file, '--key-name', 'stranger', '--zone', 'other.test');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NOTAUTH \(TSIG error BADKEY/);
  });
});
