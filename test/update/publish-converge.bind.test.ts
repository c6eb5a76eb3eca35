// publish against a real BIND: it converges the names the plan owns, leaves every other record alone,
// refuses a CNAME in the way, reads back what it changed, loses nothing to a concurrent nsupdate, and
// reports every zone in one document whatever happens to the others (issue 10, items 9–11).
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { Resolver } from '../../src/dns/resolver.js';
import { parsePlan } from '../../src/plan/load.js';
import { exchangeTcp, type Exchange } from '../../src/update/exchange.js';
import { runUpdate, type ZoneOutcome } from '../../src/update/publish.js';
import { parseTsigKeys } from '../../src/update/tsig-key.js';
import { bindMissing, runTool, startBind, type BindServer } from '../helpers/bind.js';

const KEY = 'kms-converge';

/** A zone whose names the plans below partly own; `www`, `kms-old`, TXT and `_vlmcs._udp` are never ours. */
const zoneText = (zone: string): string => `$ORIGIN ${zone}.
$TTL 3600
@           IN SOA ns1 hostmaster ( 1 3600 900 1209600 300 )
            IN NS  ns1
ns1         IN A   127.0.0.1
_vlmcs._tcp IN SRV 0 0 1688 kms-old
_vlmcs._udp IN SRV 0 0 1688 kms-old
kms-old     IN A   192.0.2.50
kms-a       IN A   192.0.2.99
kms-a       IN TXT "not ours"
kms-c       IN CNAME kms-old
www         IN A   192.0.2.80
`;

const ZONES = ['conv.test', 'race.test', 'cname.test', 'mixed.test'];

interface Host {
  name: string;
  ipv4?: string[];
  ipv6?: string[];
  publish?: Array<{ domain: string; priority?: number }>;
}
const planOf = (...hosts: Host[]) => ({ ttl: 3600, tsigKey: { name: KEY }, hosts });
const host = (label: string, zone: string, priority: number, ipv4: string[], ipv6: string[] = []): Host => ({
  name: `${label}.${zone}`,
  ipv4,
  ipv6,
  publish: [{ domain: zone, priority }],
});

describe.skipIf(bindMissing() || bindMissing('tsig-keygen') || bindMissing('nsupdate'))('publish converges against BIND', () => {
  let bind: BindServer;
  let dir: string;
  let keyFile: string;

  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const io = memoryIo();
    const code = await run(args, io);
    return { code, out: io.out(), err: io.err() };
  };
  const writePlan = async (name: string, plan: object): Promise<string> => {
    const file = path.join(dir, `${name}.json`);
    await fs.writeFile(file, JSON.stringify(plan));
    return file;
  };
  const publish = (plan: string, ...extra: string[]) => cli('publish', '--plan', plan, '--server', bind.address, '--key', keyFile, ...extra);
  const dig = (name: string, type: string): string[] =>
    runTool('dig', ['+short', '+tcp', '-p', String(bind.port), '@127.0.0.1', name, type]).stdout.trim().split('\n').filter(Boolean).sort();
  const serial = (zone: string): string => dig(zone, 'SOA')[0]?.split(' ')[2] ?? 'none';
  const nsupdate = (zone: string, ...updates: string[]): void => {
    const script = [`server 127.0.0.1 ${bind.port}`, `zone ${zone}`, ...updates.map((u) => `update ${u}`), 'send', ''].join('\n');
    const r = runTool('nsupdate', ['-k', keyFile], script);
    expect(r.status, r.stderr).toBe(0);
  };
  /**
   * Calls the library as the CLI does, but runs `between` after the reads, right before the UPDATE
   * goes out, and sends the UPDATE through `send` (BIND by default).
   */
  const racedUpdate = async (plan: object, between: () => void, send: Exchange = exchangeTcp): Promise<ZoneOutcome[]> => {
    const key = parseTsigKeys(await fs.readFile(keyFile, 'utf8'))[0]!;
    const server = { host: bind.host, port: bind.port };
    const resolver = new Resolver({ servers: [server], timeoutMs: 5000, attempts: 1, tcp: true });
    let sends = 0;
    const exchange: Exchange = (message, to, options) => {
      sends += 1;
      between();
      return send(message, to, options);
    };
    const outcomes = await runUpdate(
      parsePlan(JSON.stringify(plan), 'raced.json'),
      { mode: 'publish', server, key, dryRun: false, timeoutMs: 5000 },
      { exchange, lookup: (n, t, o) => resolver.query(n, t, o), now: () => Date.now(), nextId: () => Math.floor(Math.random() * 0x10000) },
    );
    expect(sends).toBe(1);
    return outcomes;
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-converge-'));
    const r = runTool('tsig-keygen', ['-a', 'hmac-sha256', KEY]);
    expect(r.status, r.stderr).toBe(0);
    keyFile = path.join(dir, 'key');
    await fs.writeFile(keyFile, r.stdout);
    bind = await startBind({
      extra: r.stdout,
      // A broad policy, so that only publish's own rules keep it off the records that are not its own.
      zones: ZONES.map((name) => ({ name, text: zoneText(name), clause: `  update-policy { grant ${KEY} zonesub ANY; };` })),
    });
  });
  afterAll(async () => {
    await bind?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('converges exactly on the owned RRsets, says "no change" after, keeps extras with --no-delete, never touches the rest', async () => {
    const zone = 'conv.test';
    const untouched = (): string[][] => [dig(`kms-a.${zone}`, 'TXT'), dig(`www.${zone}`, 'A'), dig(`kms-old.${zone}`, 'A'), dig(`_vlmcs._udp.${zone}`, 'SRV')];
    const before = untouched();
    const first = await writePlan('conv1', planOf(host('kms-a', zone, 0, ['192.0.2.1']), host('kms-b', zone, 10, ['192.0.2.2'], ['2001:db8::2'])));

    const dry = await publish(first, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out.split('\n')).toEqual([
      `zone ${zone}. at ${bind.address} (TSIG key ${KEY}, hmac-sha256)`,
      `- _vlmcs._tcp.${zone}. 3600 IN SRV 0 0 1688 kms-old.${zone}.`,
      `- kms-a.${zone}. 3600 IN A 192.0.2.99`,
      `+ _vlmcs._tcp.${zone}. 3600 IN SRV 0 0 1688 kms-a.${zone}.`,
      `+ _vlmcs._tcp.${zone}. 3600 IN SRV 10 0 1688 kms-b.${zone}.`,
      `+ kms-a.${zone}. 3600 IN A 192.0.2.1`,
      `+ kms-b.${zone}. 3600 IN A 192.0.2.2`,
      `+ kms-b.${zone}. 3600 IN AAAA 2001:db8::2`,
      'dry run: 7 changes not sent',
      '',
    ]);
    expect(serial(zone)).toBe('1');

    const applied = await publish(first);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('applied: 7 changes, NOERROR, reply signature verified, read back');
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([`0 0 1688 kms-a.${zone}.`, `10 0 1688 kms-b.${zone}.`]);
    expect(dig(`kms-a.${zone}`, 'A')).toEqual(['192.0.2.1']);
    expect(dig(`kms-b.${zone}`, 'AAAA')).toEqual(['2001:db8::2']);

    // The case: kms-b moves from priority 10 to 20 and loses its IPv6 address.
    const second = await writePlan('conv2', planOf(host('kms-a', zone, 0, ['192.0.2.1']), host('kms-b', zone, 20, ['192.0.2.2'])));
    const moved = await publish(second);
    expect(moved.code).toBe(0);
    expect(moved.out).toContain(`- _vlmcs._tcp.${zone}. 3600 IN SRV 10 0 1688 kms-b.${zone}.\n- kms-b.${zone}. 3600 IN AAAA 2001:db8::2\n+ _vlmcs._tcp.${zone}. 3600 IN SRV 20 0 1688 kms-b.${zone}.\n`);
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([`0 0 1688 kms-a.${zone}.`, `20 0 1688 kms-b.${zone}.`]);
    expect(dig(`kms-b.${zone}`, 'AAAA')).toEqual([]);
    // Our own resolver, over TCP, sees exactly the plan too.
    const resolver = new Resolver({ servers: [{ host: bind.host, port: bind.port }], timeoutMs: 5000, attempts: 1, tcp: true });
    const srv = (await resolver.query(`_vlmcs._tcp.${zone}`, 'SRV')).answers.map((r) => r.data as { priority: number; target: string });
    expect(srv.map((d) => `${d.priority} ${d.target}`).sort()).toEqual([`0 kms-a.${zone}.`, `20 kms-b.${zone}.`]);

    const serialAfter = serial(zone);
    const again = await publish(second);
    expect(again.out).toBe(`zone ${zone}. at ${bind.address} (TSIG key ${KEY}, hmac-sha256): no change\n`);
    expect(serial(zone)).toBe(serialAfter);

    nsupdate(zone, `add _vlmcs._tcp.${zone}. 3600 SRV 5 0 1688 kms-x.${zone}.`, `add kms-a.${zone}. 3600 A 192.0.2.98`);
    const kept = await publish(second, '--no-delete', '--json');
    expect(kept.code).toBe(0);
    expect((JSON.parse(kept.out) as { noDelete: boolean; zones: Array<{ result: string }> })).toMatchObject({ noDelete: true, zones: [{ result: 'no-change' }] });
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toContain(`5 0 1688 kms-x.${zone}.`);
    expect(dig(`kms-a.${zone}`, 'A')).toEqual(['192.0.2.1', '192.0.2.98']);
    const pruned = await publish(second);
    expect(pruned.out).toContain(`- _vlmcs._tcp.${zone}. 3600 IN SRV 5 0 1688 kms-x.${zone}.\n- kms-a.${zone}. 3600 IN A 192.0.2.98\napplied: 2 changes`);
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([`0 0 1688 kms-a.${zone}.`, `20 0 1688 kms-b.${zone}.`]);
    expect(dig(`kms-a.${zone}`, 'A')).toEqual(['192.0.2.1']);

    // unpublish removes only the plan's records; everything else is as the zone file had it.
    const gone = await cli('unpublish', '--plan', second, '--server', bind.address, '--key', keyFile);
    expect(gone.code).toBe(0);
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([]);
    expect(dig(`kms-a.${zone}`, 'A')).toEqual([]);
    expect(untouched()).toEqual(before);
    expect(before).toEqual([['"not ours"'], ['192.0.2.80'], ['192.0.2.50'], [`0 0 1688 kms-old.${zone}.`]]);
  });

  it('an nsupdate between our read and our UPDATE makes the server refuse it (NXRRSET, YXRRSET): nothing lost, a re-run converges', async () => {
    const zone = 'race.test';
    const plan = planOf(host('kms-a', zone, 0, ['192.0.2.1']));
    const [nx] = await racedUpdate(plan, () => nsupdate(zone, `add _vlmcs._tcp.${zone}. 3600 SRV 7 0 1688 kms-z.${zone}.`));
    expect(nx).toMatchObject({ zone: `${zone}.`, result: 'failed', rcode: 'NXRRSET', error: { code: 'UPDATE_PREREQUISITE' } });
    expect(nx?.error?.message).toMatch(/records changed between reading and updating, so nothing was applied; run the command again/);
    // The concurrent record is there, the old one too, and none of ours: the update was not applied at all.
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([`0 0 1688 kms-old.${zone}.`, `7 0 1688 kms-z.${zone}.`]);
    expect(dig(`kms-a.${zone}`, 'A')).toEqual(['192.0.2.99']);
    const file = await writePlan('race1', plan);
    const rerun = await publish(file);
    expect(rerun.code).toBe(0);
    expect(rerun.out).toContain(`- _vlmcs._tcp.${zone}. 3600 IN SRV 7 0 1688 kms-z.${zone}.`);
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([`0 0 1688 kms-a.${zone}.`]);

    // A new host: its A RRset was read absent, then someone creates it first.
    const grown = planOf(host('kms-a', zone, 0, ['192.0.2.1']), host('kms-n', zone, 5, ['192.0.2.5']));
    const [yx] = await racedUpdate(grown, () => nsupdate(zone, `add kms-n.${zone}. 3600 A 192.0.2.123`));
    expect(yx).toMatchObject({ result: 'failed', rcode: 'YXRRSET', error: { code: 'UPDATE_PREREQUISITE' } });
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([`0 0 1688 kms-a.${zone}.`]);
    expect(dig(`kms-n.${zone}`, 'A')).toEqual(['192.0.2.123']);
    const converged = await publish(await writePlan('race2', grown));
    expect(converged.code).toBe(0);
    expect(dig(`kms-n.${zone}`, 'A')).toEqual(['192.0.2.5']);
    expect(dig(`_vlmcs._tcp.${zone}`, 'SRV')).toEqual([`0 0 1688 kms-a.${zone}.`, `5 0 1688 kms-n.${zone}.`]);
    expect((await publish(await writePlan('race2', grown))).out).toMatch(/: no change\n$/);
  });

  it('a plan host that is a CNAME at the server is refused before sending, every run, with or without --zone', async () => {
    const zone = 'cname.test';
    const file = await writePlan('cname', planOf(host('kms-a', zone, 0, ['192.0.2.1']), host('kms-c', zone, 5, ['192.0.2.3'])));
    for (const extra of [[], ['--zone', zone], []]) {
      const r = await publish(file, ...extra);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/\nfailed: \d+ changes not sent\n$/);
      expect(r.err).toBe(
        `kms-srv: zone ${zone}.: not sent: kms-c.${zone}. is a CNAME to kms-old.${zone}. at the server and no other record may sit beside a CNAME (RFC 1034 §3.6.2, RFC 2181 §10.1), so the server would ignore kms-c.${zone}. 3600 IN A 192.0.2.3; remove the CNAME or change the plan's host name\n`,
      );
      expect(serial(zone)).toBe('1');
    }
    const json = JSON.parse((await publish(file, '--json')).out) as { zones: ZoneOutcome[]; failed: string[] };
    expect(json.failed).toEqual([`${zone}.`]);
    expect(json.zones[0]).toMatchObject({ result: 'failed', rcode: null, error: { code: 'UPDATE_CNAME_CONFLICT' } });
  });

  it('a CNAME created between the read and the UPDATE: BIND says NOERROR but ignores the A record, and the read-back says so', async () => {
    const zone = 'cname.test';
    const plan = planOf(host('kms-n', zone, 5, ['192.0.2.5']));
    const [outcome] = await racedUpdate(plan, () => nsupdate(zone, `add kms-n.${zone}. 3600 CNAME kms-old.${zone}.`));
    expect(outcome).toMatchObject({ result: 'failed', rcode: 'NOERROR', verified: true, error: { code: 'UPDATE_NOT_APPLIED' } });
    expect(outcome?.error?.message).toBe(
      `the server answered NOERROR, but reading back over TCP: kms-n.${zone}. 3600 IN A 192.0.2.5 is not there (kms-n.${zone}. is a CNAME to kms-old.${zone}. at the server and no other record may sit beside a CNAME (RFC 1034 §3.6.2, RFC 2181 §10.1))`,
    );
    expect(dig(`kms-n.${zone}`, 'CNAME')).toEqual([`kms-old.${zone}.`]);
  });

  it('an UPDATE that gets no reply fails its zone and says it may or may not have been applied', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      held.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const toSilent: Exchange = (message, _to, options) => exchangeTcp(message, { host: '127.0.0.1', port }, { ...options, timeoutMs: 200 });
      const [outcome] = await racedUpdate(planOf(host('kms-s', 'mixed.test', 3, ['192.0.2.9'])), () => undefined, toSilent);
      expect(outcome).toMatchObject({ result: 'failed', sent: true, rcode: null, error: { code: 'DNS_TIMEOUT' } });
      expect(outcome?.error?.message).toBe(
        `sending the update: 127.0.0.1:${port} over TCP: no reply over TCP within 200 ms; it may or may not have been applied: run the command again (or with --dry-run) to see`,
      );
      expect(dig('kms-s.mixed.test', 'A')).toEqual([]);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('every zone gets a result in one JSON document: a zone the server refuses to answer for does not stop the next (exit 1)', async () => {
    // BIND does not serve a-absent.test (REFUSED); it sorts first, so mixed.test comes after the failure.
    const file = await writePlan('mixed', planOf(host('kms-m', 'a-absent.test', 0, ['192.0.2.7']), host('kms-a', 'mixed.test', 0, ['192.0.2.1'])));
    const r = await publish(file, '--json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const json = JSON.parse(r.out) as { command: string; server: string; key: string; dryRun: boolean; failed: string[]; zones: Array<ZoneOutcome & { changes: unknown[] }> };
    expect(json).toMatchObject({ command: 'publish', server: bind.address, key: KEY, dryRun: false, failed: ['a-absent.test.'] });
    expect(json.zones.map((z) => [z.zone, z.result, z.error?.code ?? null])).toEqual([
      ['a-absent.test.', 'failed', 'DNS_REFUSED'],
      ['mixed.test.', 'applied', null],
    ]);
    expect(json.zones[0]?.error?.message).toBe('reading _vlmcs._tcp.a-absent.test. SRV before the update: the server answered REFUSED');
    expect(dig('_vlmcs._tcp.mixed.test', 'SRV')).toEqual(['0 0 1688 kms-a.mixed.test.']);
  });
});
