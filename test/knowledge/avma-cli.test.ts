import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { AVMA_MATRIX, AVMA_RELEASES, AVMA_VERSIONS, avmaKey, checkAvma, displayVersion } from '../../src/knowledge/avma.js';

async function avma(...args: string[]) {
  const io = memoryIo();
  const code = await run(['avma', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('kms-srv avma', () => {
  it('key prints the key for a version and edition, aliases included', async () => {
    const r = await avma('key', '--version', '1903', '--edition', 'standard');
    expect(r.code).toBe(0);
    expect(r.out).toContain(avmaKey('1903', 'standard'));
    const json = JSON.parse((await avma('key', '--version', '2012 R2', '--edition', 'Datacenter', '--json')).out) as Record<string, string>;
    expect(json).toEqual({ version: '2012 R2', edition: 'Datacenter', key: avmaKey('2012r2', 'datacenter') });
    const azure = JSON.parse((await avma('key', '--version', '2025', '--edition', 'azure', '--json')).out) as Record<string, string>;
    expect(azure.key).toBe(avmaKey('2025', 'azure'));
  });

  it.each([
    [['key', '--version', '2022', '--edition', 'essentials'], /no AVMA key for Essentials/],
    [['key', '--version', '2008', '--edition', 'standard'], /unknown Windows Server version "2008"/],
    [['key', '--edition', 'standard'], /needs --version/],
    [['check', '--host', '2022'], /needs --host VERSION and --guest VERSION/],
    [['event', '12311'], /12309 \(guest\) and 12310 \(host\)/],
    [['event', '12310', '--notification', 'Invalid Host'], /12309 only/],
    [['event', '12309', '--notification', 'Sometimes'], /unknown 12309 notification/],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const r = await avma(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('matrix prints the host → guest table and its JSON', async () => {
    const r = await avma('matrix');
    expect(r.code).toBe(0);
    for (const host of AVMA_RELEASES) {
      const row = r.out.split('\n').find((l) => l.startsWith(displayVersion(host).padEnd(14)))!;
      expect(row.match(/yes/g)?.length ?? 0).toBe(AVMA_MATRIX[host].length);
    }
    const json = JSON.parse((await avma('matrix', '--json')).out) as { hosts: Array<{ host: string; guests: string[] }>; keys: unknown[] };
    expect(json.hosts).toHaveLength(AVMA_RELEASES.length);
    expect(json.keys).toHaveLength(AVMA_VERSIONS.length);
  });

  it.each(AVMA_VERSIONS.flatMap((h) => AVMA_VERSIONS.map((g) => [h, g] as const)))('check --host %s --guest %s answers as the data module, exit 0 or 1', async (host, guest) => {
    const r = await avma('check', '--host', host, '--guest', guest, '--guest-edition', 'standard', '--json');
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['key', 'reason', 'steps', 'supported']);
    expect(json).toEqual(checkAvma(host, guest, 'standard'));
    expect(r.code).toBe(json.supported ? 0 : 1);
  });

  it('check prints verdict, key and numbered steps', async () => {
    const r = await avma('check', '--host', '2022', '--guest', '2019', '--guest-edition', 'datacenter');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Supported: /);
    expect(r.out).toContain(`AVMA key: ${avmaKey('2019', 'datacenter')}`);
    expect(r.out).toMatch(/^ {2}1\. /m);
    const no = await avma('check', '--host', '2019', '--guest', '2022');
    expect(no.code).toBe(1);
    expect(no.out).toMatch(/^Not supported: /);
  });

  it('event 12309 lists the notifications; --notification picks one; 12310 explains the host log', async () => {
    const all = await avma('event', '12309');
    for (const n of ['AVMA Success', 'Invalid Host', 'Invalid Data', 'Activation Denied']) expect(all.out).toContain(`${n}: `);
    const one = JSON.parse((await avma('event', '12309', '--notification', 'activation denied', '--json')).out) as { notifications: Array<{ name: string }> };
    expect(one.notifications.map((n) => n.name)).toEqual(['Activation Denied']);
    const host = JSON.parse((await avma('event', '12310', '--json')).out) as { id: number; where: string };
    expect(host).toMatchObject({ id: 12310, where: 'host' });
  });
});
