// Issue 10, item 5: values from flags that reach a generated script or configuration are checked
// against their grammar and quoted for the consumer. A hostile corpus goes through every format: each
// value is refused with exit 2 naming its flag, and what is accepted is read as data by the real
// consumer (nsupdate against a throwaway named, named-checkconf).
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { confString, cmdArg, cmdQuote, nsupdateToken } from '../../src/render/quote.js';
import { parsePlan } from '../../src/plan/load.js';
import { formatNames, getRenderer } from '../../src/render/index.js';
import { parseScriptServer } from '../../src/render/script-args.js';
import { bindMissing, runTool, startBind } from '../helpers/bind.js';

const PLAN = path.resolve('zones/example.plan.json');
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-scripts-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function generate(args: string[]) {
  const io = memoryIo({ SOURCE_DATE_EPOCH: '1767225600' }, dir);
  const code = await run(['generate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const HOSTILE_SERVERS = [
  '127.0.0.1\nupdate delete corp. ANY\nsend',
  'x & del /q C:\\*.* &',
  '$(touch /tmp/kms-srv-pwned)',
  '`id`',
  'ns1"; include "/etc/passwd',
  "ns1'x",
  'ns1;reboot',
  '%PATH%',
  'ns^1',
  'nś1.corp.test',
  'ns1.corp.test:70000',
  'ns1.corp.test:0',
  'ns1.corp.test:-1',
  'ns1.corp.test:53x',
  '999.1.1.1',
  '[ns1.corp.test]:53',
  '[::1]:65536',
  'fe80::1%eth0',
  '',
  ' ns1.corp.test',
];

describe('--server: the hostile corpus is refused in every format', () => {
  const formats = formatNames();
  it('knows the formats', () => expect(formats).toEqual(expect.arrayContaining(['nsupdate', 'dnscmd', 'named-conf', 'powershell', 'reg-add', 'bind', 'zone', 'dnsmasq', 'reg'])));
  it.each(HOSTILE_SERVERS)('%j', async (server) => {
    for (const format of formats) {
      const out = path.join(dir, `${format}.out`);
      const r = await generate([format, '--plan', PLAN, '--domain', 'example.test', '--server', server, '-o', out]);
      expect(r.code, `${format}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(/^kms-srv: --server "/);
      expect(r.err.split('\n')).toHaveLength(2);
      expect(r.out).toBe('');
      await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    }
  });

  it('port 70000, 0 and -1 are named as the port', () => {
    for (const port of ['70000', '0', '-1']) expect(() => parseScriptServer(`ns1.corp.test:${port}`)).toThrow(/--server .*: the port must be a number from 1 to 65535/);
  });

  it.each([
    ['ns1.corp.test', { host: 'ns1.corp.test' }],
    ['ns1.corp.test.:5353', { host: 'ns1.corp.test', port: 5353 }],
    ['192.0.2.53', { host: '192.0.2.53' }],
    ['192.0.2.53:53', { host: '192.0.2.53', port: 53 }],
    ['[2001:db8::53]:5353', { host: '2001:db8::53', port: 5353 }],
    ['2001:db8::53', { host: '2001:db8::53' }],
  ])('accepts %s', (text, parsed) => {
    expect(parseScriptServer(text)).toEqual(parsed);
  });

  it('dnscmd takes the server alone: a port is refused, a name is written as one argument', async () => {
    expect((await generate(['dnscmd', '--plan', PLAN, '--server', 'dns01.corp.test:53'])).err).toMatch(/dnscmd takes no port/);
    const r = await generate(['dnscmd', '--plan', PLAN, '--server', 'dns01.corp.test']);
    expect(r.code).toBe(0);
    const commands = r.out.split('\r\n').filter((l) => l.startsWith('dnscmd'));
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((l) => !l.startsWith('dnscmd dns01.corp.test /recordadd '))).toEqual([]);
  });
});

describe('one quoting rule per language', () => {
  it('cmd.exe: refuses what it cannot quote, quotes the rest', () => {
    expect(cmdArg('dns01.corp.test')).toBe('dns01.corp.test');
    expect(cmdArg('a b')).toBe('"a b"');
    expect(cmdQuote('x & del /q C:\\*.* &')).toBe('"x & del /q C:\\*.* &"');
    for (const bad of ['%PATH%', 'a"b', 'a\r\nb', 'trailing\\']) expect(() => cmdQuote(bad)).toThrow(/cannot quote .* for cmd\.exe/);
  });

  it('named.conf: escapes quote and backslash, refuses line breaks', () => {
    expect(confString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(() => confString('a\nb')).toThrow(/cannot quote "a\\nb" for named\.conf/);
  });

  it('nsupdate: only name and address characters make a token', () => {
    expect(nsupdateToken('2001:db8::53')).toBe('2001:db8::53');
    for (const bad of ['a b', 'a\nsend', 'a;b', '']) expect(() => nsupdateToken(bad)).toThrow(/for nsupdate/);
  });
});

describe('TSIG key names from --key are DNS names, quoted for named.conf', () => {
  const keyFile = async (name: string) => {
    const file = path.join(dir, `k${Math.abs(hash(name))}.key`);
    await fs.writeFile(file, `key "${name}" {\n\talgorithm hmac-sha256;\n\tsecret "${SECRET}";\n};\n`);
    return file;
  };
  it.each(['a;b', '$(id)', '`id`', 'x }; include /etc/passwd; key y {', '%PATH%', 'ä.test', 'k^1'])('refuses %j', async (name) => {
    const r = await generate(['named-conf', '--plan', PLAN, '--key', await keyFile(name)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/key name ".*" is not a valid DNS name\n$/);
    expect(r.out).toBe('');
  });

  it('the renderer checks a key name handed to it directly too', () => {
    const plan = parsePlan(readFileSync(PLAN, 'utf8'), PLAN);
    const render = (name: string) => getRenderer('named-conf').render(plan, { now: new Date(0), key: { name, algorithm: 'hmac-sha256', secret: SECRET } });
    expect(() => render('x"; }; include "/etc/passwd')).toThrow(/^key name "x\\"; }; include \\"\/etc\/passwd" \(from --key\) contains a double quote/);
    expect(render('kms-update.corp.test').text).toContain('key "kms-update.corp.test" {');
  });

  it.skipIf(bindMissing('named-checkconf'))('a valid unusual key name passes named-checkconf', async () => {
    const plan = JSON.parse(readFileSync(PLAN, 'utf8')) as { tsigKey: { name: string } };
    plan.tsigKey.name = 'kms_update.corp-1.test';
    const planFile = path.join(dir, 'unusual-key.plan.json');
    await fs.writeFile(planFile, JSON.stringify(plan));
    const r = await generate(['named-conf', '--plan', planFile, '--key', await keyFile('kms_update.corp-1.test.')]);
    expect(r.code).toBe(0);
    const conf = path.join(dir, 'checked.conf');
    await fs.writeFile(conf, r.out);
    const check = runTool('named-checkconf', [conf]);
    expect(check.stderr + check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});

describe.skipIf(bindMissing('nsupdate'))('nsupdate reads an accepted --server as its server, nothing more', () => {
  it('the script is applied by a real named at the address and port given', async () => {
    const soa = '$TTL 300\n@ IN SOA ns hostmaster 1 3600 900 1209600 300\n@ IN NS ns\nns IN A 127.0.0.1\n';
    const server = await startBind({ zones: [{ name: 'example.test', text: soa, clause: '  allow-update { any; };' }] });
    try {
      const r = await generate(['nsupdate', '--plan', PLAN, '--domain', 'example.test', '--server', server.address]);
      expect(r.code).toBe(0);
      const lines = r.out.trim().split('\n');
      expect(lines.filter((l) => l.startsWith('server '))).toEqual([`server 127.0.0.1 ${server.port}`]);
      const applied = runTool('nsupdate', ['-t', '5'], r.out);
      expect(applied.stderr).toBe('');
      expect(applied.status).toBe(0);
      const dig = runTool('dig', ['@127.0.0.1', '-p', String(server.port), '_vlmcs._tcp.example.test', 'SRV', '+short']);
      expect(dig.stdout.trim().split('\n').sort()).toEqual(['0 40 1688 kms2.example.test.', '0 60 1688 kms1.example.test.', '10 0 1689 kms3.branch.example.test.']);
    } finally {
      await server.stop();
    }
  }, 30_000);
});

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + (ch.codePointAt(0) ?? 0)) | 0;
  return h;
}
