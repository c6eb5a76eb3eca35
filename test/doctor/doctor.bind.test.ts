// `kms-srv doctor` against real BIND: each broken zone of test/fixtures/broken-zones served under its
// own domain, live findings compared with the fixture's "; expect:" marks; two BINDs that disagree;
// a zone BIND cannot load; an empty zone; dead, foreign and KMS-like listeners on loopback; a
// client's .reg. Every --json report is validated against schema/findings.schema.json.
import { promises as fs, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/checks/report.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { startKmsStandIn, type KmsStandIn } from '../../src/kms/stand-in.js';
import { bindMissing, freePort, startBind, type BindServer } from '../helpers/bind.js';

const BROKEN = 'test/fixtures/broken-zones';
// several-origins $INCLUDEs a second file; its sub-domains are covered by check-zone.
const FIXTURES = readdirSync(BROKEN).filter((f) => f.endsWith('.zone') && f !== 'several-origins.zone').sort();
const schema = JSON.parse(readFileSync('schema/findings.schema.json', 'utf8')) as object;
const validate = new Ajv2020.default({ allErrors: true, strict: true }).compile(schema);

/** The fixture served as `<name>.test` instead of example.test, so one BIND holds them all. */
function domainOf(fixture: string): string {
  return `${fixture.replace(/\.zone$/, '')}.test`;
}

function fixtureText(fixture: string): string {
  return readFileSync(path.join(BROKEN, fixture), 'utf8').replaceAll('example.test', domainOf(fixture));
}

function expectedIds(fixture: string): string[] {
  const ids = [...fixtureText(fixture).matchAll(/; expect: ([a-z0-9-]+(?:, [a-z0-9-]+)*)\s*$/gm)].flatMap((m) => m[1]!.split(', '));
  return [...new Set(ids)].sort();
}

function zoneText(apex: string, body: string): string {
  return `$ORIGIN ${apex}.\n$TTL 300\n@ IN SOA ns1 hostmaster 2026010101 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 127.0.0.1\n${body}\n`;
}

interface Run {
  code: number;
  report: CheckReport;
  stderr: string;
}

async function doctorJson(...args: string[]): Promise<Run> {
  const io = memoryIo();
  const code = await run(['doctor', ...args, '--json', '--timeout', '1000', '--attempts', '1'], io);
  const report = JSON.parse(io.out()) as CheckReport;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return { code, report, stderr: io.err() };
}

const ids = (r: Run) => [...new Set(r.report.findings.map((f) => f.id))].sort();

describe.skipIf(bindMissing())('doctor against BIND', () => {
  let main: BindServer;
  let second: BindServer;
  let kms: KmsStandIn;
  let foreign: net.Server;
  const foreignSockets = new Set<net.Socket>();
  let closedPort: number;
  let tmp: string;

  beforeAll(async () => {
    kms = await startKmsStandIn({ answerBind: true });
    // Something that is not a KMS: accepts, says a line of HTTP and hangs up.
    foreign = net.createServer((socket) => {
      // The tcp probe hangs up at once, so writing may meet a reset: expected, not a failure.
      foreignSockets.add(socket);
      socket.on('close', () => foreignSockets.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.resume(); // read (and drop) what the probe sends, so its hang-up is seen
      socket.end('HTTP/1.0 400 Bad Request\r\n\r\n');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    closedPort = await freePort();
    const foreignPort = (foreign.address() as net.AddressInfo).port;
    const probeBody = [
      `_vlmcs._tcp IN SRV 0 0 ${closedPort} dead`,
      `_vlmcs._tcp IN SRV 0 0 ${foreignPort} notkms`,
      `_vlmcs._tcp IN SRV 0 0 ${kms.port} kms`,
      'dead IN A 127.0.0.1',
      'notkms IN A 127.0.0.1',
      'kms IN A 127.0.0.1',
    ].join('\n');
    const twoHosts = '_vlmcs._tcp IN SRV 0 0 1688 kms1\n_vlmcs._tcp IN SRV 0 0 1688 kms2\nkms1 IN A 192.0.2.11\nkms2 IN A 192.0.2.12';
    main = await startBind({
      zones: [
        ...FIXTURES.map((f) => ({ name: domainOf(f), text: fixtureText(f) })),
        { name: 'probe.test', text: zoneText('probe.test', probeBody) },
        { name: 'empty.test', text: zoneText('empty.test', '') },
        { name: 'ns.test', text: zoneText('ns.test', twoHosts) },
        // A CNAME beside other data at one name: BIND refuses to load the zone, and answers SERVFAIL.
        { name: 'servfail.test', text: zoneText('servfail.test', 'kms1 IN CNAME kms2\nkms1 IN A 192.0.2.11') },
      ],
    });
    // The second authoritative server has an older copy of ns.test: kms2 is missing.
    second = await startBind({ zones: [{ name: 'ns.test', text: zoneText('ns.test', '_vlmcs._tcp IN SRV 0 0 1688 kms1\nkms1 IN A 192.0.2.11') }] });
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-doctor-'));
  }, 60_000);

  afterAll(async () => {
    for (const socket of foreignSockets) socket.destroy();
    await Promise.all([main?.stop(), second?.stop(), kms?.close(), new Promise((r) => foreign?.close(r)), tmp && fs.rm(tmp, { recursive: true, force: true })]);
  });

  const live = (domain: string, ...extra: string[]) => doctorJson(domain, '--server', main.address, '--authoritative', main.address, ...extra);

  it.each(FIXTURES)('%s: live findings are the ones its "; expect:" marks name', async (fixture) => {
    const result = await live(domainOf(fixture), '--no-probe');
    expect(ids(result)).toEqual(expectedIds(fixture));
    // The status agrees with the client's code too (a domain whose only target is "." has no error finding).
    expect(result.code).toBe(result.report.summary.error > 0 || result.report.clientErrorCode !== null ? 1 : 0);
  });

  it('a relative target shows as the doubled-origin name BIND appended', async () => {
    const result = await live('target-relative.test', '--no-probe');
    const finding = result.report.findings.find((f) => f.id === 'srv-target-relative');
    expect(finding?.message).toContain('kms1.target-relative.test.target-relative.test.');
  });

  it('srv-missing when the name does not exist: the client would show 0x8007232B', async () => {
    const result = await live('empty.test', '--no-probe');
    expect(ids(result)).toEqual(['srv-missing']);
    expect(result.report.facts.domains[0]).toMatchObject({ rcode: 'NXDOMAIN', win32: 9003 });
    expect(result.report.clientErrorCode).toBe('0x8007232B');
    expect(result.code).toBe(1);
  });

  it('dns-servfail for a zone BIND could not load: 0x8007232A', async () => {
    const result = await live('servfail.test', '--no-probe');
    expect(ids(result)).toContain('dns-servfail');
    expect(result.report.facts.domains[0]).toMatchObject({ rcode: 'SERVFAIL', win32: 9002 });
    expect(result.report.clientErrorCode).toBe('0x8007232A');
  });

  it('ns-inconsistent when two authoritative servers serve different copies', async () => {
    const result = await doctorJson('ns.test', '--server', main.address, '--authoritative', main.address, '--authoritative', second.address, '--no-probe');
    expect(ids(result)).toContain('ns-inconsistent');
    expect(result.report.facts.nsAnswers?.map((n) => [n.server, n.records.length])).toEqual([[main.address, 2], [second.address, 1]]);
  });

  it('domains-inconsistent when the search path\'s domains publish different hosts', async () => {
    const result = await doctorJson('clean.test', '--domain', 'single-host.test', '--server', main.address, '--authoritative', main.address, '--no-probe');
    expect(result.report.facts.domains.map((d) => d.domain)).toEqual(['clean.test.', 'single-host.test.']);
    expect(ids(result)).toContain('domains-inconsistent');
  });

  it('probes with rpc: a closed port is host-unreachable, a foreign listener host-not-kms, the stand-in passes', async () => {
    const result = await live('probe.test', '--probe', 'rpc', '--probe-timeout', '2000');
    const subjects = (id: string) => result.report.findings.filter((f) => f.id === id).map((f) => f.subject);
    const foreignPort = (foreign.address() as net.AddressInfo).port;
    expect(subjects('host-unreachable')).toEqual([`dead.probe.test:${closedPort}`]);
    expect(subjects('host-not-kms')).toEqual([`notkms.probe.test:${foreignPort}`]);
    expect(result.report.facts.probes?.find((p) => p.port === kms.port)).toMatchObject({ tcp: 'ok', rpc: 'bind_ack' });
    expect(kms.binds()).toBeGreaterThan(0);
    expect(result.report.clientErrorCode).toBeNull();
  });

  it('with tcp probes the foreign listener passes: only rpc tells it is not a KMS', async () => {
    const result = await live('probe.test', '--probe', 'tcp');
    expect(ids(result)).not.toContain('host-not-kms');
    expect(ids(result)).toContain('host-unreachable');
  });

  it('a client pinned to a manual host: client-manual-host', async () => {
    const result = await live('clean.test', '--no-probe', '--client-reg', 'test/fixtures/doctor/client-manual-host.reg');
    expect(ids(result)).toContain('client-manual-host');
    expect(result.report.facts.client).toEqual({ manualHost: 'kms9.example.test:1700', hostCachingDisabled: true });
    expect(result.report.facts.hostCaching).toBe(false);
  });

  it('a client with a lookup domain: client-lookup-domain, and only that domain is searched', async () => {
    const reg = path.join(tmp, 'lookup.reg');
    await fs.writeFile(reg, [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform]',
      '"KeyManagementServiceLookupDomain"="clean.test"',
      '',
    ].join('\r\n'));
    const result = await live('single-host.test', '--no-probe', '--client-reg', reg);
    expect(result.report.facts.domains.map((d) => d.domain)).toEqual(['clean.test.']);
    expect(ids(result)).toEqual(['client-lookup-domain']);
  });

  it('the text output groups findings by severity and names the client error code', async () => {
    const io = memoryIo();
    const code = await run(['doctor', 'weight-zero.test', '--server', main.address, '--authoritative', main.address, '--no-probe'], io);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^Domains searched, in order/);
    expect(io.out()).toMatch(/Warnings \(1\)\n {2}\[weight-zero-starved\]/);
    expect(io.out()).toMatch(/A Windows client would show: no error/);
  });

  it('exit 3 when no DNS server answers', async () => {
    const io = memoryIo();
    const code = await run(['doctor', 'clean.test', '--server', `127.0.0.1:${closedPort}`, '--timeout', '300', '--attempts', '1', '--no-probe'], io);
    expect(code).toBe(3);
    expect(io.err()).toMatch(/no DNS server answered/);
  });
});

describe('doctor CLI input errors', () => {
  it.each([
    [['--server', 'not-an-ip'], /--server: server "not-an-ip"/],
    [['--client-reg', 'test/fixtures/doctor/missing.reg'], /--client-reg test\/fixtures\/doctor\/missing\.reg: cannot read the file \(no such file\)/],
    [['--probe', 'icmp'], /--probe/],
    [['--domain', 'bad..test'], /^kms-srv: domain "bad\.\.test" has an empty label/],
    [['--domain', 'a b.test'], /^kms-srv: domain "a b\.test" contains whitespace/],
    [['--lookup-domain', ''], /^kms-srv: --lookup-domain "": the domain is empty/],
  ])('%j: one message on stderr, exit 2', async (args, message) => {
    const io = memoryIo();
    const code = await run(['doctor', 'example.test', ...args], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });
});
