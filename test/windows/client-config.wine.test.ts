// discover and doctor under Wine follow the client's own registry: a lookup domain and a manual host
// set with Wine's reg.exe, against the loopback BIND and a loopback KMS stand-in (issue 11 item 4).
// A private prefix: these tests change its registry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsStandIn, type KmsStandIn } from '../../src/kms/stand-in.js';
import type { DiscoverJson } from '../../src/kms/types.js';
import { bindMissing, startBind, type BindServer } from '../helpers/bind.js';
import { privateWinePrefix, removeWinePrefix, runWindows, wineMissing } from '../helpers/wine.mjs';
import { runKmsSrvWindows } from '../helpers/windows-cli.js';

const SPP = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const soa = (zone: string) => `$TTL 300\n@ IN SOA ns.${zone}. hostmaster.${zone}. 1 3600 900 1209600 300\n@ IN NS ns.${zone}.\nns IN A 127.0.0.1\n`;

describe.skipIf(wineMissing() || bindMissing())('the client\'s own registry under Wine', () => {
  let prefix: string;
  let bind: BindServer;
  let searched: KmsStandIn;
  let manual: KmsStandIn;
  const dns = () => ['--server', bind.address, '--timeout', '3000', '--attempts', '2', '--probe-timeout', '3000'];
  const reg = (...args: string[]) => {
    const run = runWindows(prefix, 'reg', [...args, '/reg:64']);
    expect(run.status, run.stderr + run.stdout).toBe(0);
  };

  beforeAll(async () => {
    searched = await startKmsStandIn({ host: '127.0.0.1', answerBind: true });
    manual = await startKmsStandIn({ host: '127.0.0.1', answerBind: true });
    bind = await startBind({
      zones: [
        { name: 'lookup.test', text: `${soa('lookup.test')}_vlmcs._tcp IN SRV 0 0 ${searched.port} kms1.lookup.test.\nkms1 IN A 127.0.0.1\n` },
        { name: 'manual.test', text: `${soa('manual.test')}kms9 IN A 127.0.0.1\n` },
      ],
    });
    prefix = privateWinePrefix();
  }, 300_000);

  afterAll(async () => {
    if (prefix) removeWinePrefix(prefix);
    await bind?.stop();
    await searched?.close();
    await manual?.close();
  }, 60_000);

  it('discover and doctor search only the lookup domain set in the registry, and say where it came from', () => {
    reg('add', SPP, '/v', 'KeyManagementServiceLookupDomain', '/t', 'REG_SZ', '/d', 'lookup.test', '/f');
    const run = runKmsSrvWindows(prefix, ['discover', '--domain', 'other.test', ...dns(), '--json']);
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as DiscoverJson;
    expect(json.domains.map((d) => d.domain)).toEqual(['lookup.test']);
    expect(json.selected).toEqual({ target: 'kms1.lookup.test', port: searched.port, address: '127.0.0.1' });
    expect(run.stderr).toContain(`kms-srv: client setting: lookup domain: lookup.test  (from ${SPP}\\KeyManagementServiceLookupDomain)`);
    expect(run.stderr).toContain('WMI SoftwareLicensingProduct: not read: PowerShell printed nothing (Wine has only a stub powershell.exe)');

    const doctor = runKmsSrvWindows(prefix, ['doctor', ...dns(), '--authoritative', bind.address, '--json']);
    expect(doctor.status, doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout) as { facts: { domains: Array<{ domain: string }>; client?: { lookupDomain?: string } } };
    expect(report.facts.domains.map((d) => d.domain)).toEqual(['lookup.test.']);
    expect(report.facts.client).toEqual({ lookupDomain: 'lookup.test' });
  }, 300_000);

  it('a manual host set in the registry wins over the lookup domain; the text names its registry value', () => {
    reg('add', SPP, '/v', 'KeyManagementServiceName', '/t', 'REG_SZ', '/d', 'kms9.manual.test', '/f');
    reg('add', SPP, '/v', 'KeyManagementServicePort', '/t', 'REG_SZ', '/d', String(manual.port), '/f');
    const run = runKmsSrvWindows(prefix, ['discover', ...dns()]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`manual KMS host: kms9.manual.test:${manual.port}  (from ${SPP}\\KeyManagementServiceName, ${SPP}\\KeyManagementServicePort)`);
    expect(run.stdout).toContain(`Selected: kms9.manual.test:${manual.port} at 127.0.0.1 (from the manual setting)`);
    // --server pins DNS, so the name was asked of BIND, and the output says so.
    expect(run.stdout).toContain('the manual host kms9.manual.test was looked up in DNS (A/AAAA) through the DNS servers given with --server');

    const doctor = runKmsSrvWindows(prefix, ['doctor', ...dns(), '--authoritative', bind.address]);
    expect(doctor.stdout).toMatch(/client-manual-host/);
    expect(doctor.stdout).toContain(`kms9.manual.test:${manual.port}`);
    expect(doctor.stdout).toMatch(new RegExp(`kms9\\.manual\\.test:${manual.port} .*127\\.0\\.0\\.1.*ok`));
  }, 300_000);

  it('--no-client-config leaves the registry unread', () => {
    const run = runKmsSrvWindows(prefix, ['discover', '--no-client-config', '--domain', 'lookup.test', ...dns(), '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as DiscoverJson).selected?.port).toBe(searched.port);
  }, 300_000);
});
