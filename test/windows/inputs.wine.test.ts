// kms-srv run by Windows Node under Wine on inputs as Windows users have them (issue 11 item 2's
// inputs part): C:\ and Z:\ paths, CRLF line ends, UTF-16LE with a byte order mark (Notepad's
// "Unicode", regedit) and UTF-8 with one; the default host-cache path under %LOCALAPPDATA%; and no
// colour when the output is a file. The shared prefix: nothing here changes the registry.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsStandIn, type KmsStandIn } from '../../src/kms/stand-in.js';
import type { DiscoverJson } from '../../src/kms/types.js';
import { bindMissing, startBind, type BindServer } from '../helpers/bind.js';
import { sharedWinePrefix, windowsPath, wineMissing } from '../helpers/wine.mjs';
import { runKmsSrvWindows } from '../helpers/windows-cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf(text), 'utf16le')]);
const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf(text), 'utf8')]);
const soa = (zone: string) => `$TTL 300\n@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 900 1209600 300\n@ IN NS ns.${zone}.\nns IN A 127.0.0.1\n`;

describe.skipIf(wineMissing() || bindMissing())('Windows inputs under Wine', () => {
  let prefix: string;
  let bind: BindServer;
  let kms: KmsStandIn;
  /** A folder on Wine's C: drive (inside the prefix), as C:\… and as a Linux path. */
  let cDir: { win: string; linux: string };
  let zDir: string;
  const dns = () => ['--server', bind.address, '--timeout', '3000', '--attempts', '2', '--probe-timeout', '3000'];

  beforeAll(async () => {
    kms = await startKmsStandIn({ host: '127.0.0.1', answerBind: true });
    bind = await startBind({ zones: [{ name: 'lab.test', text: `${soa('lab.test')}_vlmcs._tcp IN SRV 0 0 ${kms.port} kms1.lab.test.\nkms1 IN A 127.0.0.1\n` }] });
    prefix = sharedWinePrefix();
    const name = `kms-srv-inputs-${process.pid}-${Date.now()}`;
    cDir = { win: `C:\\${name}`, linux: path.join(prefix, 'drive_c', name) };
    mkdirSync(cDir.linux);
    zDir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-wininputs-'));
  }, 300_000);

  afterAll(async () => {
    if (cDir) rmSync(cDir.linux, { recursive: true, force: true });
    if (zDir) rmSync(zDir, { recursive: true, force: true });
    await bind?.stop();
    await kms?.close();
  }, 60_000);

  it('generate reads a UTF-16 plan at a C:\\ path and writes its zone there; check-zone reads it back by C:\\ path', () => {
    writeFileSync(path.join(cDir.linux, 'plan.json'), utf16(readFileSync(path.join(ROOT, 'zones/example.plan.json'), 'utf8')));
    const generate = runKmsSrvWindows(prefix, ['generate', '--plan', `${cDir.win}\\plan.json`, '--domain', 'example.test', 'zone', '-o', `${cDir.win}\\example.zone`]);
    expect(generate.status, generate.stderr).toBe(0);
    expect(readFileSync(path.join(cDir.linux, 'example.zone'), 'utf8')).toMatch(/^_vlmcs\._tcp\.example\.test\.\s.*SRV/m);
    const check = runKmsSrvWindows(prefix, ['check-zone', '--origin', 'example.test', `${cDir.win}\\example.zone`]);
    expect(check.stderr).toBe('');
    expect(check.stdout).toContain('A Windows client would show: no error');
  }, 300_000);

  it.each([
    ['UTF-16LE with CRLF', utf16],
    ['UTF-8 with a byte order mark and CRLF', utf8Bom],
  ])('check-zone reads a zone file saved as %s at a Z:\\ path, with the same verdict as the original', (_name, encode) => {
    const file = path.join(zDir, `example-${encode.name}.zone`);
    writeFileSync(file, encode(readFileSync(path.join(ROOT, 'zones/example.test.zone'), 'utf8')));
    const run = runKmsSrvWindows(prefix, ['check-zone', '--origin', 'example.test', '--json', windowsPath(file)]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { facts: { domains: Array<{ records: unknown[] }> }; clientErrorCode: string | null };
    expect(report.facts.domains[0]?.records).toHaveLength(3);
    expect(report.clientErrorCode).toBeNull();
  }, 300_000);

  it('audit reads a UTF-16 domain list with CRLF and a comment', () => {
    const file = path.join(zDir, 'domains.txt');
    writeFileSync(file, utf16('# lab\nlab.test\nnothere.test\n'));
    const run = runKmsSrvWindows(prefix, ['audit', windowsPath(file), ...dns(), '--json']);
    const lines = run.stdout.trim().split(/\r?\n/).map((l) => JSON.parse(l) as { domain?: string; verdict?: string });
    expect(lines.filter((l) => l.domain !== undefined).map((l) => [l.domain, l.verdict])).toEqual([
      ['lab.test', 'ok'],
      ['nothere.test', expect.not.stringMatching(/^ok$/)],
    ]);
  }, 300_000);

  it.each([
    ['UTF-16LE (as regedit exports)', utf16],
    ['UTF-8 with CRLF', (text: string) => Buffer.from(crlf(text), 'utf8')],
  ])('doctor --client-reg reads a .reg file saved as %s', (name, encode) => {
    const file = path.join(zDir, `client-${name.replace(/\W+/g, '-')}.reg`);
    // zones/example.client.reg is itself written as regedit exports (UTF-16LE with a byte order mark).
    const example = readFileSync(path.join(ROOT, 'zones/example.client.reg'));
    const text = example[0] === 0xff && example[1] === 0xfe ? example.subarray(2).toString('utf16le') : example.toString('utf8');
    expect(text.startsWith('Windows Registry Editor Version 5.00')).toBe(true);
    writeFileSync(file, encode(text.replace(/\r\n/g, '\n')));
    const run = runKmsSrvWindows(prefix, ['doctor', 'lab.test', '--client-reg', windowsPath(file), '--no-client-config', '--no-probe', ...dns(), '--authoritative', bind.address, '--json']);
    expect(run.stderr).not.toMatch(/cannot read|REG_SYNTAX|Error/);
    const report = JSON.parse(run.stdout) as { error?: unknown; facts: { client?: { manualHost?: string } } };
    expect(report.error).toBeUndefined();
    expect(report.facts.client?.manualHost).toBe('kms3.branch.example.test:1689');
  }, 300_000);

  it('discover --state without a file keeps the cache in %LOCALAPPDATA%\\kms-srv\\host-cache.json, creating the folder', () => {
    // Wine gives Windows programs its own LOCALAPPDATA (C:\users\NAME\AppData\Local), whatever the Linux environment says.
    const run = runKmsSrvWindows(prefix, ['discover', '--no-client-config', '--domain', 'lab.test', ...dns(), '--state']);
    expect(run.status, run.stderr).toBe(0);
    const where = /^Host cache: on, state file (C:\\users\\[^\\\s]+\\AppData\\Local\\kms-srv\\host-cache\.json); cached host: /m.exec(run.stdout)?.[1];
    expect(where, run.stdout).toBeDefined();
    const linux = path.join(prefix, 'drive_c', ...where!.slice(3).split('\\'));
    try {
      const saved = JSON.parse(readFileSync(linux, 'utf8')) as { hosts: Record<string, { target: string; port: number }> };
      expect(saved.hosts['lab.test']).toMatchObject({ target: 'kms1.lab.test', port: kms.port });
    } finally {
      rmSync(path.dirname(linux), { recursive: true, force: true });
    }
  }, 300_000);

  it('discover --state at a C:\\ path: written, then read back by the next run (the cached host is used)', () => {
    const state = `${cDir.win}\\state.json`;
    const first = runKmsSrvWindows(prefix, ['discover', '--no-client-config', '--domain', 'lab.test', ...dns(), '--state', state, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const second = runKmsSrvWindows(prefix, ['discover', '--no-client-config', '--domain', 'lab.test', ...dns(), '--state', state, '--json']);
    const json = JSON.parse(second.stdout) as DiscoverJson;
    expect(json.cache.before).toMatchObject({ target: 'kms1.lab.test', port: kms.port });
    expect(json.domains).toEqual([]);
  }, 300_000);

  it('writes no colour codes when the output is a file, even for findings that colour on a console', () => {
    const run = runKmsSrvWindows(prefix, ['check-zone', '--origin', 'broken.test', windowsPath(path.join(ROOT, 'zones/broken.test.zone'))]);
    expect(run.stdout).toMatch(/error/);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stderr).not.toContain('\u001b[');
  }, 300_000);
});
