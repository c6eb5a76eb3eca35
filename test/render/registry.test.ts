import { describe, expect, it } from 'vitest';
import { readKmsClientSettings } from '../../src/regfile/kms-settings.js';
import { readReg } from '../../src/regfile/read.js';
import { powershellRenderer } from '../../src/render/powershell.js';
import { psQuote } from '../../src/render/quote.js';
import { regAddRenderer } from '../../src/render/registry/reg-add.js';
import { regClientRenderer, regRenderer } from '../../src/render/registry/reg.js';
import type { Renderer, RenderContext } from '../../src/render/types.js';
import { KmsSrvError } from '../../src/util/errors.js';
import { NOW, registryPlan } from './registry-fixtures.js';

const SPP = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const SL = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SL';

const plan = registryPlan();
const entries = (i: number, legacy = false) =>
  plan.hosts[i]!.publish.map((p) => (legacy ? p.domain : `${p.domain}, ${p.priority}, ${p.weight}`));

describe('reg', () => {
  it('writes one section per host, each preceded by a comment naming the host', () => {
    const out = regRenderer.render(plan, NOW);
    const doc = readReg(out.text);
    expect(doc.keys.map((k) => k.path)).toEqual([SPP, SPP]);
    plan.hosts.forEach((host, i) => {
      expect(doc.keys[i]?.comments?.[0]).toContain(host.name);
      expect(doc.keys[i]?.comments?.join(' ')).toContain('sppsvc');
    });
    expect(doc.keys[0]?.values).toEqual([{ name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: entries(0) }]);
    expect(doc.keys[1]?.values).toEqual([
      { name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: entries(1) },
      { name: 'KeyManagementServiceListeningPort', type: 'REG_SZ', data: String(plan.hosts[1]!.port) },
    ]);
    expect(out.warnings).toEqual([expect.stringContaining('one section per host')]);
  });

  it.each([['kms2.fabrikam.com'], ['KMS2.Fabrikam.com.']])('--host %s picks one host', (host) => {
    const out = regRenderer.render(plan, { ...NOW, host });
    const doc = readReg(out.text);
    expect(doc.keys).toHaveLength(1);
    expect(doc.keys[0]?.comments?.[0]).toContain('kms2.fabrikam.com');
    expect(out.warnings).toEqual([]);
  });

  it('sets DisableDnsPublishing=1 when records are managed by hand', () => {
    const doc = readReg(regRenderer.render(registryPlan({ publishing: 'manual' }), { ...NOW, host: 'kms1.contoso.com' }).text);
    expect(doc.keys[0]?.values).toContainEqual({ name: 'DisableDnsPublishing', type: 'REG_DWORD', data: 1 });
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
    const settings = readKmsClientSettings(regRenderer.render(registryPlan({ publishing: 'manual' }), { ...NOW, host: 'kms2.fabrikam.com' }).text);
    expect(settings.dnsDomainPublishList).toEqual(plan.hosts[1]!.publish.map((p) => ({ ...p, entry: `${p.domain}, ${p.priority}, ${p.weight}` })));
    expect(settings.disableDnsPublishing).toBe(true);
    expect(settings.listeningPort).toBe(plan.hosts[1]!.port);
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
  const text = regAddRenderer.render(registryPlan({ publishing: 'manual' }), NOW).text;
  const lines = text.split('\r\n');

  it('joins REG_MULTI_SZ entries with reg.exe\'s \\0 separator and quotes the key', () => {
    const multi = lines.filter((l) => l.includes('/t REG_MULTI_SZ'));
    expect(multi).toHaveLength(plan.hosts.length);
    multi.forEach((line, i) => {
      expect(line.startsWith('reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform" /v "DnsDomainPublishList" ')).toBe(true);
      const data = /\/d "([^"]*)" \/f$/.exec(line)?.[1];
      expect(data?.split('\\0')).toEqual(entries(i));
    });
  });

  it('sets the DWORD and REG_SZ values and restarts sppsvc once per host', () => {
    expect(lines.filter((l) => l.endsWith('/v "DisableDnsPublishing" /t REG_DWORD /d 1 /f'))).toHaveLength(plan.hosts.length);
    expect(lines).toContain(
      `reg add "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform" /v "KeyManagementServiceListeningPort" /t REG_SZ /d "${plan.hosts[1]!.port}" /f`,
    );
    expect(lines.filter((l) => l === 'net stop sppsvc && net start sppsvc')).toHaveLength(plan.hosts.length);
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

  it('sets the values with New-ItemProperty and adds SRV, A and AAAA records', () => {
    const text = powershellRenderer.render(plan, NOW).text;
    const lines = text.split('\r\n');
    const h1 = plan.hosts[0]!;
    expect(lines).toContain(
      `New-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform' -Name 'DnsDomainPublishList' -PropertyType MultiString -Value @(${entries(0).map((e) => `'${e}'`).join(', ')}) -Force | Out-Null`,
    );
    expect(lines.filter((l) => l === 'Restart-Service -Name sppsvc')).toHaveLength(plan.hosts.length);
    const srv = lines.filter((l) => l.includes(' -Srv '));
    expect(srv).toHaveLength(plan.hosts.reduce((n, h) => n + h.publish.length, 0));
    expect(srv[1]).toBe(
      `Add-DnsServerResourceRecord -ZoneName '${h1.publish[1]!.domain}' -Name '_vlmcs._tcp' -Srv -DomainName '${h1.name}.' -Priority ${h1.publish[1]!.priority} -Weight ${h1.publish[1]!.weight} -Port ${h1.port} -TimeToLive ([TimeSpan]::FromSeconds(${plan.ttl}))`,
    );
    expect(lines.filter((l) => l.includes(' -A -IPv4Address '))).toHaveLength(3);
    expect(lines).toContain(`Add-DnsServerResourceRecord -ZoneName 'contoso.com' -Name 'kms1' -AAAA -IPv6Address '${h1.ipv6[0]}' -TimeToLive ([TimeSpan]::FromSeconds(${plan.ttl}))`);
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
    const a = renderer.render(plan, NOW).text;
    expect(renderer.render(registryPlan(), { now: new Date(0) }).text).toBe(a);
    expect(a.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('the home domain in DnsDomainPublishList', () => {
  it.each<[string, Renderer]>([
    ['reg', regRenderer],
    ['reg-add', regAddRenderer],
    ['powershell', powershellRenderer],
  ])('%s says, for each host, that Microsoft\'s pages disagree on it', (_format, renderer) => {
    const text = renderer.render(plan, NOW).text;
    const notes = text.split(/\r?\n/).filter((line) => /home domain is always used/.test(line));
    expect(notes.length).toBe(plan.hosts.length);
    for (const note of notes) expect(note).toMatch(/deployment guide that setting the list suspends publishing there/);
  });
});
