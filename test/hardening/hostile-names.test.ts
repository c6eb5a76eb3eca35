// Hostile names and strings: DNS labels holding ESC, a newline, NUL, a literal dot or a backslash,
// TXT data, audit input lines and .reg values with control characters. Served by the lab responder
// and by a real BIND from one zone text; every command's text output must hold no raw control
// character (newline and tab only as its own layout), show names in presentation form (`\027`, `\.`),
// and let no label forge an output line. JSON output keeps the exact values.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { startResponder } from '../../src/dns/responder.js';
import type { DiscoverJson, DiscoverCandidateJson } from '../../src/kms/types.js';
import { parseZoneText } from '../../src/zonefile/parse.js';
import { bindMissing, startBind } from '../helpers/bind.js';

// Each hostile label once as an SRV target (with an address) under _vlmcs._tcp.fault.lab.
const LABELS = {
  esc: 'esc\\027[31mred',
  newline: 'x\\010INJECTED\\032LINE',
  dot: 'a\\.b',
  nul: 'nul\\000x',
  backslash: 'back\\\\slash',
};
const TXT_TEXT = 'esc \u001b[2J and a newline\nINJECTED TXT LINE';
const ZONE = `$ORIGIN fault.lab.
$TTL 300
@ IN SOA ns.fault.lab. hostmaster.fault.lab. 1 3600 900 1209600 300
@ IN NS ns.fault.lab.
ns IN A 127.0.0.1
${Object.values(LABELS)
  .map((label, i) => `_vlmcs._tcp IN SRV 0 10 1688 ${label}.fault.lab.\n${label} IN A 127.0.0.${10 + i}`)
  .join('\n')}
txt IN TXT "esc \\027[2J and a newline\\010INJECTED TXT LINE"
`;
const TARGETS = Object.values(LABELS).map((label) => `${label}.fault.lab.`);

// No raw control character but the newline and tab of the program's own layout.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectSafe(text: string): void {
  expect(text).not.toMatch(RAW_CONTROL);
  // A newline inside a label or a TXT string must not start a line of its own.
  for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*INJECTED/);
}

async function cli(args: string[], stdin?: string) {
  const io = memoryIo();
  if (stdin !== undefined) io.stdin = Readable.from([stdin]);
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-hostile-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

interface Server {
  address: string;
  stop(): Promise<void>;
}

const SERVERS: Array<[string, () => Promise<Server>]> = [
  ['the lab responder', async () => startResponder({ zones: parseZoneText(ZONE, { file: 'fault.lab.zone' }) })],
];
if (!bindMissing()) {
  // BIND refuses such owner names under its default check-names; the point here is serving them.
  SERVERS.push(['BIND', async () => startBind({ zones: [{ name: 'fault.lab', text: ZONE }], options: 'check-names master ignore;' })]);
}

describe.each(SERVERS)('hostile labels served by %s', (_server, start) => {
  let server: Server;
  const dns = () => ['--server', server.address, '--timeout', '2000', '--attempts', '2'];
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lookup: names in presentation form, nothing raw, no forged line; --json the same names', async () => {
    const text = await cli(['lookup', '_vlmcs._tcp.fault.lab', 'SRV', ...dns()]);
    expect(text.code).toBe(0);
    expectSafe(text.out);
    for (const target of TARGETS) expect(text.out).toContain(target);
    expect(text.out).toContain('esc\\027[31mred.fault.lab.');
    expect(text.out).toContain('a\\.b.fault.lab.');
    const json = await cli(['lookup', '_vlmcs._tcp.fault.lab', 'SRV', '--json', ...dns()]);
    const answers = (JSON.parse(json.out) as { answers: Array<{ data: { target: string } }> }).answers;
    expect(answers.map((a) => a.data.target).sort()).toEqual([...TARGETS].sort());
  });

  it('lookup: a name given with escapes asks for those octets', async () => {
    const { code, out } = await cli(['lookup', 'a\\.b.fault.lab', 'A', ...dns()]);
    expect(code).toBe(0);
    expect(out).toMatch(/a\\\.b\.fault\.lab\.\s+300\s+IN\s+A\s+127\.0\.0\.12/);
  });

  it('lookup: TXT data with ESC and a newline is escaped as text, exact in --json', async () => {
    const text = await cli(['lookup', 'txt.fault.lab', 'TXT', ...dns()]);
    expect(text.code).toBe(0);
    expectSafe(text.out);
    expect(text.out).toContain('INJECTED TXT LINE');
    const json = await cli(['lookup', 'txt.fault.lab', 'TXT', '--json', ...dns()]);
    expect((JSON.parse(json.out) as { answers: Array<{ data: string[] }> }).answers[0]?.data).toEqual([TXT_TEXT]);
  });

  it('discover: every candidate shown escaped; --json keeps the names', async () => {
    const text = await cli(['discover', '--domain', 'fault.lab', '--probe', 'none', '--seed', '1', ...dns()]);
    expectSafe(text.out + text.err);
    expect(text.out).toContain('esc\\027[31mred.fault.lab');
    expect(text.out).toContain('a\\.b.fault.lab');
    const json = await cli(['discover', '--domain', 'fault.lab', '--probe', 'none', '--seed', '1', '--json', ...dns()]);
    const report = JSON.parse(json.out) as DiscoverJson & { candidates: DiscoverCandidateJson[] };
    expect(report.candidates.map((c) => c.target).sort()).toEqual(TARGETS.map((t) => t.slice(0, -1)).sort());
  });

  it('doctor: the records it gathered and its findings hold no raw control character', async () => {
    const text = await cli(['doctor', '--domain', 'fault.lab', '--no-probe', ...dns()]);
    expectSafe(text.out + text.err);
    expect(text.out).toContain('esc\\027[31mred.fault.lab.');
    expect(text.out).toContain('a\\.b.fault.lab.');
    const json = await cli(['doctor', '--domain', 'fault.lab', '--no-probe', '--json', ...dns()]);
    const facts = (JSON.parse(json.out) as { facts: { domains: Array<{ records: Array<{ target: string }> }> } }).facts;
    expect(facts.domains[0]?.records.map((r) => r.target).sort()).toEqual([...TARGETS].sort());
  });

  it('audit: hostile targets and input lines with controls are echoed escaped', async () => {
    // (A carriage return ends a line for the audit's reader, so it cannot hide inside one.)
    const input = ['fault.lab', 'bad\u001b[2Jline.test', 'bell\u0007and\u009bcsi.test', 'nul\u0000.test'].join('\n');
    const text = await cli(['audit', '-', ...dns()], `${input}\n`);
    expect(text.code).toBe(2);
    expectSafe(text.out + text.err);
    expect(text.err).toContain('"bad\\x1b[2Jline.test" is not a domain name');
    expect(text.out).toContain('bad\\x1b[2Jline.test');
    const json = await cli(['audit', '-', '--json', ...dns()], `${input}\n`);
    const results = json.out.trim().split('\n').map((line) => JSON.parse(line) as { domain: string; verdict: string; hosts?: Array<{ target: string }> });
    // Results come in the order they finish; JSON keeps each input line exactly.
    expect(results.map((r) => r.domain).sort()).toEqual(['bad\u001b[2Jline.test', 'bell\u0007and\u009bcsi.test', 'fault.lab', 'nul\u0000.test']);
    expect(results.find((r) => r.domain === 'fault.lab')?.hosts?.map((h) => h.target).sort()).toEqual([...TARGETS].sort());
  });
});

describe('hostile strings from files', () => {
  it('check-zone: findings quote hostile names in presentation form', async () => {
    const file = path.join(dir, 'fault.lab.zone');
    // One more target, with no address: its finding quotes the name.
    await fs.writeFile(file, `${ZONE}_vlmcs._tcp IN SRV 0 10 1688 gone\\027\\010INJECTED.fault.lab.\n`);
    const text = await cli(['check-zone', file, '--origin', 'fault.lab']);
    expect(text.code).toBe(1);
    expectSafe(text.out + text.err);
    expect(text.out).toContain('[srv-target-no-address] Target gone\\027\\010INJECTED.fault.lab. has no A or AAAA record');
  });

  it("check-zone on a terminal: its own colour codes stay, the zone's ESC does not", async () => {
    const file = path.join(dir, 'colour.lab.zone');
    await fs.writeFile(file, `${ZONE}_vlmcs._tcp IN SRV 0 10 1688 gone\\027[32m.fault.lab.\n`);
    const io = memoryIo();
    let out = '';
    io.stdout = { write: (t) => void (out += t), isTTY: true };
    expect(await run(['check-zone', file, '--origin', 'fault.lab'], io)).toBe(1);
    expect(out).toContain('\u001b[31mErrors (1)\u001b[0m');
    expect(out).toContain('Target gone\\027[32m.fault.lab.');
    expect(out.replaceAll('\u001b[31m', '').replaceAll('\u001b[0m', '')).not.toMatch(RAW_CONTROL);
  });

  it('doctor --client-reg: .reg values with control characters are shown escaped', async () => {
    const reg = path.join(dir, 'hostile.reg');
    await fs.writeFile(
      reg,
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform]\r\n' +
        '"KeyManagementServiceName"="kms\u001b[31m.evil\u0007.test"\r\n"KeyManagementServiceLookupDomain"="dom\u009b2J.test"\r\n',
    );
    const responder = await startResponder({ zones: parseZoneText(ZONE, { file: 'fault.lab.zone' }) });
    try {
      const text = await cli(['doctor', '--domain', 'fault.lab', '--no-probe', '--client-reg', reg, '--server', responder.address, '--timeout', '2000']);
      expectSafe(text.out + text.err);
      expect(text.out + text.err).toContain('kms\\x1b[31m.evil\\x07.test');
    } finally {
      await responder.stop();
    }
  });

  it('an error message quoting input shows its control characters escaped', async () => {
    const { code, err } = await cli(['discover', '--domain', 'x\u001b[2J\nkms-srv: INJECTED.test', '--server', '127.0.0.1:9']);
    expect(code).toBe(2);
    expectSafe(err);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('x\\x1b[2J\\x0akms-srv: INJECTED.test');
  });
});
