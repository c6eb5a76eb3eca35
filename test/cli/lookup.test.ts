// `lookup`, `serve` and `demo` in-process, against the lab responder (exit codes, text, JSON shape).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { startResponder, type FaultPlan, type RunningResponder } from '../../src/dns/responder.js';
import { EXAMPLE_ZONE_FILE, exampleZone } from '../dns/lab.js';

const SRV = '_vlmcs._tcp.example.test';

describe('kms-srv lookup', () => {
  let good: RunningResponder;
  let servfail: RunningResponder;
  let silent: RunningResponder;
  beforeAll(async () => {
    const zone = exampleZone();
    const fault = (f: ReturnType<FaultPlan>): FaultPlan => () => f;
    [good, servfail, silent] = await Promise.all([
      startResponder({ zones: zone }),
      startResponder({ zones: zone, faults: fault({ kind: 'rcode', rcode: 'SERVFAIL' }) }),
      startResponder({ zones: zone, faults: fault({ kind: 'drop' }) }),
    ]);
  });
  afterAll(() => Promise.all([good, servfail, silent].map((r) => r.stop())));

  async function lookup(args: string[], env: NodeJS.ProcessEnv = {}) {
    const io = memoryIo(env);
    const code = await run(['lookup', ...args], io);
    return { code, out: io.out(), err: io.err() };
  }

  it('--json has exactly the documented shape', async () => {
    const { code, out } = await lookup([SRV, '--server', good.address, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['question', 'server', 'rcode', 'answers', 'elapsedMs']);
    expect(json).toMatchObject({ question: { name: SRV, type: 'SRV' }, server: good.address, rcode: 'NOERROR' });
    const srv = exampleZone().records.filter((r) => r.type === 'SRV');
    expect(json.answers).toHaveLength(srv.length);
    for (const a of json.answers) {
      expect(Object.keys(a)).toEqual(['name', 'type', 'ttl', 'data']);
      expect(Object.keys(a.data)).toEqual(['priority', 'weight', 'port', 'target']);
    }
  });

  it('A data is the address string', async () => {
    const { out } = await lookup(['kms1.example.test', 'a', '--server', good.address, '--json']);
    const address = exampleZone().records.find((r) => r.type === 'A' && r.owner === 'kms1.example.test.');
    expect(JSON.parse(out).answers.map((a: { data: unknown }) => a.data)).toEqual([address?.data.type === 'A' && address.data.address]);
  });

  it('text output: aligned answer lines and a status line', async () => {
    const { code, out } = await lookup([SRV, '--server', good.address, '--tcp']);
    expect(code).toBe(0);
    const lines = out.split('\n').filter((l) => l.startsWith('_vlmcs'));
    expect(lines).toHaveLength(3);
    expect(new Set(lines.map((l) => l.indexOf(' IN ')))).toHaveProperty('size', 1);
    expect(out).toMatch(new RegExp(`;; NOERROR from ${good.address} over TCP in \\d+ ms: 3 answers, authoritative`));
  });

  it.each([
    [['missing.example.test'], 1, /NXDOMAIN.*Win32 9003.*0x8007232B/],
    [['kms1.example.test', 'SRV'], 1, /Win32 9501.*0x8007251D/],
  ])('%j: exit %i and the Win32 code', async (args, exit, message) => {
    const { code, err } = await lookup([...args, '--server', good.address]);
    expect(code).toBe(exit);
    expect(err).toMatch(message);
  });

  it('SERVFAIL from the only server: exit 1, Win32 9002', async () => {
    const { code, err } = await lookup([SRV, '--server', servfail.address]);
    expect(code).toBe(1);
    expect(err).toMatch(/SERVFAIL.*Win32 9002.*0x8007232A/);
  });

  it('SERVFAIL then a good server: the second --server answers', async () => {
    const { code, out } = await lookup([SRV, '--server', servfail.address, '--server', good.address, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).server).toBe(good.address);
  });

  it('no server answers: exit 3, ETIMEOUT', async () => {
    const { code, err } = await lookup([SRV, '--server', silent.address, '--timeout', '100', '--attempts', '2']);
    expect(code).toBe(3);
    expect(err).toMatch(/ETIMEOUT/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it.each([
    [[SRV, '--server', 'dns!.example.com'], /is neither an IP address nor a host name/],
    [[SRV, 'BOGUS', '--server', '127.0.0.1'], /unknown record type "BOGUS"/],
    [[SRV, '--timeout', 'soon'], /--timeout must be a whole number/],
    [['a..b', '--server', '127.0.0.1'], /empty label/],
    [['', '--server', '127.0.0.1'], /the name to look up is empty/],
  ])('usage error %j: exit 2, one message', async (args, message) => {
    const { code, err } = await lookup(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('without --server it reads resolv.conf (path from KMS_SRV_RESOLV_CONF): an unreadable one is exit 2', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-resolv-'));
    try {
      const { code, err } = await lookup([SRV], { KMS_SRV_RESOLV_CONF: dir });
      expect(code).toBe(2);
      expect(err).toContain(`cannot read ${dir}`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('kms-srv serve', () => {
  it('serves until SIGTERM and prints where it listens', async () => {
    const io = memoryIo();
    const done = run(['serve', EXAMPLE_ZONE_FILE, '--port', '0'], io);
    for (let i = 0; i < 100 && !io.out().includes('UDP and TCP'); i++) await new Promise((r) => setTimeout(r, 20));
    const address = /on (\S+), UDP and TCP/.exec(io.out())?.[1] ?? '';
    const probe = memoryIo();
    expect(await run(['lookup', SRV, '--server', address], probe)).toBe(0);
    process.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(0);
    expect(io.out()).toMatch(/lab server, not production DNS/);
    expect(io.out()).toMatch(/SIGTERM: stopped after 1 query\n/);
  });

  it('a missing zone file: exit 2', async () => {
    const io = memoryIo();
    expect(await run(['serve', '/nonexistent/zone', '--port', '0'], io)).toBe(2);
    expect(io.err()).toMatch(/nonexistent/);
  });
});

describe('kms-srv demo', () => {
  it('serves the example zone and prints its SRV records', async () => {
    const io = memoryIo();
    expect(await run(['demo'], io)).toBe(0);
    const out = io.out();
    for (const r of exampleZone().records.filter((x) => x.type === 'SRV')) {
      if (r.data.type === 'SRV') expect(out).toContain(`${r.data.target.replace(/\.$/, '')}:${r.data.port}  priority ${r.data.priority}, weight ${r.data.weight}`);
    }
    expect(out).toMatch(/Stopped the lab DNS server/);
  });
});
