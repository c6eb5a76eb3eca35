import { describe, expect, it } from 'vitest';
import { auditDomain } from '../../src/audit/audit-domain.js';
import { buildReport, renderReportText } from '../../src/checks/report.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { gatherFacts } from '../../src/doctor/gather.js';
import { formatDoctorText } from '../../src/doctor/text.js';
import { clientError, EVENTS, eventOfRcode, knownCode, type ClientEvent, type ClientSituation } from '../../src/knowledge/client-error.js';
import { findCode } from '../../src/knowledge/codes.js';
import { discover } from '../../src/kms/discovery.js';
import { formatDiscoverText } from '../../src/kms/discover-text.js';
import { runDiscover } from '../../src/kms/run-discover.js';
import { a, deps, fakeClock, fakeDns, fakeProbe, fixedRng, srv, type FakeAnswer } from '../kms/fakes.js';

const NAME = '_vlmcs._tcp.a.test';
const KMS = 'kms.a.test';

/** One server scenario per event, the code a Windows client shows for it, and how it is set up. */
const SCENARIOS: Array<{ event: ClientEvent; code: string; zone: Record<string, FakeAnswer> }> = [
  { event: 'nxdomain', code: '0x8007232B', zone: {} },
  { event: 'nodata', code: '0x8007251D', zone: { [`${NAME} SRV`]: { rcode: 'NOERROR' } } },
  { event: 'servfail', code: '0x8007232A', zone: { [`${NAME} SRV`]: { rcode: 'SERVFAIL' } } },
  { event: 'refused', code: '0x8007232A', zone: { [`${NAME} SRV`]: { rcode: 'REFUSED' } } },
  { event: 'no-server-answered', code: '0x8007232A', zone: { [`${NAME} SRV`]: { silent: true } } },
  {
    event: 'no-host-responded',
    code: '0xC004F074',
    zone: { [`${NAME} SRV`]: { answers: [srv(NAME, 0, 0, 1688, KMS)], additionals: [a(KMS, '10.0.0.9')] }, [`${KMS} A`]: { answers: [a(KMS, '10.0.0.9')] } },
  },
];

/** Each command over the same fake server; the probe finds nothing listening. */
async function codesOf(zone: Record<string, FakeAnswer>) {
  const discovered = await discover({ domains: ['a.test'], profile: 'win7', hostCaching: false }, deps(zone, []).deps);
  const report = await runDiscover({ domains: ['a.test'], hostCaching: false }, { query: fakeDns(zone).query, probe: fakeProbe([]).probe, rng: fixedRng, now: fakeClock() });
  const dns = fakeDns(zone);
  // doctor asks absolute names; the fake server keys them without the root dot.
  const query = (name: string, type: string) => dns.query(name.replace(/\.$/, ''), type);
  const probe = fakeProbe([]).probe;
  const gathered = await gatherFacts(
    { domains: ['a.test'], profile: 'win7', probe: 'tcp' },
    { query, queryAt: async (_server, name, type) => query(name, type), probe: async (request) => probe(request) },
  );
  const doctor = buildReport(gathered.facts, 'live');
  const doctorScreen = formatDoctorText({ report: doctor, exitCode: 0, log: gathered.log, probe: 'tcp' });
  const audited = await auditDomain('a.test', { query: fakeDns(zone).query, probe, now: fakeClock() });
  return { discover: discovered.errorCode, discoverText: formatDiscoverText(report), doctor: doctor.clientErrorCode, doctorText: renderReportText(doctor), doctorScreen, audit: audited.errorCode };
}

async function explain(code: string): Promise<string> {
  const io = memoryIo();
  await run(['explain', code], io);
  return io.out();
}

describe('one table: every command gives the same code and words for the same event', () => {
  it.each(SCENARIOS)('$event → $code in discover, doctor, audit and explain', async ({ event, code, zone }) => {
    expect(EVENTS[event].code).toBe(code);
    const title = findCode(code)!.title;
    expect(EVENTS[event].title).toBe(title);
    const got = await codesOf(zone);
    expect(got.discover).toBe(code);
    expect(got.doctor).toBe(code);
    expect(got.audit).toBe(code);
    expect(got.discoverText).toContain(`A Windows client would show ${code}: ${title}.`);
    expect(got.doctorText).toContain(`A Windows client would show: ${code}: ${title}`);
    expect(await explain(code)).toMatch(new RegExp(`^${code}  ${title.replace(/[()]/g, '\\$&')}\n`));
  });

  it('words each DNS event the same in discover\'s domain line and doctor\'s findings', async () => {
    for (const { event, zone } of SCENARIOS.filter((s) => s.event !== 'no-host-responded' && s.event !== 'nxdomain')) {
      const got = await codesOf(zone);
      expect(got.discoverText, event).toContain(EVENTS[event].words);
      expect(got.doctorText, event).toContain(EVENTS[event].words);
    }
  });

  it.each(SCENARIOS.filter((s) => ['nxdomain', 'nodata', 'servfail', 'refused'].includes(s.event)))(
    '$event: discover and doctor print the same code and words on the domain line',
    async ({ code, zone, event }) => {
      const got = await codesOf(zone);
      const line = `(${code}): ${EVENTS[event].words}`;
      expect(got.discoverText).toContain(line);
      expect(got.doctorScreen).toContain(line);
    },
  );

  // What a user reads on the line and searches for: the words written here, not taken from the table.
  it.each<[ClientEvent, RegExp]>([
    ['nxdomain', /name does not exist/],
    ['nodata', /no records/],
    ['servfail', /server failure/],
    ['refused', /refused/],
  ])('%s: discover\'s domain line gives the code, then says %s', async (event, says) => {
    const { code, zone } = SCENARIOS.find((s) => s.event === event)!;
    const got = await codesOf(zone);
    const line = got.discoverText.split('\n').find((l) => l.includes(`(${code}): `));
    expect(line?.slice(line.indexOf(`(${code}): `))).toMatch(says);
  });

  it.each<[ClientEvent, RegExp]>([
    ['no-server-answered', /no DNS server answered/],
    ['no-host-responded', /hosts were found but none responded/],
  ])('%s is worded %s', (event, says) => {
    expect(EVENTS[event].words).toMatch(says);
  });

  it('explain names discover, doctor and audit as showing every code they print', () => {
    for (const entry of Object.values(EVENTS)) {
      const commands = findCode(entry.code)!.commands;
      for (const command of ['kms-srv discover', 'kms-srv doctor', 'kms-srv audit FILE']) expect(commands, entry.code).toContain(command);
    }
  });
});

describe('clientError: the one rule', () => {
  it.each<[string, ClientSituation, string | null]>([
    ['a host answered', { domains: ['records'], hosts: 'answered' }, null],
    ['a manual host answered', { domains: [], hosts: 'answered' }, null],
    ['hosts found, none answered', { domains: ['records'], hosts: 'silent' }, '0xC004F074'],
    ['records whose only target is "."', { domains: ['nxdomain', 'records'], hosts: 'none' }, '0xC004F074'],
    ['nothing to search', { domains: [], hosts: 'none' }, '0x8007232B'],
    ['NXDOMAIN everywhere', { domains: ['nxdomain', 'nxdomain'], hosts: 'none' }, '0x8007232B'],
    ['NODATA beside NXDOMAIN, either order', { domains: ['nxdomain', 'nodata'], hosts: 'none' }, '0x8007251D'],
    ['a failure beats NODATA', { domains: ['nodata', 'refused'], hosts: 'none' }, '0x8007232A'],
    ['silence beats NXDOMAIN', { domains: ['nxdomain', 'no-server-answered'], hosts: 'none' }, '0x8007232A'],
  ])('%s → %s', (_what, situation, code) => {
    expect(clientError(situation)?.code ?? null).toBe(code);
  });

  it('returns entries that name their own event', () => {
    for (const [event, entry] of Object.entries(EVENTS)) expect(entry.event).toBe(event);
    expect(clientError({ domains: ['nxdomain', 'refused'], hosts: 'none' })?.event).toBe('refused');
  });

  it('keeps the first failure\'s event, for its words', () => {
    expect(clientError({ domains: ['no-server-answered', 'servfail'], hosts: 'none' })?.event).toBe('no-server-answered');
  });

  it.each([
    ['NXDOMAIN', 'nxdomain'],
    ['NOERROR', 'nodata'],
    ['SERVFAIL', 'servfail'],
    ['NOTIMP', 'servfail'],
    ['REFUSED', 'refused'],
    ['TIMEOUT', 'no-server-answered'],
    ['UNREACHABLE', 'no-server-answered'],
    ['BADRESP', 'no-server-answered'],
    ['ABORTED', 'no-server-answered'],
    ['CNAME-LOOP', 'servfail'],
    ['nxdomain', 'nxdomain'],
  ])('reads %s as %s', (rcode, event) => {
    expect(eventOfRcode(rcode)).toBe(event);
  });

  it('finds a code by its name, and names a misspelt one in its error', () => {
    // 0x8007232A is DNS_ERROR_RCODE_SERVER_FAILURE (9002) as an HRESULT: 0x80070000 | 0x232A.
    expect(knownCode('DNS_SERVER_FAILURE').value).toBe(0x8007232a);
    expect(() => knownCode('DNS_SERVER_FAILUER')).toThrow(/DNS_SERVER_FAILUER/);
  });

  it('gives every DNS event its Win32 detail and a code the explain table knows', () => {
    for (const entry of Object.values(EVENTS)) {
      expect(findCode(entry.code), entry.event).toBeDefined();
      if (entry.event !== 'no-host-responded') expect(entry.win32, entry.event).toBeGreaterThan(0);
    }
    expect(EVENTS['no-server-answered'].win32).toBe(1460);
  });
});
