// Usage and transport failures of publish/unpublish that need no DNS server.
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { freePort } from '../helpers/bind.js';

describe('publish / unpublish command line', () => {
  let dir: string;
  let plan: string;
  let goodKey: string;
  let badKey: string;
  let closed: string;
  let silent: net.Server;
  let silentAddress: string;
  const held: net.Socket[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-publish-cli-'));
    plan = path.join(dir, 'plan.json');
    await fs.writeFile(plan, JSON.stringify({ hosts: [{ name: 'kms1.example.test', ipv4: ['192.0.2.11'] }] }));
    goodKey = path.join(dir, 'good.key');
    await fs.writeFile(goodKey, 'key "k" {\n\talgorithm hmac-sha256;\n\tsecret "AAAAAAAAAAAAAAAAAAAAAA==";\n};\n');
    badKey = path.join(dir, 'bad.key');
    await fs.writeFile(badKey, 'key "k" {\n\talgorithm hmac-sha256\n\tsecret "AAAA";\n};\n');
    // Nothing listens on a port just found free (a race is possible but harmless: the test then fails loudly).
    closed = `127.0.0.1:${await freePort()}`;
    // A server that takes TCP connections and never answers (the "silent server").
    silent = net.createServer((socket) => {
      held.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentAddress = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => {
    const io = memoryIo();
    const code = await run(args, io);
    return { code, err: io.err(), out: io.out() };
  };

  it.each([
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED'], 2, /sends only TSIG-signed updates: pass --key FILE/],
    [['unpublish', '--plan', 'PLAN', '--server', 'CLOSED'], 2, /unpublish sends only TSIG-signed updates/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--key', 'BADKEY'], 2, /bad\.key:3: expected ";", found "secret"/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--key', 'GOODKEY', '--key-name', 'other'], 2, /key "other" named by --key-name is not in the key file/],
    [['publish', '--plan', 'PLAN', '--server', 'kms!.example.test', '--key', 'GOODKEY'], 2, /is neither an IP address nor a host name/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--key', 'GOODKEY', '--zone', 'other.test'], 2, /--zone other\.test: no record of the plan lies in this zone/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--key', 'GOODKEY', '--timeout', '0'], 2, /--timeout must be between 1 and 600000/],
  ])('%j exits %i', async (args, code, message) => {
    const swap: Record<string, string> = { PLAN: plan, CLOSED: closed, GOODKEY: goodKey, BADKEY: badKey };
    const r = await cli(...args.map((a) => swap[a] ?? a));
    expect(r.err).toMatch(message);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
  });

  it.each([[['--key', 'GOODKEY']], [['--dry-run']]])('a closed port fails the zone, named on stdout and stderr (exit 3): %j', async (extra) => {
    const swap: Record<string, string> = { GOODKEY: goodKey };
    const r = await cli('publish', '--plan', plan, '--server', closed, ...extra.map((a) => swap[a] ?? a));
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^zone example\.test\. at 127\.0\.0\.1:\d+ \((TSIG key k, hmac-sha256|unsigned)\): failed\n$/);
    expect(r.err).toMatch(/^kms-srv: zone example\.test\.: reading _vlmcs\._tcp\.example\.test\. SRV before the update: 127\.0\.0\.1:\d+ over TCP: ECONNREFUSED\n$/);
  });

  it('a silent server: one JSON document with a failed result for every zone, each tried, each named (exit 3)', async () => {
    const twoZones = path.join(dir, 'two.json');
    await fs.writeFile(twoZones, JSON.stringify({ hosts: [{ name: 'kms1.example.test', ipv4: ['192.0.2.11'] }, { name: 'kms2.other.test', ipv4: ['192.0.2.12'] }] }));
    const started = Date.now();
    const r = await cli('publish', '--plan', twoZones, '--server', silentAddress, '--key', goodKey, '--timeout', '200', '--json');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.code).toBe(3);
    expect(r.err).toBe('');
    const json = JSON.parse(r.out) as { failed: string[]; zones: Array<{ zone: string; result: string; rcode: null; error: { code: string; message: string } }> };
    expect(json.failed).toEqual(['example.test.', 'other.test.']);
    expect(json.zones.map((z) => [z.zone, z.result, z.rcode, z.error.code, z.error.message])).toEqual(
      ['example.test', 'other.test'].map((zone) => [
        `${zone}.`,
        'failed',
        null,
        'DNS_TIMEOUT',
        `reading _vlmcs._tcp.${zone}. SRV before the update: ${silentAddress} over TCP: no reply over TCP within 200 ms`,
      ]),
    );
    const text = await cli('publish', '--plan', twoZones, '--server', silentAddress, '--key', goodKey, '--timeout', '200');
    expect(text.code).toBe(3);
    expect(text.err).toMatch(/^kms-srv: zone example\.test\.: reading .*\nkms-srv: zone other\.test\.: reading .*\n$/);
  });
});
