// runDoctor with injected DNS and probes: input validation, the domain list a client would search,
// the client's .reg settings, and the exit codes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientFactFromReg } from '../../src/doctor/client-reg.js';
import { runDoctor, type DoctorDeps } from '../../src/doctor/run-doctor.js';
import { formatDoctorText } from '../../src/doctor/text.js';
import { parseResolvConf } from '../../src/dns/resolv-conf.js';
import { isKmsSrvError } from '../../src/util/errors.js';
import { fakeServer, rr, srv } from './fakes.js';
import { promises as fs } from 'node:fs';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/doctor');

function deps(records = [srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms1.example.test.'), rr('kms1.example.test', 'A', '192.0.2.11')], silent = false) {
  const dns = fakeServer({ apex: 'example.test', records, silent });
  const d: DoctorDeps = {
    query: dns.query,
    queryAt: (_server, name, type, options) => dns.query(name, type, options),
    loadResolvConf: async () => parseResolvConf('nameserver 127.0.0.1\nsearch example.test other.test\n'),
  };
  return { d, asked: dns.asked };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isKmsSrvError(error)) throw new Error(`expected a KmsSrvError, got ${String(error)}`);
  return { exit: error.exitCode, message: error.message };
}

describe('runDoctor', () => {
  it('searches resolv.conf domain and search list by default, with the order assumption noted', async () => {
    const { d } = deps();
    const result = await runDoctor({ probe: 'none', authoritative: [] }, d);
    expect(result.report.facts.domains.map((x) => x.domain)).toEqual(['example.test.', 'other.test.']);
    expect(result.log.notes.join('\n')).toMatch(/not documented/);
    // In the text, under one heading like discover's, one dash a note.
    expect(formatDoctorText(result)).toContain(`\nNotes:\n${result.log.notes.map((n) => `  - ${n}\n`).join('')}`);
  });

  it('--lookup-domain replaces the list', async () => {
    const { d } = deps();
    const result = await runDoctor({ domains: ['a.test', 'b.test'], lookupDomain: 'example.test', probe: 'none', authoritative: [] }, d);
    expect(result.report.facts.domains.map((x) => x.domain)).toEqual(['example.test.']);
  });

  it('a lookup domain in the client .reg replaces the list too, and is reported', async () => {
    const { d } = deps();
    const result = await runDoctor({ domains: ['example.test'], clientReg: path.join(FIXTURES, 'client-lookup-domain.reg'), probe: 'none', authoritative: [] }, d);
    expect(result.report.facts.domains.map((x) => x.domain)).toEqual(['lookup.test.']);
    expect(result.report.findings.map((f) => f.id)).toContain('client-lookup-domain');
  });

  it.each([
    [{ servers: ['dns.example.test'] }, /--server: .*not an IPv4 or IPv6 address/],
    [{ servers: ['127.0.0.1:99999'] }, /--server: .*port must be/],
    [{ authoritative: ['127.0.0.1:0'] }, /--authoritative: .*port must be/],
    [{ clientReg: path.join(FIXTURES, 'no-such.reg') }, /--client-reg .*no-such\.reg: cannot read the file \(no such file\)/],
    [{ clientReg: path.join(FIXTURES, 'not-a-reg.reg') }, /not-a-reg\.reg.*line 1/],
    [{ domains: [] }, /no domain to search/],
  ])('bad input %j is one clear message and exit 2', async (options, message) => {
    const { d, asked } = deps();
    const { exit, message: text } = await failure(runDoctor({ probe: 'none', ...options }, d));
    expect(exit).toBe(2);
    expect(text).toMatch(message);
    expect(asked).toEqual([]);
  });

  it('exit 3 when no DNS server answered anything', async () => {
    const { d } = deps([], true);
    const result = await runDoctor({ domains: ['example.test'], probe: 'none' }, d);
    expect(result.exitCode).toBe(3);
    expect(result.report.facts.domains[0]?.rcode).toBe('TIMEOUT');
  });

  it.each([
    ['an error-level finding', [srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms9.example.test.')], false, 1],
    ['a clean answer', [srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms1.example.test.'), srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms2.example.test.'), rr('kms1.example.test', 'A', '192.0.2.11'), rr('kms2.example.test', 'A', '192.0.2.12')], false, 0],
    ['a warning without --strict', [srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms1.example.test.', 30), srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms2.example.test.', 30), rr('kms1.example.test', 'A', '192.0.2.11'), rr('kms2.example.test', 'A', '192.0.2.12')], false, 0],
    ['a warning with --strict', [srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms1.example.test.', 30), srv('_vlmcs._tcp.example.test.', 0, 0, 1688, 'kms2.example.test.', 30), rr('kms1.example.test', 'A', '192.0.2.11'), rr('kms2.example.test', 'A', '192.0.2.12')], true, 1],
  ])('exit code for %s', async (_label, records, strict, exit) => {
    const { d } = deps(records);
    const result = await runDoctor({ domains: ['example.test'], probe: 'none', authoritative: [], strict }, d);
    expect(result.exitCode).toBe(exit);
  });
});

describe('clientFactFromReg', () => {
  it('reads the manual host with its port, and host caching off', async () => {
    const text = await fs.readFile(path.join(FIXTURES, 'client-manual-host.reg'));
    expect(clientFactFromReg(text).client).toEqual({ manualHost: 'kms9.example.test:1700', hostCachingDisabled: true });
  });

  it('prefers a per-SKU host over the global one (docs/behaviour.md#manual-host)', () => {
    const key = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      `[${key}]`,
      '"KeyManagementServiceName"="global.example.test"',
      '',
      `[${key}\\55c92734-d682-4d71-983e-d6ec3f16059f\\2b88c4f2-ea8f-43cd-805e-4d8d6ff7bb4a]`,
      '"KeyManagementServiceName"="sku.example.test"',
      '',
    ].join('\r\n');
    expect(clientFactFromReg(text).client.manualHost).toBe('sku.example.test');
  });
});
