// `generate powershell`: the registry values (New-ItemProperty) for each KMS host and the DNS records
// (Add-DnsServerResourceRecord from the DnsServer module) for a Microsoft DNS server.
import { HOME_DOMAIN_NOTE } from '../knowledge/registry-values.js';
import { VLMCS_LABELS } from '../names/kms-service.js';
import type { Plan, PlanHost } from '../plan/types.js';
import type { RegValue } from '../regfile/types.js';
import { KmsSrvError } from '../util/errors.js';
import { selectHosts } from './records.js';
import { psQuote } from './quote.js';
import { hostSettings, hostWarnings, RESTART_ADVICE } from './registry/values.js';
import type { Renderer, RenderContext } from './types.js';

function itemProperty(path: string, value: RegValue): string {
  const head = `New-ItemProperty -Path ${psQuote(path)} -Name ${psQuote(value.name)}`;
  const tail = '-Force | Out-Null';
  switch (value.type) {
    case 'REG_MULTI_SZ':
      return `${head} -PropertyType MultiString -Value @(${value.data.map(psQuote).join(', ')}) ${tail}`;
    case 'REG_DWORD':
      return `${head} -PropertyType DWord -Value ${value.data} ${tail}`;
    case 'REG_SZ':
      return `${head} -PropertyType String -Value ${psQuote(value.data)} ${tail}`;
    default:
      throw new KmsSrvError('INPUT_INVALID', `powershell does not write ${value.type} values`);
  }
}

function registrySection(plan: Plan, host: PlanHost, context: RenderContext): string[] {
  const settings = hostSettings(plan, host, context);
  const path = `HKLM:\\${settings.keyBelowHklm}`;
  return [
    `# --- KMS host ${host.name}: run on that host only ---`,
    `# ${HOME_DOMAIN_NOTE}`,
    // New-Item -Force would empty an existing key, so create it only when it is missing.
    `if (-not (Test-Path -LiteralPath ${psQuote(path)})) { New-Item -Path ${psQuote(path)} | Out-Null }`,
    ...settings.values.map((value) => itemProperty(path, value)),
    `# ${RESTART_ADVICE}`,
    'Restart-Service -Name sppsvc',
  ];
}

function dnsSection(plan: Plan, hosts: PlanHost[]): string[] {
  const ttl = `-TimeToLive ([TimeSpan]::FromSeconds(${plan.ttl}))`;
  const lines = [
    '# --- DNS records: run on the Microsoft DNS server (DnsServer module) ---',
    '# Each publish domain is taken as its own zone; adjust -ZoneName and -Name when it lives in a parent zone.',
  ];
  if (plan.publishing === 'auto') {
    lines.push('# publishing is "auto": the hosts register these SRV records themselves; run this part only to create them by hand.');
  }
  for (const host of hosts) {
    for (const p of host.publish) {
      lines.push(
        `Add-DnsServerResourceRecord -ZoneName ${psQuote(p.domain)} -Name '${VLMCS_LABELS}' -Srv -DomainName ${psQuote(`${host.name}.`)} ` +
          `-Priority ${p.priority} -Weight ${p.weight} -Port ${host.port} ${ttl}`,
      );
    }
    const dot = host.name.indexOf('.');
    const [label, zone] = dot === -1 ? [host.name, host.name] : [host.name.slice(0, dot), host.name.slice(dot + 1)];
    for (const ip of host.ipv4) {
      lines.push(`Add-DnsServerResourceRecord -ZoneName ${psQuote(zone)} -Name ${psQuote(label)} -A -IPv4Address ${psQuote(ip)} ${ttl}`);
    }
    for (const ip of host.ipv6) {
      lines.push(`Add-DnsServerResourceRecord -ZoneName ${psQuote(zone)} -Name ${psQuote(label)} -AAAA -IPv6Address ${psQuote(ip)} ${ttl}`);
    }
  }
  return lines;
}

export const powershellRenderer: Renderer = {
  format: 'powershell',
  description: 'PowerShell: New-ItemProperty for the KMS host values, Restart-Service sppsvc, Add-DnsServerResourceRecord -Srv/-A/-AAAA',
  render(plan, context) {
    const hosts = selectHosts(plan, context);
    const lines = ['# kms-srv: run in an elevated PowerShell session.'];
    for (const host of hosts) lines.push('', ...registrySection(plan, host, context));
    lines.push('', ...dnsSection(plan, hosts));
    return { text: `${lines.join('\r\n')}\r\n`, warnings: hostWarnings(hosts, context) };
  },
};
