import { describe, expect, it } from 'vitest';
import { readKmsClientSettings } from '../../src/regfile/kms-settings.js';
import { readReg } from '../../src/regfile/read.js';
import { powershellRenderer } from '../../src/render/powershell.js';
import { psQuote } from '../../src/render/quote.js';
import { regAddRenderer } from '../../src/render/registry/reg-add.js';
import { regClientRenderer, regRenderer } from '../../src/render/registry/reg.js';
import type { Renderer, RenderContext } from '../../src/render/types.js';
import { hostFileName, renderHostFiles } from '../../src/render/index.js';
import type { Plan } from '../../src/plan/types.js';
import { KmsSrvError } from '../../src/util/errors.js';
import { NOW, registryPlan } from './registry-fixtures.js';

const SPP = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const SL = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SL';

const plan = registryPlan();
const entries = (i: number, legacy = false) =>
  plan.hosts[i]!.publish.map((p) => (legacy ? p.domain : `${p.domain}, ${p.priority}, ${p.weight}`));

const ALL = (renderer: Renderer, context: RenderContext = NOW) => renderHostFiles(renderer, plan, context);

describe('reg', () => {
  it('writes one file per host, <host>.reg, each with a comment naming the host', () => {
    const files = ALL(regRenderer);
    expect(files.map((f) => f.name)).toEqual(['kms1.contoso.com.reg', 'kms2.fabrikam.com.reg']);
    const docs = files.map((f) => readReg(f.output.text));
    plan.hosts.forEach((host, i) => {
      expect(docs[i]?.keys.map((k) => k.path)).toEqual([SPP]);
      expect(docs[i]?.keys[0]?.comments?.[0]).toContain(host.name);
      expect(docs[i]?.keys[0]?.comments?.join(' ')).toContain('sppsvc');
    });
    expect(docs[0]?.keys[0]?.values).toEqual([{ name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: entries(0) }]);
    expect(docs[1]?.keys[0]?.values).toEqual([
      { name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: entries(1) },
      { name: 'KeyManagementServiceListeningPort', type: 'REG_SZ', data: String(plan.hosts[1]!.port) },
    ]);
  });

  it('writes the file as regedit exports it: UTF-16LE with a byte order mark, the text unchanged', () => {
    const out = regRenderer.render(plan, { ...NOW, host: 'kms1.contoso.com' });
    expect([...(out.bytes ?? []).slice(0, 2)]).toEqual([0xff, 0xfe]);
    expect(Buffer.from(out.bytes!.slice(2)).toString('utf16le')).toBe(out.text);
    expect(readReg(out.bytes!)).toEqual(readReg(out.text));
  });

  it.each([regRenderer, regAddRenderer, powershellRenderer])('$format refuses several hosts in one stream, naming --host and --output-dir', (renderer) => {
    let thrown: unknown;
    try {
      renderer.render(plan, NOW);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'USAGE',
      message: `${renderer.format}: the plan has 2 hosts, and each needs its own values; one file for all would leave the last host's values on every host that applies it. Use --host NAME for one host, or --output-dir DIR for one file per host.`,
    });
  });

  it('renders a plan of one host without --host', () => {
    const one: Plan = { ...plan, hosts: [plan.hosts[1]!] };
    expect(regRenderer.render(one, NOW).text).toBe(regRenderer.render(plan, { ...NOW, host: 'kms2.fabrikam.com' }).text);
  });

  it.each([['kms2.fabrikam.com'], ['KMS2.Fabrikam.com.']])('--host %s picks one host', (host) => {
    const out = regRenderer.render(plan, { ...NOW, host });
    const doc = readReg(out.text);
    expect(doc.keys).toHaveLength(1);
    expect(doc.keys[0]?.comments?.[0]).toContain('kms2.fabrikam.com');
    expect(out.warnings).toEqual([]);
    expect(ALL(regRenderer, { ...NOW, host }).map((f) => f.name)).toEqual(['kms2.fabrikam.com.reg']);
  });

  it('with publishing manual sets DisableDnsPublishing=1 and no publish list, and says why', () => {
    const doc = readReg(regRenderer.render(registryPlan({ publishing: 'manual' }), { ...NOW, host: 'kms1.contoso.com' }).text);
    expect(doc.keys[0]?.values).toEqual([{ name: 'DisableDnsPublishing', type: 'REG_DWORD', data: 1 }]);
    expect(doc.keys[0]?.comments?.join(' ')).toContain('no DnsDomainPublishList is written, as the list only matters while the host publishes');
  });

  it('follows each host\'s own publishing, the plan-wide value being the default', () => {
    const mixed: Plan = { ...plan, publishing: 'auto', hosts: [{ ...plan.hosts[0]!, publishing: 'manual' }, plan.hosts[1]!] };
    const [first, second] = renderHostFiles(regRenderer, mixed, NOW).map((f) => readReg(f.output.text).keys[0]?.values.map((v) => v.name));
    expect(first).toEqual(['DisableDnsPublishing']);
    expect(second).toEqual(['DnsDomainPublishList', 'KeyManagementServiceListeningPort']);
  });

  it('uses the Vista SL key and domain-only entries with --legacy, warning about dropped weights', () => {
    const out = regRenderer.render(plan, { ...NOW, legacy: true, host: 'kms1.contoso.com' });
    const doc = readReg(out.text);
    expect(doc.keys[0]?.path).toBe(SL);
    expect(doc.keys[0]?.values[0]).toEqual({ name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: entries(0, true) });
    expect(out.warnings).toEqual([expect.stringContaining('ignore priority and weight')]);
  });

  it('refuses a host that is not in the plan, naming the known ones', () => {
    expect(() => regRenderer.render(plan, { ...NOW, host: 'kms9.contoso.com' })).toThrow(
      new KmsSrvError('USAGE', '--host kms9.contoso.com is not a host of the plan (hosts: kms1.contoso.com, kms2.fabrikam.com)'),
    );
  });

  it('is what readKmsClientSettings reads back as host settings', () => {
    const auto = readKmsClientSettings(regRenderer.render(plan, { ...NOW, host: 'kms2.fabrikam.com' }).text);
    expect(auto.dnsDomainPublishList).toEqual(plan.hosts[1]!.publish.map((p) => ({ ...p, entry: `${p.domain}, ${p.priority}, ${p.weight}` })));
    expect(auto.listeningPort).toBe(plan.hosts[1]!.port);
    const manual = readKmsClientSettings(regRenderer.render(registryPlan({ publishing: 'manual' }), { ...NOW, host: 'kms2.fabrikam.com' }).text);
    expect(manual.disableDnsPublishing).toBe(true);
  });

  it('refuses a host name that would name a Windows device as a file', () => {
    expect(() => hostFileName('con.contoso.com', 'reg')).toThrow(/Windows device/);
    expect(() => hostFileName('../x.contoso.com', 'reg')).toThrow(/cannot name a file/);
    expect(hostFileName('console.contoso.com', 'reg')).toBe('console.contoso.com.reg');
  });
});

describe('reg-client', () => {
  it.each<[RenderContext, number]>([
    [NOW, 0],
    [{ ...NOW, host: 'kms2.fabrikam.com' }, 1],
  ])('pins clients to the chosen or first host (%o)', (context, index) => {
    const host = plan.hosts[index]!;
    const settings = readKmsClientSettings(regClientRenderer.render(plan, context).text);
    expect(settings).toMatchObject({ legacyKey: false, keyManagementServiceName: host.name, keyManagementServicePort: host.port });
  });
});

describe('reg-add', () => {
  const files = ALL(regAddRenderer);
  const lines = (i: number, p: Plan = plan) => renderHostFiles(regAddRenderer, p, NOW)[i]!.output.text.split('\r\n');

  it('writes <host>.cmd per host', () => {
    expect(files.map((f) => f.name)).toEqual(['kms1.contoso.com.cmd', 'kms2.fabrikam.com.cmd']);
  });

  it('joins REG_MULTI_SZ entries with reg.exe\'s \\0 separator, quotes the key and stops when reg add fails', () => {
    plan.hosts.forEach((_host, i) => {
      const multi = lines(i).filter((l) => l.includes('/t REG_MULTI_SZ'));
      expect(multi).toHaveLength(1);
      expect(multi[0]!.startsWith('reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform" /v "DnsDomainPublishList" ')).toBe(true);
      const data = /\/d "([^"]*)" \/f$/.exec(multi[0]!)?.[1];
      expect(data?.split('\\0')).toEqual(entries(i));
      expect(lines(i)[lines(i).indexOf(multi[0]!) + 1]).toBe('if errorlevel 1 exit /b 1');
    });
  });

  it('sets the DWORD and REG_SZ values, and restarts sppsvc only where it exists', () => {
    const manual = registryPlan({ publishing: 'manual' });
    for (const i of [0, 1]) {
      expect(lines(i, manual).filter((l) => l.includes('/v "DisableDnsPublishing" /t REG_DWORD /d 1 /f'))).toHaveLength(1);
      expect(lines(i, manual).filter((l) => l.includes('DnsDomainPublishList') && l.startsWith('reg add'))).toEqual([]);
      expect(lines(i)).toContain('sc query sppsvc >nul 2>&1');
      expect(lines(i)).toContain('  net start sppsvc');
    }
    expect(lines(1)).toContain(
      `reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform" /v "KeyManagementServiceListeningPort" /t REG_SZ /d "${plan.hosts[1]!.port}" /f`,
    );
  });
});

describe('powershell', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['a\u2019b', "'a\u2019\u2019b'"],
    ['$(x) `n', "'$(x) `n'"],
  ])('quotes %j as %s', (input, quoted) => {
    expect(psQuote(input)).toBe(quoted);
  });

  it('sets the values with New-ItemProperty per host, and adds SRV, A and AAAA records from dns-server.ps1 after looking', () => {
    const files = ALL(powershellRenderer);
    expect(files.map((f) => f.name)).toEqual(['kms1.contoso.com.ps1', 'kms2.fabrikam.com.ps1', 'dns-server.ps1']);
    const host1 = files[0]!.output.text.split('\r\n');
    const h1 = plan.hosts[0]!;
    expect(host1).toContain(
      `New-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform' -Name 'DnsDomainPublishList' -PropertyType MultiString -Value @(${entries(0).map((e) => `'${e}'`).join(', ')}) -Force | Out-Null`,
    );
    expect(host1.filter((l) => l.startsWith('if (Get-Service -Name sppsvc'))).toHaveLength(1);
    expect(host1.filter((l) => l.includes('DnsServerResourceRecord'))).toEqual([]);
    const dns = files[2]!.output.text.split('\r\n');
    expect(dns.filter((l) => l.startsWith('Set-KmsSrvSrv '))).toHaveLength(plan.hosts.reduce((n, h) => n + h.publish.length, 0));
    expect(dns).toContain(`Set-KmsSrvSrv -Zone '${h1.publish[1]!.domain}' -Target '${h1.name}.' -Priority ${h1.publish[1]!.priority} -Weight ${h1.publish[1]!.weight} -Port ${h1.port}`);
    expect(dns.filter((l) => l.startsWith('Add-KmsSrvAddress ') && l.includes(' -Type A '))).toHaveLength(3);
    expect(dns).toContain(`Add-KmsSrvAddress -Zone 'contoso.com' -Name 'kms1' -Type AAAA -Address '${h1.ipv6[0]}'`);
    // Looks before it adds: every Add-DnsServerResourceRecord sits in a helper after a Get-.
    expect(dns.filter((l) => l.startsWith('Add-DnsServerResourceRecord'))).toEqual([]);
    expect(dns).toContain('$KmsSrvServer = @{}');
  });

  it('talks to --server with -ComputerName, and refuses a port there', () => {
    const text = powershellRenderer.render(plan, { ...NOW, host: 'kms1.contoso.com', server: 'dc1.contoso.com' }).text;
    expect(text).toContain("$KmsSrvServer = @{ ComputerName = 'dc1.contoso.com' }");
    expect(text.match(/(Get|Add|Remove)-DnsServerResourceRecord @KmsSrvServer /g)?.length).toBe(6);
    expect(() => powershellRenderer.render(plan, { ...NOW, host: 'kms1.contoso.com', server: 'dc1.contoso.com:53' })).toThrow(/take no port/);
  });
});

describe.each<[string, Renderer]>([
  ['reg', regRenderer],
  ['reg-client', regClientRenderer],
  ['reg-add', regAddRenderer],
  ['powershell', powershellRenderer],
])('%s', (format, renderer) => {
  it('names itself, renders deterministically and uses CRLF only', () => {
    expect(renderer.format).toBe(format);
    const a = renderer.render(plan, { ...NOW, host: 'kms2.fabrikam.com' }).text;
    expect(renderer.render(registryPlan(), { now: new Date(0), host: 'kms2.fabrikam.com' }).text).toBe(a);
    expect(a.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('the home domain in DnsDomainPublishList', () => {
  it.each<[string, Renderer]>([
    ['reg', regRenderer],
    ['reg-add', regAddRenderer],
    ['powershell', powershellRenderer],
  ])('%s says, for each host, that Microsoft\'s pages disagree on it', (_format, renderer) => {
    const text = renderHostFiles(renderer, plan, NOW).map((f) => f.output.text).join('');
    const notes = text.split(/\r?\n/).filter((line) => /home domain is always used/.test(line));
    expect(notes.length).toBe(plan.hosts.length);
    for (const note of notes) expect(note).toMatch(/deployment guide that setting the list suspends publishing there/);
  });
});
