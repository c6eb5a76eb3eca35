// `audit` against a real BIND: 10,000 domains of known kinds (with records, NXDOMAIN, NODATA, a
// target without address) plus domains of a zone BIND fails to load (SERVFAIL).
import { promises as fs } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFleet, type FleetKind } from '../../src/audit/fleet-zone.js';
import type { AuditResult } from '../../src/audit/types.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { bindMissing, startBind, type BindServer } from '../helpers/bind.js';
import { once } from 'node:events';

const KINDS: FleetKind[] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'no-srv', 'nodata', 'no-address', 'ok'];
const fleet = buildFleet('fleet.test', 10_000, (i) => KINDS[i % KINDS.length]!);
const BROKEN = ['a.broken.test', 'b.broken.test', 'c.broken.test'];

describe.skipIf(bindMissing())('audit against BIND', () => {
  let bind: BindServer;
  let dir: string;
  let listFile: string;
  beforeAll(async () => {
    bind = await startBind({
      // A zone file BIND refuses to load: it then answers SERVFAIL for every name in the zone.
      zones: [
        { name: 'fleet.test', text: fleet.zoneText },
        { name: 'broken.test', text: '$TTL 300\n@ IN SOA this is not a valid zone\n' },
        // Served, but no one may ask it: BIND answers REFUSED.
        { name: 'closed.test', text: '$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n_vlmcs._tcp IN SRV 0 0 1688 ns1\n', clause: 'allow-query { none; };' },
      ],
    });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-audit-'));
    listFile = path.join(dir, 'domains.txt');
    const lines = ['# estate list', '', ...fleet.domains.map((d) => d.domain), ...BROKEN.map((d) => `${d}.   # trailing dot and comment`)];
    await fs.writeFile(listFile, `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await bind?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const audit = (args: string[], stdin?: string) => {
    const io = memoryIo();
    if (stdin !== undefined) io.stdin = Readable.from([stdin]);
    return run(['audit', ...args, '--server', bind.address, '--timeout', '2000', '--attempts', '3'], io).then((code) => ({ code, out: io.out(), err: io.err() }));
  };

  it('10,000 domains: one JSON line each, every verdict as built', async () => {
    const { code, out } = await audit([listFile, '--json']);
    const results = out.trim().split('\n').map((line) => JSON.parse(line) as AuditResult);
    expect(results).toHaveLength(fleet.domains.length + BROKEN.length);
    const byDomain = new Map(results.map((r) => [r.domain, r]));
    expect(byDomain.size).toBe(results.length);
    type Line = AuditResult & { line: number };
    for (const r of results) expect(Object.keys(r)).toEqual(['line', 'domain', 'verdict', 'hosts', 'errorCode', 'rcode', 'server', 'elapsedMs']);
    // Line numbers are the input's: a comment and a blank line come first.
    expect((results as Line[]).filter((r) => r.domain === fleet.domains[0]!.domain).map((r) => r.line)).toEqual([3]);
    expect((results as Line[]).find((r) => r.domain === BROKEN[2])?.line).toBe(2 + fleet.domains.length + 3);
    // Every domain here was decided by the one server's reply.
    expect(results.filter((r) => r.server !== bind.address).map((r) => r.domain)).toEqual([]);
    const wrong = fleet.domains.filter((d) => byDomain.get(d.domain)?.verdict !== d.expected).slice(0, 5);
    expect(wrong).toEqual([]);
    for (const d of BROKEN) expect(byDomain.get(d)).toMatchObject({ verdict: 'servfail', rcode: 'SERVFAIL', errorCode: '0x8007232A', hosts: [] });
    const i = fleet.domains.findIndex((d, at) => at > 0 && d.expected === 'ok');
    expect(byDomain.get(fleet.domains[i]!.domain)!.hosts).toEqual([
      { target: `kms${i}.d${i}.fleet.test.`, port: 1688, priority: 0, weight: 0, addresses: [`10.0.0.${i}`, `fd00::${i.toString(16)}`], reachable: null },
    ]);
    const missing = fleet.domains.findIndex((d) => d.expected === 'no-address');
    expect(byDomain.get(fleet.domains[missing]!.domain)).toMatchObject({ errorCode: '0xC004F074', hosts: [{ target: `missing${missing}.fleet.test.`, addresses: [] }] });
    expect(code).toBe(1);
  }, 120_000);

  it('text summary: counts per verdict, slowest and failing lists, exit 1', async () => {
    const { code, out } = await audit([listFile]);
    const count = (verdict: string) => fleet.domains.filter((d) => d.expected === verdict).length;
    expect(out).toMatch(new RegExp(`^audited ${fleet.domains.length + BROKEN.length} domains in `));
    for (const verdict of ['ok', 'no-srv', 'nodata', 'no-address']) expect(out).toMatch(new RegExp(`^${verdict} +${count(verdict)} `, 'm'));
    expect(out).toMatch(new RegExp(`^servfail +${BROKEN.length} +0x8007232A`, 'm'));
    expect(out).toContain('slowest 10:');
    expect(out).toMatch(/\d+ not ok, the first 10 to finish \(--all-failures lists every one\):/);
    expect(code).toBe(1);
  }, 120_000);

  it('reads "-" from stdin, streamed; all ok gives exit 0', async () => {
    const ok = fleet.domains.filter((d) => d.expected === 'ok').slice(0, 50);
    const { code, out } = await audit(['-', '--json', '--concurrency', '7'], ok.map((d) => d.domain).join('\r\n'));
    const results = out.trim().split('\n').map((line) => JSON.parse(line) as AuditResult);
    expect(results.map((r) => r.domain).sort()).toEqual(ok.map((d) => d.domain).sort());
    expect(results.every((r) => r.verdict === 'ok')).toBe(true);
    expect(code).toBe(0);
  });

  it('malformed lines: each reported by line number with verdict "invalid", the rest audited, exit 2', async () => {
    const good = fleet.domains[0]!.domain;
    const input = [good, 'two words.test', 'bad..dots.test', `${'x'.repeat(64)}.test`, 'ünicode.test', '-dash.test'].join('\n');
    const { code, out, err } = await audit(['-', '--json'], input);
    const results = out.trim().split('\n').map((line) => JSON.parse(line) as AuditResult);
    expect(results.filter((r) => r.verdict === 'invalid').map((r) => r.domain)).toEqual(['two words.test', 'bad..dots.test', `${'x'.repeat(64)}.test`, 'ünicode.test', '-dash.test']);
    expect(results.find((r) => r.domain === good)?.verdict).toBe('ok');
    for (const line of [2, 3, 4, 5, 6]) expect(err).toContain(`audit: line ${line}: `);
    expect(err).toContain('empty label');
    expect(code).toBe(2);
  });

  it('REFUSED and SERVFAIL are distinct verdicts, each with the server that said it', async () => {
    const good = fleet.domains[0]!.domain;
    const json = await audit(['-', '--json'], ['closed.test', BROKEN[0], good].join('\n'));
    const results = new Map(json.out.trim().split('\n').map((l) => JSON.parse(l) as AuditResult & { line: number }).map((r) => [r.domain, r]));
    expect(results.get('closed.test')).toMatchObject({ line: 1, verdict: 'refused', rcode: 'REFUSED', server: bind.address, errorCode: '0x8007232A', hosts: [] });
    expect(results.get(BROKEN[0]!)).toMatchObject({ line: 2, verdict: 'servfail', rcode: 'SERVFAIL', server: bind.address, errorCode: '0x8007232A' });
    expect(results.get(good)).toMatchObject({ line: 3, verdict: 'ok', rcode: 'NOERROR', server: bind.address });
    const text = await audit(['-'], ['closed.test', BROKEN[0], good].join('\n'));
    expect(text.out).toMatch(/^servfail +1 +0x8007232A +DNS server failure/m);
    expect(text.out).toMatch(/^refused +1 +0x8007232A +.*refused/m);
    expect(text.code).toBe(1);
  });

  it('--all-failures lists every domain that is not ok; without it, the first 10 and the flag that gives the rest', async () => {
    const missing = fleet.domains.filter((d) => d.expected === 'no-srv').slice(0, 25);
    const input = missing.map((d) => d.domain).join('\n');
    const short = await audit(['-'], input);
    expect(short.out).toContain('25 not ok, the first 10 to finish (--all-failures lists every one):');
    const full = await audit(['-', '--all-failures'], input);
    expect(full.out).toContain('25 not ok:');
    const listed = full.out.split('25 not ok:')[1]!.trim().split('\n').slice(1);
    expect(listed.map((row) => row.trim().split(/ +/)[1]).sort()).toEqual(missing.map((d) => d.domain).sort());
    expect(listed.every((row) => / no-srv +0x8007232B$/.test(row))).toBe(true);
  });

  it('--format csv: a header, one record per domain with its line and server, formula-looking input made safe', async () => {
    const good = fleet.domains[0]!.domain;
    const { code, out } = await audit(['-', '--format', 'csv'], [good, '=HYPERLINK("http://x",1)', 'closed.test'].join('\n'));
    const records = out.split('\r\n');
    expect(records[0]).toBe('line,domain,verdict,errorCode,rcode,server,hosts,addresses,elapsedMs');
    expect(records.at(-1)).toBe('');
    const byLine = new Map(records.slice(1, -1).map((r) => [r.split(',')[0], r]));
    expect(byLine.get('1')!.split(',').slice(0, -1)).toEqual(['1', good, 'ok', '', 'NOERROR', bind.address, `kms0.${good}.:1688`, '10.0.0.0 fd00::']);
    expect(byLine.get('1')).toMatch(/,\d+$/);
    // Not a domain: echoed, but as text a spreadsheet will not run, quoted because of its quotes and comma.
    expect(byLine.get('2')).toBe(`2,"'=HYPERLINK(""http://x"",1)",invalid,,,,,,0`);
    expect(byLine.get('3')).toMatch(/^3,closed\.test,refused,0x8007232A,REFUSED,/);
    expect(code).toBe(2);
  });

  it('a server that answered none of the queries sent to it is named in the summary (and on stderr with --json)', async () => {
    // A loopback UDP socket that reads and never answers: the first server asked, BIND the second.
    const silent = dgram.createSocket('udp4');
    let received = 0;
    silent.on('message', () => received++);
    silent.bind(0, '127.0.0.1');
    await once(silent, 'listening');
    const silentAddress = `127.0.0.1:${silent.address().port}`;
    try {
      const domains = fleet.domains.filter((d) => d.expected === 'ok').slice(0, 5).map((d) => d.domain);
      const run2 = async (extra: string[]) => {
        const io = memoryIo();
        io.stdin = Readable.from([domains.join('\n')]);
        const code = await run(['audit', '-', ...extra, '--server', silentAddress, '--server', bind.address, '--timeout', '300', '--attempts', '1'], io);
        return { code, out: io.out(), err: io.err() };
      };
      const text = await run2([]);
      expect(text.out).toMatch(/^ok +5 /m);
      expect(text.out).toContain(`server ${silentAddress} answered none of the 5 queries sent to it`);
      expect(text.out).not.toContain(`server ${bind.address} answered none`);
      expect(text.code).toBe(0);
      const json = await run2(['--json']);
      expect(json.err).toContain(`kms-srv: audit: server ${silentAddress} answered none of the 5 queries sent to it`);
      // Each line names the server that did answer.
      expect(json.out.trim().split('\n').map((l) => (JSON.parse(l) as AuditResult).server)).toEqual(domains.map(() => bind.address));
      expect(received).toBe(10);
    } finally {
      silent.close();
    }
  });

  it('--progress on a file: domains finished of the total counted from the file, not bytes read', async () => {
    const some = path.join(dir, 'five.txt');
    await fs.writeFile(some, `# five domains\n${fleet.domains.slice(0, 5).map((d) => d.domain).join('\n')}\n`);
    const { err } = await audit([some, '--json', '--progress']);
    const last = err.split('\r').filter((l) => l.trim() !== '').at(-1)!;
    expect(last).toMatch(/^\[#{24}\] 100% 5 of 5 domains, \d+ not ok, [\d,]+\/s, done, 0 in flight/);
  });

  it.each([
    [['/no/such/file.txt'], /cannot read \/no\/such\/file.txt: no such file/],
    [['-', '--concurrency', '0'], /--concurrency must be between 1 and/],
  ])('usage errors: %j', async (args, message) => {
    const { code, err } = await audit(args, '');
    expect(err).toMatch(message);
    expect(code).toBe(2);
  });
});

/** A TCP listener on loopback; `close` frees its port, which then refuses connections. */
async function listener(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.skipIf(bindMissing())('audit against BIND: several hosts per domain, probes, CNAME loops', () => {
  let bind: BindServer;
  let up: Awaited<ReturnType<typeof listener>>;
  let refusedPort: number;
  beforeAll(async () => {
    up = await listener();
    const closed = await listener();
    refusedPort = closed.port;
    await closed.close();
    const srv = (owner: string, port: number, target: string) => `_vlmcs._tcp.${owner} IN SRV 0 0 ${port} ${target}`;
    const zone = [
      '$TTL 300',
      '@ IN SOA ns1 hostmaster 1 3600 900 1209600 300',
      '  IN NS ns1',
      'ns1 IN A 127.0.0.1',
      'kms1 IN A 127.0.0.1',
      'kms2 IN A 127.0.0.1',
      'l1 IN CNAME l2',
      'l2 IN CNAME l1',
      // Two hosts, both with an address.
      srv('two', 1688, 'kms1'),
      srv('two', 1689, 'kms2'),
      // Two hosts, the second without any address: the domain is no-address, whatever the first has.
      srv('half', 1688, 'kms1'),
      srv('half', 1688, 'nowhere'),
      // A second host whose address lookup runs into a CNAME loop: a host without an address.
      srv('looptarget', 1688, 'kms1'),
      srv('looptarget', 1688, 'l1'),
      // The SRV name itself loops.
      '_vlmcs._tcp.srvloop IN CNAME sl1',
      'sl1 IN CNAME _vlmcs._tcp.srvloop',
      // For --probe: a port that listens, one that refuses, and both.
      srv('up', up.port, 'kms1'),
      srv('down', refusedPort, 'kms1'),
      srv('mixed', up.port, 'kms1'),
      srv('mixed', refusedPort, 'kms2'),
    ].join('\n');
    bind = await startBind({ zones: [{ name: 'multi.test', text: `${zone}\n` }] });
  });
  afterAll(async () => {
    await bind?.stop();
    await up?.close();
  });

  const audit = async (domains: string[], extra: string[] = []) => {
    const io = memoryIo();
    io.stdin = Readable.from([domains.map((d) => `${d}.multi.test`).join('\n')]);
    const code = await run(['audit', '-', '--json', '--server', bind.address, '--timeout', '2000', '--attempts', '2', ...extra], io);
    const results = io.out().trim().split('\n').map((line) => JSON.parse(line) as AuditResult);
    return { code, byDomain: new Map(results.map((r) => [r.domain.replace(/\.multi\.test\.?$/, ''), r])) };
  };

  it('judges a domain by all its hosts: no-address when any one has no address, a looping SRV name a server failure', async () => {
    const { code, byDomain } = await audit(['two', 'half', 'looptarget', 'srvloop']);
    expect(byDomain.get('two')).toMatchObject({ verdict: 'ok', errorCode: null });
    expect(byDomain.get('two')!.hosts.map((h) => [h.target, h.port, h.addresses])).toEqual([
      ['kms1.multi.test.', 1688, ['127.0.0.1']],
      ['kms2.multi.test.', 1689, ['127.0.0.1']],
    ]);
    expect(byDomain.get('half')).toMatchObject({ verdict: 'no-address' });
    expect(byDomain.get('half')!.hosts.map((h) => h.addresses.length).sort()).toEqual([0, 1]);
    expect(byDomain.get('looptarget')).toMatchObject({ verdict: 'no-address' });
    expect(byDomain.get('srvloop')).toMatchObject({ verdict: 'servfail', errorCode: '0x8007232A', hosts: [] });
    expect(code).toBe(1);
  });

  it('--probe tcp: a listening port is ok, a refusing one unreachable, and one refusing host of two makes the domain unreachable', async () => {
    const { code, byDomain } = await audit(['up', 'down', 'mixed'], ['--probe', 'tcp', '--probe-timeout', '2000']);
    expect(byDomain.get('up')).toMatchObject({ verdict: 'ok', hosts: [{ port: up.port, reachable: true }] });
    expect(byDomain.get('down')).toMatchObject({ verdict: 'unreachable', hosts: [{ port: refusedPort, reachable: false }] });
    expect(byDomain.get('mixed')?.verdict).toBe('unreachable');
    expect(byDomain.get('mixed')!.hosts.map((h) => [h.port, h.reachable])).toEqual([
      [up.port, true],
      [refusedPort, false],
    ]);
    expect(code).toBe(1);
  });
});
