// check-zone on inputs that are not broken zones: no KMS records, unreadable files, syntax errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/checks/report.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-check-zone-'));
const HEAD = '$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n  IN NS ns1\nns1 IN A 192.0.2.1\n';

function zone(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('check-zone on CNAME chains', () => {
  it('a loop anywhere in the zone is an error with its file line, and check-zone exits 1', async () => {
    const file = zone('loop.zone', `${HEAD}_vlmcs._tcp IN SRV 0 0 1688 kms1\nkms1 IN A 192.0.2.2\nkms2 IN A 192.0.2.3\n_vlmcs._tcp IN SRV 0 0 1688 kms2\na IN CNAME b\nb IN CNAME A\n`);
    const io = memoryIo();
    expect(await run(['check-zone', file, '--origin', 'loop.test', '--json'], io)).toBe(1);
    const report = JSON.parse(io.out()) as CheckReport;
    const loops = report.findings.filter((f) => f.id === 'cname-loop');
    // One loop, reported once (from its first alias), with the line it starts on.
    expect(loops).toHaveLength(1);
    expect(loops[0]).toMatchObject({ severity: 'error', subject: 'a.loop.test.', line: 9 });
    expect(loops[0]!.message).toContain('a.loop.test. -> b.loop.test. -> A.loop.test.');
  });

  it('an SRV owner whose alias chain loops gets no records and the code of a server failure', async () => {
    const file = zone('owner-loop.zone', `${HEAD}_vlmcs._tcp IN CNAME x\nx IN CNAME _vlmcs._tcp\n`);
    const io = memoryIo();
    expect(await run(['check-zone', file, '--origin', 'owner-loop.test', '--json'], io)).toBe(1);
    const report = JSON.parse(io.out()) as CheckReport;
    expect(report.facts.domains[0]).toMatchObject({ rcode: 'CNAME-LOOP', records: [] });
    expect(report.clientErrorCode).toBe('0x8007232A');
  });

  it('a chain of 9 aliases is too long for a client; 8 are followed', async () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `c${i} IN CNAME c${i + 1}`).join('\n');
    const long = zone('long.zone', `${HEAD}_vlmcs._tcp IN SRV 0 0 1688 c0\n${chain(9)}\nc9 IN A 192.0.2.9\n`);
    const ok = zone('eight.zone', `${HEAD}_vlmcs._tcp IN SRV 0 0 1688 c0\n${chain(8)}\nc8 IN A 192.0.2.9\n`);
    const longIo = memoryIo();
    await run(['check-zone', long, '--origin', 'long.test', '--json'], longIo);
    expect((JSON.parse(longIo.out()) as CheckReport).findings.map((f) => f.id)).toContain('cname-loop');
    const okIo = memoryIo();
    await run(['check-zone', ok, '--origin', 'eight.test', '--json'], okIo);
    const okReport = JSON.parse(okIo.out()) as CheckReport;
    expect(okReport.findings.map((f) => f.id)).not.toContain('cname-loop');
    expect(okReport.facts.domains[0]?.records[0]?.targetAddresses).toEqual(['192.0.2.9']);
  });
});

describe('check-zone input handling', () => {
  it('says so when the zone has no _vlmcs._tcp name, gives the client\'s code and exits 1 with it, and names the records to add', async () => {
    const file = zone('bare.zone', HEAD);
    const text = memoryIo();
    expect(await run(['check-zone', file, '--origin', 'bare.test'], text)).toBe(1);
    expect(text.out()).toContain('no _vlmcs._tcp records in this zone');
    expect(text.out()).toContain('1 error, 0 warnings');
    expect(text.out()).toContain('A Windows client would show: 0x8007232B');
    // The fix is for this domain: the record line (host marked as a placeholder) and the commands.
    expect(text.out()).toContain('`_vlmcs._tcp.bare.test. 3600 IN SRV 0 100 1688 <KMS-HOST-FQDN>.`');
    expect(text.out()).toContain('`kms-srv generate bind --plan PLAN --domain bare.test`');
    expect(text.out()).toContain('`kms-srv publish --plan PLAN --server PRIMARY --key KEYFILE`');
    expect(text.out()).not.toContain('<domain>');
    const json = memoryIo();
    expect(await run(['check-zone', file, '--origin', 'bare.test', '--json'], json)).toBe(1);
    const report = JSON.parse(json.out()) as CheckReport;
    expect(report.findings.map((f) => [f.id, f.subject])).toEqual([['srv-missing', '_vlmcs._tcp.bare.test.']]);
    expect(report.clientErrorCode).toBe('0x8007232B');
  });

  it.each([
    ['one name', '_vlmcs._tcp IN SRV 0 0 1688 kms1.one.test.\nkms1 IN A 192.0.2.2\n', '1 _vlmcs._tcp name: _vlmcs._tcp.one.test.'],
    [
      'two names',
      '_vlmcs._tcp IN SRV 0 0 1688 kms1.one.test.\n_vlmcs._tcp.sub IN SRV 0 0 1688 kms1.one.test.\nkms1 IN A 192.0.2.2\n',
      '2 _vlmcs._tcp names: _vlmcs._tcp.one.test., _vlmcs._tcp.sub.one.test.',
    ],
  ])('counts the _vlmcs._tcp names in words (%s)', async (_, records, expected) => {
    const file = zone(`count-${records.length}.zone`, `${HEAD}${records}`);
    const io = memoryIo();
    await run(['check-zone', file, '--origin', 'one.test'], io);
    expect(io.out().split('\n')[0]).toBe(`${file}: ${expected}`);
  });

  it('uses --origin for a file without $ORIGIN', async () => {
    const file = zone('origin.zone', `${HEAD}_vlmcs._tcp IN SRV 0 0 1688 kms1.corp.test\nkms1 IN A 192.0.2.2\n`);
    const io = memoryIo();
    expect(await run(['check-zone', file, '--origin', 'corp.test', '--json'], io)).toBe(1);
    const report = JSON.parse(io.out()) as CheckReport;
    expect(report.facts.domains.map((d) => d.srvName)).toEqual(['_vlmcs._tcp.corp.test.']);
    expect(report.findings.map((f) => f.id)).toContain('srv-target-relative');
  });

  it.each([
    ['a missing file', () => path.join(tmp, 'does-not-exist.zone'), /^kms-srv: cannot read zone file .*does-not-exist\.zone: no such file\n$/],
    ['a directory', () => tmp, /cannot read zone file .*: is a directory/],
    ['an empty file', () => zone('empty.zone', '; nothing but a comment\n'), /empty\.zone: no records in the file, nothing to check/],
  ])('exits 2 on %s with one message', async (_name, file, message) => {
    const io = memoryIo();
    expect(await run(['check-zone', file()], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe('');
  });

  it.each([
    ['a bad SRV port', '_vlmcs._tcp IN SRV 0 0 99999 kms1.bad.test.\n'],
    ['a truncated SRV', '_vlmcs._tcp IN SRV 0 0\n'],
    ['an unknown directive', '$BOGUS x\n'],
  ])('exits 2 on %s, naming file:line:column', async (_name, body) => {
    const file = zone('syntax.zone', `${HEAD}${body}`);
    const io = memoryIo();
    expect(await run(['check-zone', file, '--origin', 'bad.test'], io)).toBe(2);
    const badLine = HEAD.split('\n').length;
    expect(io.err()).toMatch(new RegExp(`syntax\\.zone:${badLine}:\\d+: `));
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('names an absolute path as typed, not relative to the working directory', async () => {
    const file = path.join(tmp, 'absent.zone');
    const io = memoryIo();
    expect(await run(['check-zone', file], io)).toBe(2);
    expect(io.err()).toBe(`kms-srv: cannot read zone file ${file}: no such file\n`);
  });

  it('rejects an unknown --profile as a usage error', async () => {
    const io = memoryIo();
    expect(await run(['check-zone', 'zones/example.test.zone', '--profile', 'xp'], io)).toBe(2);
    expect(io.err()).toMatch(/profile/);
  });
});
