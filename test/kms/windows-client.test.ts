// A Windows client's own settings from recorded `reg export` files (Wine's reg.exe, see
// test/fixtures/windows/README.md) and handwritten PowerShell JSON, through the pure reader.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWmiProducts, windowsClientConfig, type WindowsExports, type WmiState } from '../../src/kms/windows-client.js';
import { formatWindowsClient, windowsClientLines } from '../../src/kms/windows-client-text.js';
import { readWindowsClient, WMI_COMMAND, type ProgramResult, type WindowsReaderIo } from '../../src/kms/windows-reader.js';
import { encodeRegUtf16 } from '../../src/regfile/bytes.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/windows');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const SPP = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const TCPIP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
const NO_WMI: WmiState = { read: false, reason: 'not asked' };

function config(exports: WindowsExports, runtimeServers: string[] = ['127.0.0.1'], wmi: WmiState = NO_WMI) {
  return windowsClientConfig({ exports, runtimeServers, wmi });
}

describe('the KMS settings (SoftwareProtectionPlatform)', () => {
  it('takes the per-SKU manual host over the per-AppID and global ones, with its own port, and names where', () => {
    const c = config({ spp: fixture('spp-levels-spp.reg') });
    expect(c.manualHost?.value).toEqual({ host: 'kms-sku.lab.test', port: 1700 });
    const sku = `${SPP}\\55c92734-d682-4d71-983e-d6ec3f16059f\\2de67392-b7a7-462a-b1ca-108dd189f588`;
    expect(c.manualHost?.source).toBe(`${sku}\\KeyManagementServiceName, ${sku}\\KeyManagementServicePort`);
    expect(c.hostCaching).toEqual({ value: false, source: `${SPP}\\DisableKeyManagementServiceHostCaching` });
    expect(c.lookupDomain).toBeUndefined();
  });

  it('falls back to the global port when the level in force sets none', () => {
    const text = `Windows Registry Editor Version 5.00\r\n\r\n[${SPP.replace('HKLM', 'HKEY_LOCAL_MACHINE')}]\r\n"KeyManagementServicePort"="1690"\r\n\r\n[${SPP.replace('HKLM', 'HKEY_LOCAL_MACHINE')}\\0ff1ce15-a989-479d-af46-f275c6370663]\r\n"KeyManagementServiceName"="kms-office.lab.test"\r\n`;
    const c = config({ spp: encodeRegUtf16(text) });
    expect(c.manualHost?.value).toEqual({ host: 'kms-office.lab.test', port: 1690 });
    expect(c.manualHost?.source).toBe(`${SPP}\\0ff1ce15-a989-479d-af46-f275c6370663\\KeyManagementServiceName, ${SPP}\\KeyManagementServicePort`);
  });

  it('reads a lookup domain and caching turned back on, saying the value names are not Microsoft-documented', () => {
    const c = config({ spp: fixture('spp-lookup-spp.reg') });
    expect(c.manualHost).toBeUndefined();
    expect(c.lookupDomain).toEqual({ value: 'kms.lab.test', source: `${SPP}\\KeyManagementServiceLookupDomain` });
    expect(c.hostCaching.value).toBe(true);
    expect(c.notes.join('\n')).toMatch(/KeyManagementServiceLookupDomain is not in Microsoft's registry reference/);
  });

  it('without the key: no manual host, caching on by default, and a note that says so', () => {
    const c = config({});
    expect(c.manualHost).toBeUndefined();
    expect(c.hostCaching).toEqual({ value: true, source: 'default (DisableKeyManagementServiceHostCaching not set)' });
    expect(c.notes).toContain(`${SPP} was not found: no manual host, lookup domain or caching setting`);
  });

  it('refuses a manual host that is no host name, naming the value, and keeps control characters out', () => {
    const text = `Windows Registry Editor Version 5.00\r\n\r\n[${SPP.replace('HKLM', 'HKEY_LOCAL_MACHINE')}]\r\n"KeyManagementServiceName"="bad host\u001b[2J"\r\n`;
    const c = config({ spp: encodeRegUtf16(text) });
    expect(c.manualHost).toBeUndefined();
    const note = c.notes.find((n) => n.includes('KeyManagementServiceName'));
    expect(note).toMatch(/is not a host name or IP address/);
    expect(note).not.toContain('\u001b');
  });

  it('an unreadable export is a note, not a crash', () => {
    const c = config({ spp: 'not a registry file' });
    expect(c.manualHost).toBeUndefined();
    expect(c.notes.join('\n')).toMatch(/the first line must be "Windows Registry Editor Version 5.00"/);
  });
});

describe('the DNS client settings', () => {
  const dns = { tcpip: fixture('dns-tcpip.reg'), searchPolicy: fixture('dns-search-policy.reg'), suffixPolicy: fixture('dns-suffix-policy.reg') };

  it('primary suffix (policy first), connection suffixes, then the policy search list, each with its source', () => {
    const c = config(dns);
    expect(c.domains).toEqual([
      { value: 'primary-policy.lab.test', source: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\System\\DNSClient\\NV PrimaryDnsSuffix (policy)' },
      { value: 'static.lab.test', source: `${TCPIP}\\Interfaces\\{1d2a7f8e-0000-4000-8000-000000000001}\\Domain` },
      { value: 'dhcp.lab.test', source: `${TCPIP}\\Interfaces\\{1d2a7f8e-0000-4000-8000-000000000002}\\DhcpDomain (DHCP option 15)` },
      { value: 'policy-a.lab.test', source: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient\\SearchList (policy)' },
      { value: 'policy-b.lab.test', source: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient\\SearchList (policy)' },
    ]);
    expect(c.notes).toContain(`the policy SearchList supersedes ${TCPIP}\\SearchList`);
  });

  it('without the policies: Domain, the interfaces, then Tcpip SearchList', () => {
    const c = config({ tcpip: dns.tcpip });
    expect(c.domains.map((d) => d.value)).toEqual(['corp.lab.test', 'static.lab.test', 'dhcp.lab.test', 'local-a.lab.test', 'local-b.lab.test']);
    expect(c.domains[0]!.source).toBe(`${TCPIP}\\Domain`);
    expect(c.domains[3]!.source).toBe(`${TCPIP}\\SearchList`);
  });

  it('servers: an interface\'s static NameServer over its DHCP servers, IPv6 too; the runtime\'s only when none', () => {
    const c = config({ tcpip: dns.tcpip }, ['10.9.9.9']);
    expect(c.servers).toEqual([
      { value: '192.0.2.53', source: `${TCPIP}\\Interfaces\\{1d2a7f8e-0000-4000-8000-000000000001}\\NameServer` },
      { value: '192.0.2.54', source: `${TCPIP}\\Interfaces\\{1d2a7f8e-0000-4000-8000-000000000001}\\NameServer` },
      { value: '198.51.100.53', source: `${TCPIP}\\Interfaces\\{1d2a7f8e-0000-4000-8000-000000000002}\\DhcpNameServer` },
      { value: '2001:db8::53', source: `${TCPIP}\\Interfaces\\{1d2a7f8e-0000-4000-8000-000000000002}\\DhcpNameServer` },
    ]);
    expect(config({}, ['10.9.9.9']).servers).toEqual([{ value: '10.9.9.9', source: "Node's dns.getServers() (the servers Windows gives its resolver)" }]);
  });

  it('a suffix that is no domain name is left out with a note naming its value', () => {
    const text = `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters]\r\n"SearchList"="good.lab.test,bad_..name"\r\n`;
    const c = config({ tcpip: text });
    expect(c.domains.map((d) => d.value)).toEqual(['good.lab.test']);
    expect(c.notes.join('\n')).toMatch(/SearchList: "bad_\.\.name" is not a domain name/);
  });
});

describe('WMI SoftwareLicensingProduct (handwritten ConvertTo-Json output)', () => {
  it('reads an array of products', () => {
    const state = readWmiProducts(fixture('wmi-products.json').toString('utf8'));
    expect(state).toEqual({
      read: true,
      products: [
        { name: 'Windows(R), Enterprise edition', licenseStatus: 1, kmsMachine: null, kmsPort: 0, discoveredName: 'kms1.corp.lab.test', discoveredPort: 1688, discoveredAddress: '192.0.2.10' },
        { name: 'Office 21, Office21ProPlus2021VL_KMS_Client_AE edition', licenseStatus: 5, kmsMachine: 'kms-office.lab.test', kmsPort: 1700, discoveredName: null, discoveredPort: 0, discoveredAddress: null },
      ],
    });
  });

  it('reads a single object (ConvertTo-Json of one product) with empty strings as absent', () => {
    const state = readWmiProducts(fixture('wmi-one.json').toString('utf8'));
    expect(state.read && state.products).toEqual([
      { name: 'Windows(R), ServerStandard edition', licenseStatus: 0, kmsMachine: null, kmsPort: 1688, discoveredName: null, discoveredPort: 0, discoveredAddress: null },
    ]);
  });

  it.each([
    ['', /printed nothing \(Wine has only a stub powershell.exe\)/],
    ['Get-CimInstance : Access denied', /did not print JSON/],
  ])('says why WMI was not read from %j', (output, reason) => {
    const state = readWmiProducts(output);
    expect(state.read).toBe(false);
    expect(!state.read && state.reason).toMatch(reason);
  });

  it('prints each product as slmgr /dlv would describe it', () => {
    const lines = windowsClientLines(config({}, [], readWmiProducts(fixture('wmi-products.json').toString('utf8'))));
    expect(lines).toContain('WMI SoftwareLicensingProduct: Windows(R), Enterprise edition: licensed; discovered host kms1.corp.lab.test:1688 at 192.0.2.10');
    expect(lines).toContain('WMI SoftwareLicensingProduct: Office 21, Office21ProPlus2021VL_KMS_Client_AE edition: notification; manual host kms-office.lab.test:1700; no discovered host');
  });
});

describe('the text block', () => {
  it('names the source of every value', () => {
    const text = formatWindowsClient(config({ spp: fixture('spp-levels-spp.reg'), tcpip: fixture('dns-tcpip.reg') }, []));
    expect(text).toMatch(/^This client's own settings \(read from the registry; flags override them\):\n/);
    for (const line of text.trimEnd().split('\n').slice(1).filter((l) => !l.includes('note:') && !l.includes('WMI'))) expect(line).toMatch(/\(from HKLM\\|\(from default/);
    expect(text).toContain('  WMI SoftwareLicensingProduct: not read: not asked\n');
  });
});

describe('readWindowsClient (the reader, with the machine replaced)', () => {
  function fakeIo(results: Record<string, ProgramResult>, files: Record<string, Uint8Array>) {
    const calls: string[][] = [];
    const io: WindowsReaderIo = {
      run: async (program, args) => {
        calls.push([program, ...args]);
        const key = program === 'reg.exe' ? args[1]! : program;
        return results[key] ?? { status: 1, stdout: '' };
      },
      makeTempDir: async () => 'T',
      removeDir: async (dir) => void calls.push(['rm', dir]),
      readFile: async (file) => files[file.replaceAll('\\', '/')] ?? new Uint8Array(),
      runtimeServers: () => ['127.0.0.1'],
    };
    return { io, calls };
  }

  it('exports each key from the 64-bit view, skips a missing key (exit 1), notes a failure, and removes its folder', async () => {
    const { io, calls } = fakeIo(
      {
        [SPP]: { status: 0, stdout: '' },
        [TCPIP]: { status: null, stdout: '', failure: 'stopped after 20000 ms' },
        'powershell.exe': { status: 0, stdout: fixture('wmi-one.json').toString('utf8') },
      },
      { 'T/spp.reg': fixture('spp-lookup-spp.reg') },
    );
    const c = await readWindowsClient(io);
    expect(c.lookupDomain?.value).toBe('kms.lab.test');
    expect(c.notes).toContain(`reg export ${TCPIP} failed (stopped after 20000 ms)`);
    expect(c.notes.some((n) => n.includes('DNSClient'))).toBe(false);
    expect(calls.filter((c) => c[0] === 'reg.exe').every((c) => c[1] === 'export' && c.at(-2) === '/y' && c.at(-1) === '/reg:64')).toBe(true);
    expect(calls).toContainEqual(['powershell.exe', '-NoProfile', '-NonInteractive', '-Command', WMI_COMMAND]);
    expect(calls.at(-2)).toEqual(['rm', 'T']);
    expect(c.wmi.read).toBe(true);
  });

  it('quotes reg.exe when a key every Windows has cannot be exported, but not for an unset policy', async () => {
    const { io } = fakeIo({ [SPP]: { status: 1, stdout: '', stderr: 'ERROR: Access is denied.\r\n' } }, {});
    const c = await readWindowsClient(io);
    expect(c.notes).toContain(`reg export ${SPP}: ERROR: Access is denied. (if access was denied, run elevated)`);
    expect(c.notes.filter((n) => n.includes('Policies'))).toEqual([]);
  });

  it('says so when PowerShell cannot be started', async () => {
    const { io } = fakeIo({ 'powershell.exe': { status: null, stdout: '', failure: 'ENOENT' } }, {});
    const c = await readWindowsClient(io);
    expect(c.wmi).toEqual({ read: false, reason: 'PowerShell could not be run (ENOENT)' });
  });
});
