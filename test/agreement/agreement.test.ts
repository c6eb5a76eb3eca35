// The agreement table (scenarios.ts) run through lookup, discover, doctor and audit: for every server
// state, the four commands name the same candidate hosts and the same client error code, and say "no
// server answered" (exit 3) for exactly the same states. They are views of one gathering path; this
// is the test that they stay so.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/checks/report.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { startResponder, type RunningResponder } from '../../src/dns/responder.js';
import { parseZoneText } from '../../src/zonefile/parse.js';
import { bindMissing, freePort, startBind, type BindServer } from '../helpers/bind.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

const PARENT = 'agree.test';
const apexOf = (s: Scenario) => `${s.id}.${PARENT}`;
const domainOf = (s: Scenario) => (s.outsideZones ? `${s.id}.unserved.test` : apexOf(s));

function zoneText(apex: string, body = ''): string {
  return `$ORIGIN ${apex}.\n$TTL 300\n@ IN SOA ns1 hostmaster 2026010101 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 127.0.0.1\n${body}\n`;
}

/** "kms1:1688" → "kms1.<apex>.:1688"; an absolute "x.lab.:1688" stays; a relative "a.b:1688" gets the apex appended. */
function absolute(candidate: string, apex: string): string {
  const at = candidate.lastIndexOf(':');
  const name = candidate.slice(0, at);
  return `${(name.endsWith('.') ? name : `${name}.${apex}.`).toLowerCase()}:${candidate.slice(at + 1)}`;
}

const key = (target: string, port: number) => `${(target.endsWith('.') ? target : `${target}.`).toLowerCase()}:${port}`;
const usable = (targets: Array<{ target: string; port: number }>) => [...new Set(targets.filter((t) => t.target !== '.').map((t) => key(t.target, t.port)))].sort();

interface Seen {
  command: string;
  code: number;
  candidates: string[];
  errorCode: string | null | undefined;
  /** The outcome of the SRV question in the facts' words (NOERROR, NXDOMAIN, TIMEOUT, CNAME-LOOP …); undefined where a view does not say it. */
  rcode?: string | null;
  /** The Win32 code of a failed SRV question, where the view reports it. */
  win32?: number | null;
  text: string;
}

async function cli(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  if (stdin !== undefined) io.stdin = Readable.from([stdin]);
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function views(s: Scenario, server: string): Promise<Seen[]> {
  const domain = domainOf(s);
  const dns = ['--server', server, '--timeout', String(s.timeoutMs), '--attempts', '1'];
  const [lookup, discover, doctor, audit] = await Promise.all([
    cli(['lookup', `_vlmcs._tcp.${domain}`, 'SRV', '--json', ...dns]),
    cli(['discover', '--domain', domain, '--probe', 'none', '--json', ...dns]),
    cli(['doctor', domain, '--authoritative', server, '--probe', 'none', '--json', ...dns]),
    cli(['audit', '-', '--json', ...dns], `${domain}\n`),
  ]);
  const lookupJson = lookup.out.trim() ? (JSON.parse(lookup.out) as { answers: Array<{ type: string; data: { target: string; port: number } }> }) : undefined;
  const discoverJson = JSON.parse(discover.out) as { domains: Array<{ rcode: string | null; win32: number }>; candidates: Array<{ target: string; port: number }>; errorCode: string | null };
  const doctorJson = JSON.parse(doctor.out) as CheckReport;
  const auditJson = JSON.parse(audit.out.trim().split('\n')[0]!) as { hosts: Array<{ target: string; port: number }>; errorCode: string | null; rcode: string | null };
  const doctorDomain = doctorJson.facts.domains[0];
  return [
    {
      command: 'lookup',
      code: lookup.code,
      candidates: usable((lookupJson?.answers ?? []).filter((r) => r.type === 'SRV').map((r) => r.data)),
      // lookup answers one DNS question: it names a client code only for a DNS-level failure.
      errorCode: /activation error (0x[0-9A-F]{8})/.exec(lookup.err)?.[1],
      text: lookup.err,
    },
    {
      command: 'discover',
      code: discover.code,
      candidates: usable(discoverJson.candidates),
      errorCode: discoverJson.errorCode,
      // discover's JSON has rcode null when no usable reply came; its win32 is 0 when records were found.
      ...(discoverJson.domains[0]?.rcode !== null ? { rcode: discoverJson.domains[0]?.rcode } : {}),
      ...(discoverJson.domains[0]?.win32 ? { win32: discoverJson.domains[0]?.win32 } : {}),
      text: discover.err,
    },
    { command: 'doctor', code: doctor.code, candidates: usable(doctorDomain?.records ?? []), errorCode: doctorJson.clientErrorCode, rcode: doctorDomain?.rcode, win32: doctorDomain?.win32 ?? null, text: doctor.err },
    { command: 'audit', code: audit.code, candidates: usable(auditJson.hosts), errorCode: auditJson.errorCode, rcode: auditJson.rcode, text: audit.err },
  ];
}

describe.skipIf(bindMissing())('the four commands agree on every server state', () => {
  let bind: BindServer;
  const responders = new Map<string, RunningResponder>();
  let closedPort = 0;

  beforeAll(async () => {
    const onBind = SCENARIOS.filter((s) => s.servedBy === 'bind' && !s.outsideZones);
    bind = await startBind({
      zones: [{ name: PARENT, text: zoneText(PARENT) }, ...onBind.map((s) => ({ name: apexOf(s), text: s.unloadable ? null : zoneText(apexOf(s), s.body) }))],
      probeZone: PARENT,
    });
    for (const s of SCENARIOS.filter((x) => x.servedBy === 'responder')) {
      const apex = apexOf(s);
      const fault = s.fault;
      responders.set(
        s.id,
        await startResponder({
          zones: parseZoneText(zoneText(apex, s.body), { file: `${s.id}.zone` }),
          ...(fault ? { faults: (q) => fault(q.name.toLowerCase().replace(/\.?$/, '.'), q.type, `${apex}.`) } : {}),
        }),
      );
    }
    closedPort = await freePort();
  }, 60_000);

  afterAll(async () => {
    await bind?.stop();
    for (const r of responders.values()) await r.stop();
  });

  it('holds at least 25 scenarios, each served by BIND where BIND can express it', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    expect(SCENARIOS.filter((s) => s.servedBy === 'bind').length).toBeGreaterThanOrEqual(12);
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s', async (_id, s) => {
    const server = s.servedBy === 'bind' ? bind.address : s.servedBy === 'closed' ? `127.0.0.1:${closedPort}` : responders.get(s.id)!.address;
    const seen = await views(s, server);
    const expected = s.expect.candidates.map((c) => absolute(c, apexOf(s))).sort();
    for (const view of seen) {
      const where = `${view.command} (${s.what}): ${view.text.slice(0, 300)}`;
      expect(view.candidates, where).toEqual(expected);
      if (view.errorCode !== undefined) expect(view.errorCode, where).toBe(s.expect.errorCode);
      expect(view.code === 3, where).toBe(s.expect.noAnswer === true);
    }
    // The same words for the SRV question's outcome: doctor's facts, audit's rcode, discover's where it has one.
    const doctor = seen.find((v) => v.command === 'doctor')!;
    for (const view of seen.filter((v) => v.rcode !== undefined)) expect(view.rcode, view.command).toBe(doctor.rcode);
    const discover = seen.find((v) => v.command === 'discover')!;
    if (discover.win32 !== undefined && doctor.win32 !== null) expect(discover.win32).toBe(doctor.win32);
    // discover, doctor and audit always name the client's code; lookup only for a DNS-level failure.
    expect(seen.filter((v) => v.errorCode !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(seen.find((v) => v.command === 'discover')!.code === 0).toBe(s.expect.errorCode === null);
  }, 60_000);
});
