import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';
import type { SimulationReport } from '../../src/sim/types.js';

let dir: string;
const RECORDS = [
  { priority: 0, weight: 3, port: 1688, target: 'kms1.example.test.' },
  { priority: 0, weight: 1, port: 1688, target: 'kms2.example.test.' },
];
const PLAN = {
  ttl: 3600,
  publishing: 'manual',
  hosts: [
    { name: 'kms1.example.test', ipv4: ['192.0.2.11'], publish: [{ domain: 'example.test', priority: 0, weight: 60 }] },
    { name: 'kms2.example.test', ipv4: ['192.0.2.12'], publish: [{ domain: 'example.test', priority: 0, weight: 40 }] },
  ],
};

async function runIo(args: string[]) {
  const io = memoryIo({}, dir);
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-sim-'));
  await fs.writeFile(path.join(dir, 'records.json'), JSON.stringify(RECORDS));
  await fs.writeFile(path.join(dir, 'plan.json'), JSON.stringify(PLAN));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('kms-srv simulate', () => {
  it('--json: the documented shape, reproducible with --seed', async () => {
    const args = ['simulate', '--records', 'records.json', '--clients', '300', '--days', '30', '--seed', '4', '--outage', 'kms1.example.test@160-200', '--json'];
    const first = await runIo(args);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as SimulationReport & { seed: string };
    expect(Object.keys(report)).toEqual(['seed', 'clients', 'days', 'profile', 'hostCache', 'timing', 'outages', 'hosts', 'totals']);
    expect(report).toMatchObject({ seed: '4', clients: 300, days: 30, profile: 'win7', hostCache: true });
    expect(report.outages).toEqual([{ target: 'kms1.example.test', fromHour: 160, toHour: 200 }]);
    expect(report.hosts.map((h) => h.expectedFirstPickShare)).toEqual([0.75, 0.25]);
    expect((await runIo(args)).out).toBe(first.out);
  });

  it('text: a row per host and the totals', async () => {
    const { code, out } = await runIo(['simulate', '--records', 'records.json', '--clients', '200', '--days', '14', '--seed', '1', '--no-host-cache']);
    expect(code).toBe(0);
    expect(out).toMatch(/^200 clients over 14 days, profile win7, host caching off, seed 1/);
    expect(out).toMatch(/target\s+priority\s+weight\s+expected\s+first act\./);
    expect(out).toMatch(/kms1\.example\.test\.\s+0\s+3\s+75\.00%/);
    expect(out).toMatch(/lost activation 0/);
  });

  it('text: the effect of each outage, with the figures of the --json report', async () => {
    const args = ['simulate', '--records', 'records.json', '--clients', '300', '--days', '30', '--seed', '4', '--outage', 'kms1.example.test@160-200'];
    const { code, out } = await runIo(args);
    expect(code).toBe(0);
    const kms1 = (JSON.parse((await runIo([...args, '--json'])).out) as SimulationReport).hosts[0]!;
    expect(kms1.failovers).toBeGreaterThan(0);
    const share = (x: number) => `${(x * 100).toFixed(2)}%`;
    expect(out).toContain('effect of the outages (with host caching, a client that failed over keeps the host that answered');
    expect(out).toContain(
      `  kms1.example.test. (down hours 160-200): ${kms1.failovers} contacts failed over to another host, ${kms1.unanswered} found no host up; ` +
        `it served ${share(kms1.renewalShare)} of renewals, ${share(kms1.expectedFirstPickShare)} expected`,
    );
    expect(out.match(/\(down hours/g)).toHaveLength(1);
    const calm = await runIo(args.slice(0, -2));
    expect(calm.out).not.toContain('effect of the outages');
  });

  it('--plan takes the records of the first publish domain', async () => {
    const { code, out } = await runIo(['simulate', '--plan', 'plan.json', '--clients', '100', '--days', '7', '--seed', '2', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as SimulationReport;
    expect(report.hosts.map((h) => [h.target, h.weight])).toEqual([
      ['kms1.example.test.', 60],
      ['kms2.example.test.', 40],
    ]);
  });

  it.each([
    { name: 'both sources', args: ['--records', 'records.json', '--plan', 'plan.json'], message: /exactly one of --records/ },
    { name: 'no source', args: [], message: /exactly one of --records/ },
    { name: 'bad outage', args: ['--records', 'records.json', '--outage', 'kms1@9-3'], message: /end hour must be after/ },
    { name: 'unknown outage target', args: ['--records', 'records.json', '--outage', 'kms9.example.test@1-2'], message: /no such target/ },
    { name: '--domain without --plan', args: ['--records', 'records.json', '--domain', 'example.test'], message: /--domain goes with --plan/ },
  ])('$name: exit 2 with one message', async ({ args, message }) => {
    const { code, err } = await runIo(['simulate', '--clients', '10', '--days', '1', ...args]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
