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
