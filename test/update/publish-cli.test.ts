// Usage and transport failures of publish/unpublish that need no DNS server.
import { promises as fs } from 'node:fs';
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
  });
  afterAll(async () => {
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
    [['publish', '--plan', 'PLAN', '--server', 'kms.example.test', '--key', 'GOODKEY'], 2, /not an IPv4 or IPv6 address/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--key', 'GOODKEY', '--zone', 'other.test'], 2, /--zone other\.test: no record of the plan lies in this zone/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--key', 'GOODKEY', '--timeout', '0'], 2, /--timeout must be between 1 and 600000/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--key', 'GOODKEY'], 3, /over TCP: ECONNREFUSED/],
    [['publish', '--plan', 'PLAN', '--server', 'CLOSED', '--dry-run'], 3, /over TCP: ECONNREFUSED/],
  ])('%j exits %i', async (args, code, message) => {
    const swap: Record<string, string> = { PLAN: plan, CLOSED: closed, GOODKEY: goodKey, BADKEY: badKey };
    const r = await cli(...args.map((a) => swap[a] ?? a));
    expect(r.err).toMatch(message);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
  });
});
