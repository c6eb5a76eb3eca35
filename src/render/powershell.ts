// `generate powershell`: the registry values (New-ItemProperty) of one KMS host, and the DNS records
// (DnsServer module) for a Microsoft DNS server, `-ComputerName` from --server. Several hosts:
// `generate --output-dir` writes `<host>.ps1` (registry part, run on that host) and dns-server.ps1.
// The DNS part looks before it adds, so running it twice changes nothing: a record already there is
// left alone, an SRV record for the same target with other fields is replaced.
// Not executed in CI (no PowerShell here): test/render/examples.test.ts holds it to golden files.
import { VLMCS_LABELS } from '../names/kms-service.js';
import type { Plan, PlanHost } from '../plan/types.js';
import type { RegValue } from '../regfile/types.js';
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { psQuote } from './quote.js';
import { hostSettings, hostWarnings, RESTART_ADVICE, streamHost } from './registry/values.js';
import { parseScriptServer } from './script-args.js';
import type { RenderContext, RenderFile, RenderOutput, Renderer } from './types.js';

const HEADER = '# kms-srv: run in an elevated PowerShell session.';

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

function registrySection(host: PlanHost, context: RenderContext): string[] {
  const settings = hostSettings(host, context);
  const path = `HKLM:\\${settings.keyBelowHklm}`;
  return [
    `# --- KMS host ${host.name}: run on that host only ---`,
    ...settings.notes.map((note) => `# ${note}`),
    // New-Item -Force would empty an existing key, so create it only when it is missing.
    `if (-not (Test-Path -LiteralPath ${psQuote(path)})) { New-Item -Path ${psQuote(path)} | Out-Null }`,
    ...settings.values.map((value) => itemProperty(path, value)),
    `# ${RESTART_ADVICE}`,
    // Where the service is missing there is nothing to restart; the values wait for it.
    "if (Get-Service -Name sppsvc -ErrorAction SilentlyContinue) { Restart-Service -Name sppsvc } else { Write-Host 'kms-srv: no Software Protection service here; it reads the values when it starts.' }",
  ];
}

/** `--server`: the DNS server the DnsServer cmdlets talk to (WinRM/RPC, so a name or address, no port). */
function computerName(context: RenderContext): string | undefined {
  if (context.server === undefined) return undefined;
  const server = parseScriptServer(context.server);
  if (server.port !== undefined) {
    throw new KmsSrvError('USAGE', `--server ${JSON.stringify(excerpt(context.server))}: the DnsServer cmdlets take no port (-ComputerName); give the server alone`, { details: { flag: '--server' } });
  }
  return server.host;
}

// Helpers the DNS part calls: each looks at what the zone holds before it changes anything.
const DNS_HELPERS = [
  'function Set-KmsSrvSrv([string]$Zone, [string]$Target, [int]$Priority, [int]$Weight, [int]$Port) {',
  `  $same = @(Get-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name ${psQuote(VLMCS_LABELS)} -RRType Srv -ErrorAction SilentlyContinue |`,
  '    Where-Object { $_.RecordData.DomainName -eq $Target })',
  '  if ($same | Where-Object { $_.RecordData.Priority -eq $Priority -and $_.RecordData.Weight -eq $Weight -and $_.RecordData.Port -eq $Port }) {',
  '    Write-Host "kms-srv: present: _vlmcs._tcp.$Zone SRV $Priority $Weight $Port $Target"; return',
  '  }',
  '  # The same target with another priority, weight or port: replaced, so the zone says what the plan says.',
  '  foreach ($old in $same) { Remove-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -InputObject $old -Force }',
  `  Add-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name ${psQuote(VLMCS_LABELS)} -Srv -DomainName $Target -Priority $Priority -Weight $Weight -Port $Port -TimeToLive $KmsSrvTtl`,
  '}',
  'function Add-KmsSrvAddress([string]$Zone, [string]$Name, [string]$Type, [string]$Address) {',
  '  $there = Get-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name $Name -RRType $Type -ErrorAction SilentlyContinue |',
  "    Where-Object { $(if ($Type -eq 'A') { $_.RecordData.IPv4Address } else { $_.RecordData.IPv6Address }).IPAddressToString -eq $Address }",
  '  if ($there) { Write-Host "kms-srv: present: $Name.$Zone $Type $Address"; return }',
  "  if ($Type -eq 'A') { Add-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name $Name -A -IPv4Address $Address -TimeToLive $KmsSrvTtl }",
  '  else { Add-DnsServerResourceRecord @KmsSrvServer -ZoneName $Zone -Name $Name -AAAA -IPv6Address $Address -TimeToLive $KmsSrvTtl }',
  '}',
];

function dnsSection(plan: Plan, hosts: readonly PlanHost[], context: RenderContext): string[] {
  const server = computerName(context);
  const lines = [
    server === undefined
      ? '# --- DNS records: run on the Microsoft DNS server (DnsServer module) ---'
      : `# --- DNS records on ${server} (DnsServer module; run where it is installed, with rights on that server) ---`,
    '# Each publish domain is taken as its own zone; adjust -ZoneName and -Name when it lives in a parent zone.',
    '# Safe to run twice: each record is looked up first and added only when missing.',
    `$KmsSrvServer = @{${server === undefined ? '' : ` ComputerName = ${psQuote(server)} `}}`,
    `$KmsSrvTtl = [TimeSpan]::FromSeconds(${plan.ttl})`,
    ...DNS_HELPERS,
  ];
  for (const host of hosts) {
    lines.push(
      host.publishing === 'auto'
        ? `# ${host.name}: publishing "auto": it registers its SRV records itself; these lines create them by hand (a record created here is owned by you, and a secure zone then refuses the host's own updates: event 12293).`
        : `# ${host.name}: publishing "manual": these records are the only ones it gets.`,
    );
    for (const p of host.publish) {
      lines.push(`Set-KmsSrvSrv -Zone ${psQuote(p.domain)} -Target ${psQuote(`${host.name}.`)} -Priority ${p.priority} -Weight ${p.weight} -Port ${host.port}`);
    }
    const dot = host.name.indexOf('.');
    const [label, zone] = dot === -1 ? [host.name, host.name] : [host.name.slice(0, dot), host.name.slice(dot + 1)];
    for (const ip of host.ipv4) lines.push(`Add-KmsSrvAddress -Zone ${psQuote(zone)} -Name ${psQuote(label)} -Type A -Address ${psQuote(ip)}`);
    for (const ip of host.ipv6) lines.push(`Add-KmsSrvAddress -Zone ${psQuote(zone)} -Name ${psQuote(label)} -Type AAAA -Address ${psQuote(ip)}`);
  }
  return lines;
}

function script(sections: string[][]): string {
  return `${[HEADER, ...sections.flatMap((s) => ['', ...s])].join('\r\n')}\r\n`;
}

/** One host's file in `--output-dir`: its registry part only (the DNS part is dns-server.ps1). */
function renderHost(_plan: Plan, host: PlanHost, context: RenderContext): RenderOutput {
  return { text: script([registrySection(host, context)]), warnings: hostWarnings(host, context) };
}

function sharedFiles(plan: Plan, context: RenderContext): RenderFile[] {
  const hosts = context.host === undefined ? plan.hosts : plan.hosts.filter((h) => h.name === streamHost(plan, context, 'powershell').name);
  return [{ name: 'dns-server.ps1', output: { text: script([dnsSection(plan, hosts, context)]), warnings: [] } }];
}

export const powershellRenderer: Renderer = {
  format: 'powershell',
  description: "PowerShell for one host: its registry values, Restart-Service sppsvc, and its DNS records (looked up before they are added; --server: -ComputerName)",
  render(plan, context) {
    const host = streamHost(plan, context, 'powershell');
    return { text: script([registrySection(host, context), dnsSection(plan, [host], context)]), warnings: hostWarnings(host, context) };
  },
  perHost: { extension: 'ps1', render: renderHost, shared: sharedFiles },
};
