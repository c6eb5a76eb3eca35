import { Readable } from 'node:stream';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';
import { firstPickShares } from '../../src/srv/probability.js';
import type { SrvRecord } from '../../src/srv/types.js';

const RECORDS: SrvRecord[] = [
  { priority: 0, weight: 60, port: 1688, target: 'kms1.example.test.' },
  { priority: 0, weight: 30, port: 1688, target: 'kms2.example.test.' },
  { priority: 0, weight: 0, port: 1688, target: 'kms3.example.test.' },
  { priority: 10, weight: 0, port: 1688, target: 'kms-dr.example.test.' },
];

let dir: string;
const file = (name: string) => path.join(dir, name);

async function runIo(args: string[], stdin?: string) {
  const io = memoryIo({}, dir);
  if (stdin !== undefined) io.stdin = Readable.from([stdin]);
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-order-'));
  await fs.writeFile(file('records.json'), JSON.stringify(RECORDS));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('kms-srv order', () => {
  it('prints one order per line, each a permutation of the targets with priority kept', async () => {
    const { code, out } = await runIo(['order', '--records', 'records.json', '--count', '20', '--seed', '5']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    for (const line of lines) {
      const targets = line.split(' ');
      expect([...targets].sort()).toEqual(RECORDS.map((r) => r.target).sort());
      expect(targets[3]).toBe('kms-dr.example.test.');
    }
  });

  it('--json prints an array of arrays of targets; the same seed repeats it', async () => {
    const first = await runIo(['order', '--records', 'records.json', '--count', '4', '--seed', '77', '--json']);
    const second = await runIo(['order', '--records', 'records.json', '--count', '4', '--seed', '77', '--json']);
    const orders = JSON.parse(first.out) as string[][];
    expect(orders).toHaveLength(4);
    expect(orders.every((o) => o.length === 4)).toBe(true);
    expect(second.out).toBe(first.out);
  });

  it('reads the records from standard input with "-"', async () => {
    const { code, out } = await runIo(['order', '--records', '-', '--seed', '1'], JSON.stringify(RECORDS.slice(3)));
    expect(code).toBe(0);
    expect(out).toBe('kms-dr.example.test.\n');
  });

  it('--stats over 100,000 seeded orders agrees with the exact first-pick shares', async () => {
    const { code, out } = await runIo(['order', '--records', 'records.json', '--stats', '--count', '100000', '--seed', '2024', '--json']);
    expect(code).toBe(0);
    const stats = JSON.parse(out) as { count: number; records: Array<{ expected: number; observed: number; picks: number }>; chiSquare: { agrees: boolean; df: number; statistic: number; critical: number } };
    expect(stats.count).toBe(100_000);
    expect(stats.records.map((r) => r.expected)).toEqual(firstPickShares(RECORDS, 'win7'));
    expect(stats.records.reduce((a, r) => a + r.picks, 0)).toBe(100_000);
    expect(stats.chiSquare.df).toBe(2);
    expect(stats.chiSquare.statistic).toBeLessThan(stats.chiSquare.critical);
    expect(stats.chiSquare.agrees).toBe(true);
    // Pearson's statistic from the observed picks, worked here: Σ (picks − n·p)² / (n·p) over the
    // records a client can pick first (p > 0). A sample of 100,000 never hits the shares exactly.
    const pearson = stats.records.filter((r) => r.expected > 0).reduce((sum, r) => sum + (r.picks - 100_000 * r.expected) ** 2 / (100_000 * r.expected), 0);
    expect(pearson).toBeGreaterThan(0);
    expect(stats.chiSquare.statistic).toBeCloseTo(pearson, 9);
    for (const r of stats.records) expect(r.observed).toBe(r.picks / 100_000);
  });

  it('--stats text shows expected beside observed and the verdict', async () => {
    const { out } = await runIo(['order', '--records', 'records.json', '--stats', '--seed', '3', '--profile', 'vista']);
    expect(out).toMatch(/^10000 orders, profile vista, seed 3/);
    expect(out).toMatch(/target\s+port\s+priority\s+weight\s+expected\s+observed/);
    expect(out).toMatch(/kms-dr\.example\.test\.\s+1688\s+10\s+0\s+25\.000%/);
    expect(out).toMatch(/chi-square [\d.]+ with 3 df/);
  });

  it('only a "." record: no host, exit 1', async () => {
    const { code, err } = await runIo(['order', '--records', '-'], JSON.stringify([{ priority: 0, weight: 0, port: 1, target: '.' }]));
    expect(code).toBe(1);
    expect(err).toMatch(/service is not offered/);
  });
});

describe('kms-srv order: bad records give one message and exit 2', () => {
  it.each([
    { name: 'malformed JSON', text: '[{"priority": 0,', message: /standard input: not valid JSON/ },
    { name: 'malformed JSON whose quoted start spans lines', text: 'not json\n[]\n', message: /standard input: not valid JSON/ },
    { name: 'not an array', text: '{"priority": 0}', message: /the document must be a JSON array of records/ },
    { name: 'empty array', text: '[]', message: /must hold at least one record/ },
    { name: 'port out of range', text: JSON.stringify([RECORDS[0], { ...RECORDS[1], port: 0 }]), message: /records\[1\]\.port \(JSON pointer \/1\/port\) must be between 1 and 65535/ },
    { name: 'weight too large', text: JSON.stringify([{ ...RECORDS[0], weight: 70000 }]), message: /records\[0\]\.weight .* must be between 0 and 65535/ },
    { name: 'missing field', text: JSON.stringify([{ priority: 0, weight: 0, port: 1688 }]), message: /records\[0\] \(JSON pointer \/0\) is missing "target"/ },
    { name: 'unknown field', text: JSON.stringify([{ ...RECORDS[0], wieght: 1 }]), message: /unknown field "wieght"/ },
    { name: 'not an integer', text: JSON.stringify([{ ...RECORDS[0], priority: 1.5 }]), message: /records\[0\]\.priority .* must be integer/ },
    { name: 'bad target', text: JSON.stringify([{ ...RECORDS[0], target: 'kms 1..x' }]), message: /records\[0\]\.target .* must be a host name/ },
  ])('$name', async ({ text, message }) => {
    const { code, err } = await runIo(['order', '--records', '-'], text);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('a missing file names it', async () => {
    const { code, err } = await runIo(['order', '--records', 'nope.json']);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot read .*nope\.json: no such file/);
  });

  it.each([
    ['--count', '0'],
    ['--seed', 'x'],
    ['--profile', 'xp'],
  ])('%s %s is a usage error', async (flag, value) => {
    const { code } = await runIo(['order', '--records', 'records.json', flag, value]);
    expect(code).toBe(2);
  });
});
