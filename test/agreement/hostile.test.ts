// Hostile and broken servers, one rule at a time, over real sockets: a recursive BIND whose target
// zone is forwarded to a silent server (doctor once said "all clear" there), thirty silent targets
// (discover once looked them up one after another), and CNAME chains that loop or run long across
// several replies (the resolver's own loop and hop-limit checks, which a server cannot hide).
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/checks/report.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { Resolver } from '../../src/dns/resolver.js';
import { startResponder, type Fault, type RunningResponder } from '../../src/dns/responder.js';
import { parseZoneText } from '../../src/zonefile/parse.js';
import { bindMissing, startBind, type BindServer } from '../helpers/bind.js';

function zoneText(apex: string, body = ''): string {
  return `$ORIGIN ${apex}.\n$TTL 300\n@ IN SOA ns1 hostmaster 2026010101 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 127.0.0.1\n${body}\n`;
}

async function cli(args: string[], stdin?: string) {
  const io = memoryIo();
  if (stdin !== undefined) io.stdin = Readable.from([stdin]);
  const started = performance.now();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err(), ms: performance.now() - started };
}

describe.skipIf(bindMissing())('a recursive BIND whose target zone is forwarded to a silent server', () => {
  let silent: RunningResponder;
  let bind: BindServer;
  beforeAll(async () => {
    silent = await startResponder({ zones: parseZoneText(zoneText('far.test'), { file: 'far.zone' }), faults: () => ({ kind: 'drop' }) });
    bind = await startBind({
      recursion: true,
      zones: [{ name: 'near.test', text: zoneText('near.test', '_vlmcs._tcp IN SRV 0 0 1688 kms1.far.test.\n_vlmcs._tcp IN SRV 0 0 1688 kms2.far.test.') }],
      extra: `zone "far.test" { type forward; forward only; forwarders { 127.0.0.1 port ${silent.port}; }; };`,
    });
  }, 60_000);
  afterAll(async () => {
    await bind?.stop();
    await silent?.stop();
  });

  it('doctor, discover and audit all say no host can be reached (0xC004F074), and doctor says why', async () => {
    const dns = ['--server', bind.address, '--timeout', '1500', '--attempts', '1'];
    const [doctor, discover, audit] = await Promise.all([
      cli(['doctor', 'near.test', '--authoritative', bind.address, '--probe', 'none', '--json', ...dns]),
      cli(['discover', '--domain', 'near.test', '--probe', 'none', '--json', ...dns]),
      cli(['audit', '-', '--json', ...dns], 'near.test\n'),
    ]);
    const report = JSON.parse(doctor.out) as CheckReport;
    expect(report.clientErrorCode).toBe('0xC004F074');
    expect(doctor.code).toBe(1);
    expect(report.findings.filter((f) => f.id === 'srv-target-lookup-failed').map((f) => f.severity)).toEqual(['error', 'error']);
    expect(report.facts.domains[0]?.records.map((r) => r.targetAddresses)).toEqual([[], []]);
    expect(JSON.parse(discover.out)).toMatchObject({ selected: null, errorCode: '0xC004F074' });
    expect(discover.code).toBe(1);
    expect(JSON.parse(audit.out)).toMatchObject({ verdict: 'timeout', rcode: 'NOERROR', errorCode: '0xC004F074' });
    expect(audit.code).toBe(1);
    // The text says it too, never "no error".
    const text = await cli(['doctor', 'near.test', '--authoritative', bind.address, '--probe', 'none', ...dns]);
    expect(text.out).toContain('A Windows client would show: 0xC004F074');
    expect(text.out).not.toContain('no error');
  }, 60_000);
});

describe('thirty targets whose address lookups go unanswered', () => {
  const TIMEOUT_MS = 400;
  const targets = Array.from({ length: 30 }, (_, i) => `kms${i}.far.lab.`);
  let responder: RunningResponder;
  beforeAll(async () => {
    responder = await startResponder({
      zones: parseZoneText(zoneText('many.test', targets.map((t) => `_vlmcs._tcp IN SRV 0 0 1688 ${t}`).join('\n')), { file: 'many.zone' }),
      faults: (q) => (q.type === 'A' || q.type === 'AAAA' ? { kind: 'drop' } : undefined),
    });
  });
  afterAll(async () => {
    await responder.stop();
  });

  it.each(['discover', 'doctor'])('%s looks them up in parallel: far less than one timeout per target', async (command) => {
    const args =
      command === 'discover'
        ? ['discover', '--domain', 'many.test', '--probe', 'none', '--json']
        : ['doctor', 'many.test', '--authoritative', responder.address, '--probe', 'none', '--json'];
    const before = responder.received();
    const r = await cli([...args, '--server', responder.address, '--timeout', String(TIMEOUT_MS), '--attempts', '1']);
    // One after another, the lookups alone would take at least 30 × timeout (12 s). In parallel, bounded
    // at 16 targets, they take about two timeouts; half the sequential floor leaves room for a busy machine.
    expect(r.ms).toBeLessThan((targets.length * TIMEOUT_MS) / 2);
    const json = JSON.parse(r.out) as { errorCode?: string; clientErrorCode?: string };
    expect(json.errorCode ?? json.clientErrorCode).toBe('0xC004F074');
    // Each target asked once for A and once for AAAA, not more.
    const asked = responder.queries.slice(-(responder.received() - before)).filter((q) => q.type === 'A' || q.type === 'AAAA');
    expect(asked).toHaveLength(targets.length * 2);
  }, 60_000);
});

describe('CNAME chains across replies: the resolver detects loops and long chains itself', () => {
  let responder: RunningResponder;
  /** name → the one CNAME its reply carries (each reply one hop, so only the resolver sees the chain). */
  const hops = new Map<string, string>();
  const chain = (prefix: string, length: number, end: string) => {
    for (let i = 0; i < length; i++) hops.set(`${prefix}${i}.chain.test.`, i + 1 < length ? `${prefix}${i + 1}.chain.test.` : end);
  };
  chain('loop', 3, 'LOOP0.chain.test.'); // back to the start, in other letter case
  chain('eight', 8, 'host.chain.test.');
  chain('nine', 9, 'host.chain.test.');
  beforeAll(async () => {
    responder = await startResponder({
      zones: parseZoneText(zoneText('chain.test', 'host IN A 192.0.2.1'), { file: 'chain.zone' }),
      faults: (q): Fault | undefined => {
        const next = hops.get(q.name.toLowerCase().replace(/\.?$/, '.'));
        return next ? { kind: 'extra', rcode: 'NOERROR', answers: [{ name: q.name, type: 'CNAME', class: 'IN', ttl: 300, data: next }] } : undefined;
      },
    });
  });
  afterAll(async () => {
    await responder.stop();
  });
  const resolver = () => new Resolver({ servers: [{ host: responder.host, port: responder.port }], timeoutMs: 3000, attempts: 1 });

  it('a loop across three replies, closed in another letter case, is DNS_CNAME_LOOP before the hop limit', async () => {
    const error = await resolver().query('loop0.chain.test', 'A').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DNS_CNAME_LOOP' });
    // Three hops, not the hop limit's nine: the loop itself was recognised, the moment the chain came
    // back to its start in other letter case (RFC 4343), so the chain ends there.
    expect((error as Error).message).toContain('(loop0.chain.test. -> loop1.chain.test. -> loop2.chain.test. -> LOOP0.chain.test.)');
  });

  it('eight aliases are followed to the address; nine pass the hop limit', async () => {
    const result = await resolver().query('eight0.chain.test', 'A');
    expect(result.cnameChain).toHaveLength(8);
    expect(result.answers.filter((r) => r.type === 'A').map((r) => r.data)).toEqual(['192.0.2.1']);
    await expect(resolver().query('nine0.chain.test', 'A')).rejects.toMatchObject({ code: 'DNS_CNAME_LOOP' });
  });

  it('every command calls a looping SRV name a server failure (0x8007232A)', async () => {
    hops.set('_vlmcs._tcp.chain.test.', 'loop0.chain.test.');
    const dns = ['--server', responder.address, '--timeout', '3000', '--attempts', '1'];
    const discover = await cli(['discover', '--domain', 'chain.test', '--probe', 'none', '--json', ...dns]);
    const doctor = await cli(['doctor', 'chain.test', '--authoritative', responder.address, '--probe', 'none', '--json', ...dns]);
    const audit = await cli(['audit', '-', '--json', ...dns], 'chain.test\n');
    expect(JSON.parse(discover.out).errorCode).toBe('0x8007232A');
    const report = JSON.parse(doctor.out) as CheckReport;
    expect(report.clientErrorCode).toBe('0x8007232A');
    expect(report.findings.map((f) => f.id)).toContain('cname-loop');
    expect(JSON.parse(audit.out)).toMatchObject({ verdict: 'servfail', rcode: 'CNAME-LOOP', errorCode: '0x8007232A' });
  });
});

describe('records a server sends beside the answer are reported, never used', () => {
  const apex = 'defect.test.';
  const srvRecord = (owner: string, target: string) => ({ name: owner, type: 'SRV' as const, class: 'IN' as const, ttl: 300, data: { priority: 0, weight: 0, port: 1688, target } });
  let poison: RunningResponder;
  let nxdomain: RunningResponder;
  beforeAll(async () => {
    const zone = () => parseZoneText(zoneText('defect.test', '_vlmcs._tcp IN SRV 0 0 1688 kms1\nkms1 IN A 192.0.2.1'), { file: 'defect.zone' });
    const isSrv = (q: { name: string; type: string }) => q.type === 'SRV' && q.name.toLowerCase().replace(/\.?$/, '.') === `_vlmcs._tcp.${apex}`;
    poison = await startResponder({ zones: zone(), faults: (q) => (isSrv(q) ? { kind: 'extra', answers: [srvRecord('_vlmcs._tcp.victim.lab.', 'evil.victim.lab.')] } : undefined) });
    nxdomain = await startResponder({ zones: zone(), faults: (q) => (isSrv(q) ? { kind: 'extra', rcode: 'NXDOMAIN' } : undefined) });
  });
  afterAll(async () => {
    await poison.stop();
    await nxdomain.stop();
  });

  it.each([
    ['a foreign owner in the answer', () => poison, '_vlmcs._tcp.victim.lab.', 'owned by _vlmcs._tcp.victim.lab.'],
    ['an SRV answer beside NXDOMAIN', () => nxdomain, `_vlmcs._tcp.${apex}`, 'NXDOMAIN'],
  ])('%s: lookup, discover and doctor name what they ignored', async (_what, server, owner, why) => {
    const address = server().address;
    const dns = ['--server', address, '--timeout', '3000', '--attempts', '1'];
    const lookup = await cli(['lookup', `_vlmcs._tcp.${apex}`, ...dns]);
    expect(lookup.out).toContain(';; IGNORED (sent by the server, not part of the answer):');
    expect(lookup.out).toContain(`answer ${owner} SRV: `);
    const lookupJson = await cli(['lookup', `_vlmcs._tcp.${apex}`, '--json', ...dns]);
    expect(JSON.parse(lookupJson.out).ignored).toEqual([expect.objectContaining({ section: 'answer', name: owner, type: 'SRV', reason: expect.stringContaining(why) })]);
    const discover = await cli(['discover', '--domain', 'defect.test', '--probe', 'none', ...dns]);
    expect(discover.out).toContain(`ignored answer record ${owner} SRV`);
    const doctor = await cli(['doctor', 'defect.test', '--authoritative', address, '--probe', 'none', '--json', ...dns]);
    const finding = (JSON.parse(doctor.out) as CheckReport).findings.find((f) => f.id === 'dns-answer-ignored');
    expect(finding?.message).toContain(`answer ${owner} SRV (`);
    expect(finding?.severity).toBe('warning');
  });
});
