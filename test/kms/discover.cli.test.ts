// `kms-srv discover` end to end: a real BIND serving zones whose SRV records point at real loopback
// listeners (each on its own port, as every KMS host listens on the port of its SRV record).
import dgram from 'node:dgram';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';
import { startKmsStandIn, type KmsStandIn } from '../../src/kms/stand-in.js';
import type { DiscoverJson } from '../../src/kms/types.js';
import { bindMissing, runTool, startBind, type BindServer } from '../helpers/bind.js';

async function discover(args: string[]) {
  const io = memoryIo();
  const code = await run(['discover', ...args], io);
  return { code, out: io.out(), err: io.err(), json: () => JSON.parse(io.out()) as DiscoverJson };
}

async function closedTcpPort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const soa = (zone: string) => `$TTL 300\n@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 900 1209600 300\n@ IN NS ns.${zone}.\nns IN A 127.0.0.1\n`;

describe.skipIf(bindMissing())('discover against BIND and loopback listeners', () => {
  let bind: BindServer;
  let kms1: KmsStandIn;
  let kms2: KmsStandIn;
  let deadPort: number;
  let dir: string;
  const dns = () => ['--server', bind.address, '--timeout', '2000', '--attempts', '1', '--probe-timeout', '1000'];

  beforeAll(async () => {
    kms1 = await startKmsStandIn({ host: '127.0.0.2', answerBind: true });
    kms2 = await startKmsStandIn({ host: '127.0.0.3', answerBind: true });
    deadPort = await closedTcpPort('127.0.0.4');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-discover-'));
    // dead.lab.test has the lowest priority, so every client tries it first and must fail over.
    const lab = `${soa('lab.test')}_vlmcs._tcp IN SRV 0 0 ${deadPort} dead.lab.test.
_vlmcs._tcp IN SRV 10 60 ${kms1.port} kms1.lab.test.
_vlmcs._tcp IN SRV 10 40 ${kms2.port} kms2.lab.test.
dead IN A 127.0.0.4
kms1 IN A 127.0.0.2
kms2 IN A 127.0.0.3
`;
    const other = `${soa('other.test')}_vlmcs._tcp IN SRV 0 0 ${kms2.port} kms2.lab.test.\n`;
    const alias = `${soa('alias.test')}_vlmcs._tcp IN CNAME _vlmcs._tcp.lab.test.\n`;
    const empty = `${soa('empty.test')}_vlmcs._tcp IN TXT "no SRV here"\n`;
    bind = await startBind({
      zones: [
        { name: 'lab.test', text: lab },
        { name: 'other.test', text: other },
        { name: 'alias.test', text: alias },
        { name: 'empty.test', text: empty },
      ],
    });
  });
  afterAll(async () => {
    await bind?.stop();
    await kms1?.close();
    await kms2?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('reports the SRV records dig sees, fails over past the closed port and selects a live host', async () => {
    const r = await discover(['--domain', 'lab.test', ...dns(), '--no-host-cache', '--seed', '7', '--json']);
    expect(r.code).toBe(0);
    const result = r.json();
    const dig = runTool('dig', ['+short', '-p', String(bind.port), '@127.0.0.1', '_vlmcs._tcp.lab.test', 'SRV']);
    const fromDig = dig.stdout.trim().split('\n').map((line) => line.replace(/\.$/, '')).sort();
    expect(result.domains[0]?.records.map((x) => `${x.priority} ${x.weight} ${x.port} ${x.target}`).sort()).toEqual(fromDig);
    expect(result.attempts[0]).toMatchObject({ target: 'dead.lab.test', port: deadPort, address: '127.0.0.4', ok: false, error: 'connection refused (ECONNREFUSED)' });
    expect(result.attempts[1]?.ok).toBe(true);
    expect(result.selected).toEqual({ target: result.attempts[1]?.target, port: result.attempts[1]?.port, address: result.attempts[1]?.address });
    expect(result.candidates.find((c) => c.target === 'kms1.lab.test')).toMatchObject({ addresses: ['127.0.0.2'], port: kms1.port });
    expect(result.errorCode).toBeNull();
    expect(result.cache).toEqual({ before: null, after: null });
  });

  it('the same seed gives the same order; the rpc probe is answered by the stand-ins', async () => {
    const args = ['--domain', 'lab.test', ...dns(), '--no-host-cache', '--seed', '12345', '--probe', 'rpc', '--json'];
    const [a, b] = [await discover(args), await discover(args)];
    expect(a.json().attempts.map((x) => x.target)).toEqual(b.json().attempts.map((x) => x.target));
    expect(a.json().attempts[0]?.error).toBe('connection refused (ECONNREFUSED)');
    expect(a.json().selected).not.toBeNull();
  });

  it('queries domains in order, reporting each, and says the order is an assumption', async () => {
    const r = await discover(['--domain', 'nothere.test', '--domain', 'empty.test', '--domain', 'lab.test', '--domain', 'other.test', ...dns(), '--no-host-cache']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/_vlmcs\._tcp\.nothere\.test\.\s+REFUSED|_vlmcs\._tcp\.nothere\.test\.\s+NXDOMAIN/);
    expect(r.out).toMatch(/_vlmcs\._tcp\.empty\.test\.\s+NOERROR\s+Win32 9501/);
    expect(r.out).toMatch(/_vlmcs\._tcp\.lab\.test\.\s+NOERROR\s+3 SRV records/);
    expect(r.out).not.toMatch(/other\.test/);
    expect(r.out).toMatch(/assumes the order given/);
    expect(r.out).toMatch(/Selected: kms[12]\.lab\.test:\d+ at 127\.0\.0\.[23]/);
  });

  it('a lookup domain replaces the search list', async () => {
    const r = await discover(['--domain', 'lab.test', '--lookup-domain', 'other.test', ...dns(), '--no-host-cache', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().domains.map((d) => d.domain)).toEqual(['other.test']);
    expect(r.json().selected).toEqual({ target: 'kms2.lab.test', port: kms2.port, address: '127.0.0.3' });
  });

  it('follows and reports a CNAME at _vlmcs._tcp', async () => {
    const text = await discover(['--domain', 'alias.test', ...dns(), '--no-host-cache']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('CNAME followed: _vlmcs._tcp.alias.test. -> _vlmcs._tcp.lab.test.');
    expect(text.out).toMatch(/^ {2}_vlmcs\._tcp\.alias\.test\. +NOERROR +3 SRV records/m);
    const json = await discover(['--domain', 'alias.test', ...dns(), '--no-host-cache', '--json']);
    expect(json.json().domains[0]).toMatchObject({ domain: 'alias.test', name: '_vlmcs._tcp.alias.test', rcode: 'NOERROR', win32: 0 });
    expect(json.json().domains[0]?.records).toHaveLength(3);
  });

  it('--kms-host bypasses DNS entirely', async () => {
    const sink = dgram.createSocket('udp4');
    let packets = 0;
    sink.on('message', () => packets++);
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    try {
      const r = await discover(['--kms-host', `127.0.0.2:${kms1.port}`, '--server', `127.0.0.1:${sink.address().port}`, '--domain', 'lab.test', '--json']);
      expect(r.code).toBe(0);
      expect(r.json().domains).toEqual([]);
      expect(r.json().selected).toEqual({ target: '127.0.0.2', port: kms1.port, address: '127.0.0.2' });
      expect(packets).toBe(0);
    } finally {
      sink.close();
    }
  });

  it('names the error a Windows client would show when DNS has no host', async () => {
    const r = await discover(['--domain', 'nothere.test', ...dns(), '--no-host-cache', '--json']);
    expect(r.code).toBe(1);
    expect(r.json().errorCode).toMatch(/^0x8007232[AB]$/);
    const empty = await discover(['--domain', 'empty.test', ...dns(), '--no-host-cache']);
    expect(empty.code).toBe(1);
    expect(empty.out).toContain('A Windows client would show 0x8007251D');
  });

  it.each([
    ['a corrupt host cache', 'corrupt.json', '{"version": 1, "hosts": ', /not JSON/],
    ['plain text', 'notes.txt', 'my notes\n', /not JSON/],
    ['a foreign JSON file', 'package.json', '{"name": "x"}\n', /required property 'version'/],
  ])('%s as --state: exit 2 and the file left alone; --force replaces it with a valid cache', async (_what, name, text, why) => {
    const state = path.join(dir, name);
    await fs.writeFile(state, text);
    const refused = await discover(['--domain', 'lab.test', ...dns(), '--state', state, '--json']);
    expect(refused.code).toBe(2);
    // Under --json the error is the JSON object on stdout, nothing on stderr.
    expect(refused.err).toBe('');
    const { error } = JSON.parse(refused.out) as { error: { code: string; message: string } };
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toMatch(new RegExp(`^state file .*${name.replace('.', '\\.')} is not a kms-srv host cache: `));
    expect(error.message).toMatch(why);
    expect(error.message).toMatch(/\(pass --force to replace it\)$/);
    expect(await fs.readFile(state, 'utf8')).toBe(text);

    const forced = await discover(['--domain', 'lab.test', ...dns(), '--state', state, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(forced.err).toMatch(/^kms-srv: warning: state file .* ignored: .*treating the host cache as empty/);
    expect(JSON.parse(await fs.readFile(state, 'utf8')).hosts['lab.test']).toEqual(forced.json().cache.after);
  });

  it('a state file that cannot be written: the discovery is printed, then the failure, exit 2', async () => {
    const state = path.join(dir, 'no-such-dir', 'state.json');
    const text = await discover(['--domain', 'lab.test', ...dns(), '--state', state]);
    expect(text.code).toBe(2);
    expect(text.out).toMatch(/selected/i);
    expect(text.err).toMatch(new RegExp(`^kms-srv: cannot write .*no-such-dir/state\\.json: `));
    const json = await discover(['--domain', 'lab.test', ...dns(), '--state', state, '--json']);
    expect(json.code).toBe(2);
    expect(json.json().selected).not.toBeNull();
    expect(json.err).toMatch(/cannot write/);
  });

  it('caches across runs, then rediscovers when the cached host goes down', async () => {
    const state = path.join(dir, 'state.json');
    const first = (await discover(['--domain', 'lab.test', ...dns(), '--state', state, '--json'])).json();
    expect(first.cache.before).toBeNull();
    expect(first.cache.after).toMatchObject(first.selected!);

    const second = await discover(['--domain', 'lab.test', ...dns(), '--state', state, '--json']);
    expect(second.code).toBe(0);
    expect(second.json().attempts).toEqual([{ ...first.selected!, ok: true, error: null, elapsedMs: second.json().attempts[0]?.elapsedMs }]);
    expect(second.json().domains).toEqual([]);
    expect(second.json().cache).toEqual({ before: first.cache.after, after: first.cache.after });

    const [down, up] = first.selected!.target === 'kms1.lab.test' ? [kms1, kms2] : [kms2, kms1];
    await down.close();
    const third = await discover(['--domain', 'lab.test', ...dns(), '--state', state]);
    expect(third.code).toBe(0);
    expect(third.out).toMatch(/did not respond: rediscovering through DNS/);
    const json = (await discover(['--domain', 'lab.test', ...dns(), '--state', state, '--json'])).json();
    expect(json.selected?.port).toBe(up.port);
    expect(json.attempts).toHaveLength(1);
  });
});

describe('discover: bad input and silent DNS', () => {
  it.each([
    { args: ['--kms-host', 'bad host!'], message: /--kms-host "bad host!": "bad host!" is not a host name/ },
    { args: ['--kms-host', 'kms1.test:99999'], message: /port must be 1 to 65535/ },
    { args: ['--kms-host', '[10.0.0.1]:1688'], message: /is not an IPv6 address/ },
    { args: ['--kms-host', '127.0.0.1', '--seed', 'abc'], message: /--seed must be a whole number, got "abc"/ },
    // A host name is accepted (test/cli/server-names.bind.test.ts); this is neither a name nor an address.
    { args: ['--domain', 'x.test', '--server', 'dns!.example'], message: /--server: server "dns!\.example": "dns!\.example" is neither an IP address nor a host name/ },
    { args: ['--probe', 'icmp'], message: /--probe.*icmp/ },
    { args: ['--probe-timeout', '0'], message: /--probe-timeout must be between 1 and 600000/ },
    // A loopback server with a short timeout: should validation ever slip, nothing leaves the machine.
    { args: ['--domain', 'a..b', '--server', '127.0.0.1:9', '--timeout', '50', '--attempts', '1'], message: /--domain "a\.\.b" has an empty label/ },
    { args: ['--domain', '', '--server', '127.0.0.1:9', '--timeout', '50', '--attempts', '1'], message: /--domain "": the domain is empty/ },
    { args: ['--lookup-domain', '-x.test', '--server', '127.0.0.1:9', '--timeout', '50', '--attempts', '1'], message: /--lookup-domain "-x\.test" has label "-x", which starts or ends with a hyphen/ },
  ])('$args → exit 2', async ({ args, message }) => {
    const r = await discover(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('no DNS server answering → exit 3', async () => {
    const sink = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    try {
      const r = await discover(['--domain', 'x.test', '--server', `127.0.0.1:${sink.address().port}`, '--timeout', '100', '--attempts', '1', '--json']);
      expect(r.code).toBe(3);
      expect(r.json().domains[0]).toMatchObject({ rcode: null, win32: 1460, event: 'no-server-answered' });
      // Microsoft: 0x8007232A is what a client shows when it cannot contact a DNS server.
      expect(r.json().errorCode).toBe('0x8007232A');
    } finally {
      sink.close();
    }
  });
});
