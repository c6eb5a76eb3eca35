// "-" as a file argument reads standard input, named <stdin> in messages: generate --plan - and check-zone -.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

const PLAN = path.join(import.meta.dirname, '../../zones/example.plan.json');
const ZONE = [
  '$ORIGIN piped.test.',
  '$TTL 3600',
  '@ IN SOA ns1 hostmaster 1 3600 600 86400 300',
  '@ IN NS ns1',
  'ns1 IN A 192.0.2.1',
  'kms1 IN A 192.0.2.10',
  '_vlmcs._tcp IN SRV 0 0 1688 kms1',
  '',
].join('\n');

async function cli(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ SOURCE_DATE_EPOCH: String(Date.UTC(2026, 4, 6) / 1000) });
  // Two chunks, so a reader that stops after the first would be caught.
  if (stdin !== undefined) io.stdin = Readable.from([stdin.slice(0, 40), stdin.slice(40)].map((s) => Buffer.from(s)));
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('generate --plan -', () => {
  it('renders the plan read from standard input, as from the file', async () => {
    const fromFile = await cli(['generate', 'bind', '--plan', PLAN]);
    const piped = await cli(['generate', 'bind', '--plan', '-'], readFileSync(PLAN, 'utf8'));
    expect(piped.code).toBe(0);
    // The example plan's warnings, naming <stdin> where they named the file.
    expect(fromFile.err).toContain(`${PLAN}: `);
    expect(piped.err).toBe(fromFile.err.split(`${PLAN}: `).join('<stdin>: '));
    expect(piped.out).toContain('_vlmcs._tcp');
    expect(piped.out).toBe(fromFile.out);
  });

  it('an invalid plan on standard input is named <stdin>, exit 2', async () => {
    const r = await cli(['generate', 'bind', '--plan', '-'], '{"hosts": 7');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('<stdin>');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('without standard input, one usage message, exit 2', async () => {
    const r = await cli(['generate', 'bind', '--plan', '-']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/standard input/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('check-zone -', () => {
  it('checks the zone read from standard input, findings at <stdin>:line', async () => {
    const r = await cli(['check-zone', '-'], ZONE);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('<stdin>: 1 _vlmcs._tcp name: _vlmcs._tcp.piped.test.');
    expect(r.out).toContain('<stdin>:7: [single-host]');
  });

  it('--json names <stdin> as the file of each finding', async () => {
    const r = await cli(['check-zone', '-', '--json'], ZONE);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { findings: { file?: string; line?: number }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.map((f) => f.file)).toEqual(report.findings.map(() => '<stdin>'));
  });

  it('a syntax error on standard input names <stdin> and its line, exit 2', async () => {
    const r = await cli(['check-zone', '-'], ZONE.replace('SRV 0 0 1688 kms1', 'SRV zero 0 1688 kms1'));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('<stdin>:7');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('$INCLUDE has no directory to be relative to on standard input: refused, exit 2', async () => {
    const r = await cli(['check-zone', '-'], `${ZONE}$INCLUDE other.zone\n`);
    expect(r.code).toBe(2);
    expect(r.err).toContain('<stdin>');
    expect(r.err).toContain('$INCLUDE');
  });

  it('empty standard input is no zone: exit 2', async () => {
    const r = await cli(['check-zone', '-'], '');
    expect(r.code).toBe(2);
    expect(r.err).toContain('<stdin>: no records in the file');
  });
});

describe('publish --plan - and simulate --plan -', () => {
  it('publish reads the plan from standard input (a dry run against a closed port fails the zone, exit 3)', async () => {
    const plan = JSON.stringify({ hosts: [{ name: 'kms1.example.test', ipv4: ['192.0.2.11'] }] });
    const r = await cli(['publish', '--plan', '-', '--server', '127.0.0.1:1', '--dry-run', '--timeout', '500'], plan);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^zone example\.test\. at 127\.0\.0\.1:1 \(unsigned\): failed\n$/);
  });

  it('publish names an invalid plan on standard input <stdin>, exit 2', async () => {
    const r = await cli(['publish', '--plan', '-', '--server', '127.0.0.1:1', '--dry-run'], '{"hosts": []');
    expect(r.code).toBe(2);
    expect(r.err).toContain('<stdin>');
  });

  it('simulate reads the plan from standard input, as from the file', async () => {
    const args = ['simulate', '--clients', '200', '--days', '3', '--seed', '1', '--domain', 'example.test'];
    const fromFile = await cli([...args, '--plan', PLAN]);
    const piped = await cli([...args, '--plan', '-'], readFileSync(PLAN, 'utf8'));
    expect(fromFile.code).toBe(0);
    expect(piped.code).toBe(0);
    expect(piped.out).toBe(fromFile.out);
    expect(piped.out).toContain('kms1.example.test');
  });
});

describe('"-" on the remaining file arguments', () => {
  const KEY = 'key "kms-update" {\n\talgorithm hmac-sha256;\n\tsecret "c2VjcmV0LWZvci10ZXN0cy1vbmx5LTAxMjM0NTY3ODk=";\n};\n';

  it('generate named-conf --key - reads the TSIG key from standard input, as from a file', async () => {
    const r = await cli(['generate', 'named-conf', '--plan', PLAN, '--key', '-'], KEY);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('c2VjcmV0LWZvci10ZXN0cy1vbmx5LTAxMjM0NTY3ODk=');
  });

  it('a bad key on standard input is named <stdin>, exit 2', async () => {
    const r = await cli(['generate', 'named-conf', '--plan', PLAN, '--key', '-'], 'key {');
    expect(r.code).toBe(2);
    expect(r.err).toContain('<stdin>');
  });

  it.each([
    [['generate', 'named-conf', '--plan', '-', '--key', '-']],
    [['publish', '--plan', '-', '--key', '-', '--server', '127.0.0.1:1']],
  ])('%j: two arguments cannot both read standard input, exit 2 before reading', async (args) => {
    const r = await cli(args, KEY);
    expect(r.code).toBe(2);
    expect(r.err).toBe('kms-srv: --plan and --key both say "-", but standard input can be read only once\n');
  });

  it('discover --state - is refused: the state file is rewritten', async () => {
    const r = await cli(['discover', '--domain', 'example.test', '--server', '127.0.0.1:1', '--state', '-']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^kms-srv: --state .*cannot be rewritten/);
  });

  it('doctor --client-reg - reads the export from standard input (UTF-16LE too)', async () => {
    const reg = readFileSync(path.join(import.meta.dirname, '../fixtures/doctor/client-manual-host.reg'));
    const io = memoryIo();
    io.stdin = Readable.from([reg]);
    // The manual host means no DNS discovery is needed for the client's view; the server is a closed port.
    const code = await run(['doctor', 'example.test', '--server', '127.0.0.1:1', '--timeout', '200', '--attempts', '1', '--no-probe', '--client-reg', '-', '--json'], io);
    const report = JSON.parse(io.out()) as { facts: { client?: { manualHost?: string | null } } };
    expect([0, 1, 3]).toContain(code);
    expect(JSON.stringify(report.facts.client)).toContain('kms9.example.test');
    const utf16 = memoryIo();
    utf16.stdin = Readable.from([Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(reg.toString('utf8').replace(/^\uFEFF/, ''), 'utf16le')])]);
    await run(['doctor', 'example.test', '--server', '127.0.0.1:1', '--timeout', '200', '--attempts', '1', '--no-probe', '--client-reg', '-', '--json'], utf16);
    expect((JSON.parse(utf16.out()) as typeof report).facts.client).toEqual(report.facts.client);
  });
});

describe('serve -', () => {
  it('serves the zone read from standard input', async () => {
    const { spawn } = await import('node:child_process');
    const { createInterface } = await import('node:readline');
    const root = path.join(import.meta.dirname, '../..');
    const child = spawn(process.execPath, ['dist/cli/bin.js', 'serve', '-', '--json'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
    child.stdin.end(ZONE);
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (lines.length === 1) child.kill('SIGTERM');
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ ready: { origin: 'piped.test.', records: 5, host: '127.0.0.1' } });
    expect(JSON.parse(lines[1]!)).toEqual({ stopped: { signal: 'SIGTERM', queries: 0 } });
  });
});
