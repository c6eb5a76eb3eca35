// A Windows client's own KMS and DNS settings, from what `reg export` wrote of four keys and what
// PowerShell printed of WMI (docs/windows-client.md). Pure: the files are read and the programs run by
// windows-reader.ts, so tests feed recorded exports. Every value keeps the place it was read from,
// because the output must say where each one came from.
import { isIP } from 'node:net';
import { readReg } from '../regfile/read.js';
import { registryManualHost, readKmsClientSettings, SPP_KEY, type KmsRegistrySettings } from '../regfile/kms-settings.js';
import { unlistedValueNote } from '../knowledge/registry-values.js';
import type { RegValue } from '../regfile/types.js';
import { nameProblem } from '../names/validate.js';
import { KMS_DEFAULT_PORT } from '../names/kms-service.js';
import { escapeForTerminal } from '../util/terminal.js';
import type { ManualHost } from './types.js';

const HKLM = 'HKEY_LOCAL_MACHINE';
/** The keys read, as `reg export` takes them (HKLM\…). */
export const WINDOWS_KEYS = {
  spp: SPP_KEY.replace(HKLM, 'HKLM'),
  tcpip: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters',
  // Group Policy "DNS Suffix Search List" (DnsClient.admx).
  searchPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient',
  // Group Policy "Primary DNS suffix" lives under System\DNSClient, not Windows NT\DNSClient.
  suffixPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\System\\DNSClient',
} as const;

export type WindowsKey = keyof typeof WINDOWS_KEYS;

/** What `reg export` wrote for each key; a key absent here did not exist (or could not be read: `problems`). */
export type WindowsExports = Partial<Record<WindowsKey, string | Uint8Array>>;

/** Where a value came from: a registry path with its value name, a policy, WMI or Node's runtime. */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** One licensed product as `SoftwareLicensingProduct` describes it (what `slmgr /dlv` shows). */
export interface WmiProduct {
  name: string;
  licenseStatus: number | null;
  /** KeyManagementServiceMachine / KeyManagementServicePort: the manual host as WMI reports it. */
  kmsMachine: string | null;
  kmsPort: number | null;
  /** DiscoveredKeyManagementServiceMachineName / Port / IpAddress: the host the client last used. */
  discoveredName: string | null;
  discoveredPort: number | null;
  discoveredAddress: string | null;
}

export type WmiState = { read: true; products: WmiProduct[] } | { read: false; reason: string };

export interface WindowsClientConfig {
  /** KeyManagementServiceName (and Port) in force: per SKU, else per AppID, else global. */
  manualHost?: Sourced<ManualHost>;
  lookupDomain?: Sourced<string>;
  hostCaching: Sourced<boolean>;
  /** The primary DNS suffix, then connection-specific suffixes, then the suffix search list. */
  domains: Array<Sourced<string>>;
  /** DNS server addresses, port 53. */
  servers: Array<Sourced<string>>;
  wmi: WmiState;
  /** Values present but unusable, and what was assumed, in plain words. */
  notes: string[];
}

const LICENSE_STATUS = ['unlicensed', 'licensed', 'out-of-box grace', 'out-of-tolerance grace', 'non-genuine grace', 'notification', 'extended grace'];

/** `LicenseStatus` in words (Microsoft's SoftwareLicensingProduct class documents 0–6). */
export function licenseStatusText(status: number | null): string {
  return status === null ? 'unknown' : (LICENSE_STATUS[status] ?? `status ${status}`);
}

type Values = Map<string, RegValue>;

/** Key path (lower case, HKEY_LOCAL_MACHINE\…) → its values by lower-case name, for one export. */
function exportedKeys(text: string | Uint8Array | undefined, key: WindowsKey, problems: string[]): Map<string, { path: string; values: Values }> {
  const keys = new Map<string, { path: string; values: Values }>();
  if (text === undefined) return keys;
  try {
    for (const k of readReg(text, { fileName: `reg export ${WINDOWS_KEYS[key]}` }).keys) {
      if (k.delete) continue;
      const values = new Map(k.values.map((v) => [v.name.toLowerCase(), v]));
      keys.set(k.path.toLowerCase(), { path: k.path, values });
    }
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return keys;
}

function shortPath(path: string): string {
  return path.startsWith(`${HKLM}\\`) ? `HKLM${path.slice(HKLM.length)}` : path;
}

function text(values: Values | undefined, name: string): string | undefined {
  const value = values?.get(name.toLowerCase());
  if (value?.type !== 'REG_SZ' && value?.type !== 'REG_EXPAND_SZ') return undefined;
  const trimmed = value.data.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A suffix list as the DNS client stores it: comma-separated (spaces tolerated). */
function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((part) => part !== '');
}

function domainOrProblem(value: string, source: string, problems: string[]): string | undefined {
  const domain = value.replace(/\.$/, '');
  const problem = nameProblem(domain, 'domain');
  if (problem === undefined) return domain;
  problems.push(`${source}: "${escapeForTerminal(value)}" is not a domain name (it ${problem}); ignored`);
  return undefined;
}

/** The manual host in force and where it was set (docs/behaviour.md#manual-host). */
function manualHostOf(settings: KmsRegistrySettings, problems: string[]): Sourced<ManualHost> | undefined {
  const manual = registryManualHost(settings);
  if (manual === undefined) return undefined;
  const { name, pinned } = manual;
  const at = pinned ? `${WINDOWS_KEYS.spp}\\${pinned.appId}${pinned.skuId ? `\\${pinned.skuId}` : ''}` : WINDOWS_KEYS.spp;
  const portAt = manual.portPinned ? at : manual.port !== undefined ? WINDOWS_KEYS.spp : undefined;
  const port = manual.port ?? KMS_DEFAULT_PORT;
  const host = name.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  const problem = isIP(host) ? undefined : nameProblem(host, 'domain');
  if (problem !== undefined) {
    problems.push(`${at}\\KeyManagementServiceName: "${escapeForTerminal(name)}" is not a host name or IP address (it ${problem}); ignored`);
    return undefined;
  }
  const source = `${at}\\KeyManagementServiceName${portAt ? `, ${portAt}\\KeyManagementServicePort` : ` (port ${KMS_DEFAULT_PORT}: KeyManagementServicePort not set)`}`;
  return { value: { host, port }, source };
}

function sppSettings(exported: string | Uint8Array | undefined, config: WindowsClientConfig): void {
  if (exported === undefined) {
    config.notes.push(`${WINDOWS_KEYS.spp} was not found: no manual host, lookup domain or caching setting`);
    return;
  }
  let settings: KmsRegistrySettings;
  try {
    settings = readKmsClientSettings(exported, { fileName: `reg export ${WINDOWS_KEYS.spp}` });
  } catch (error) {
    config.notes.push(error instanceof Error ? error.message : String(error));
    return;
  }
  config.notes.push(...settings.problems.map((p) => `${WINDOWS_KEYS.spp}: ${p}`));
  const manual = manualHostOf(settings, config.notes);
  if (manual) config.manualHost = manual;
  if (settings.lookupDomain !== undefined && settings.lookupDomain.trim() !== '') {
    const source = `${WINDOWS_KEYS.spp}\\KeyManagementServiceLookupDomain`;
    const domain = domainOrProblem(settings.lookupDomain.trim(), source, config.notes);
    if (domain !== undefined) config.lookupDomain = { value: domain, source };
    config.notes.push(unlistedValueNote('KeyManagementServiceLookupDomain'));
  }
  if (settings.hostCachingDisabled !== undefined) {
    config.hostCaching = { value: !settings.hostCachingDisabled, source: `${WINDOWS_KEYS.spp}\\DisableKeyManagementServiceHostCaching` };
    config.notes.push(unlistedValueNote('DisableKeyManagementServiceHostCaching'));
  }
}

/** Primary suffix, connection-specific suffixes, then the search list, each once, in that order. */
function dnsSuffixes(exports: WindowsExports, config: WindowsClientConfig): void {
  const tcpip = exportedKeys(exports.tcpip, 'tcpip', config.notes);
  const params = tcpip.get(`${HKLM}\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters`.toLowerCase())?.values;
  const searchPolicy = exportedKeys(exports.searchPolicy, 'searchPolicy', config.notes).get(`${HKLM}\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient`.toLowerCase())?.values;
  const suffixPolicy = exportedKeys(exports.suffixPolicy, 'suffixPolicy', config.notes).get(`${HKLM}\\SOFTWARE\\Policies\\Microsoft\\System\\DNSClient`.toLowerCase())?.values;
  const seen = new Set<string>();
  const add = (value: string, source: string) => {
    const domain = domainOrProblem(value, source, config.notes);
    if (domain === undefined || seen.has(domain.toLowerCase())) return;
    seen.add(domain.toLowerCase());
    config.domains.push({ value: domain, source });
  };
  // The policy supersedes the System dialog's suffix; `Domain` is the suffix in effect, `NV Domain`
  // the one configured (they differ until the restart that applies a change).
  const primary =
    (text(suffixPolicy, 'NV PrimaryDnsSuffix') !== undefined && { value: text(suffixPolicy, 'NV PrimaryDnsSuffix')!, source: `${WINDOWS_KEYS.suffixPolicy}\\NV PrimaryDnsSuffix (policy)` }) ||
    (text(params, 'Domain') !== undefined && { value: text(params, 'Domain')!, source: `${WINDOWS_KEYS.tcpip}\\Domain` }) ||
    (text(params, 'NV Domain') !== undefined && { value: text(params, 'NV Domain')!, source: `${WINDOWS_KEYS.tcpip}\\NV Domain` }) ||
    undefined;
  if (primary) add(primary.value, primary.source);
  const nvDomain = text(params, 'NV Domain');
  const domain = text(params, 'Domain');
  if (nvDomain !== undefined && domain !== undefined && nvDomain.toLowerCase() !== domain.toLowerCase()) {
    config.notes.push(`${WINDOWS_KEYS.tcpip}: Domain "${escapeForTerminal(domain)}" and NV Domain "${escapeForTerminal(nvDomain)}" differ (a changed primary suffix waits for a restart); Domain is used`);
  }
  for (const iface of interfaces(tcpip)) {
    const own = text(iface.values, 'Domain');
    const dhcp = text(iface.values, 'DhcpDomain');
    if (own !== undefined) add(own, `${shortPath(iface.path)}\\Domain`);
    else if (dhcp !== undefined) add(dhcp, `${shortPath(iface.path)}\\DhcpDomain (DHCP option 15)`);
  }
  const policyList = text(searchPolicy, 'SearchList');
  const localList = text(params, 'SearchList');
  const list = policyList !== undefined ? { value: policyList, source: `${WINDOWS_KEYS.searchPolicy}\\SearchList (policy)` } : localList !== undefined ? { value: localList, source: `${WINDOWS_KEYS.tcpip}\\SearchList` } : undefined;
  if (list) for (const suffix of splitList(list.value)) add(suffix, list.source);
  if (policyList !== undefined && localList !== undefined) config.notes.push(`the policy SearchList supersedes ${WINDOWS_KEYS.tcpip}\\SearchList`);
}

/** The per-interface subkeys (Tcpip\Parameters\Interfaces\{GUID}), in key order. */
function interfaces(tcpip: Map<string, { path: string; values: Values }>): Array<{ path: string; values: Values }> {
  const prefix = `${HKLM}\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\`.toLowerCase();
  return [...tcpip.entries()]
    .filter(([lower]) => lower.startsWith(prefix) && !lower.slice(prefix.length).includes('\\'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, key]) => key);
}

/** Per-interface NameServer (static) or DhcpNameServer; without any, the runtime's servers. */
function dnsServers(exports: WindowsExports, runtimeServers: readonly string[], config: WindowsClientConfig): void {
  const seen = new Set<string>();
  const add = (address: string, source: string) => {
    if (!isIP(address)) {
      config.notes.push(`${source}: "${escapeForTerminal(address)}" is not an IP address; ignored`);
      return;
    }
    if (seen.has(address)) return;
    seen.add(address);
    config.servers.push({ value: address, source });
  };
  for (const iface of interfaces(exportedKeys(exports.tcpip, 'tcpip', []))) {
    const own = text(iface.values, 'NameServer');
    const dhcp = text(iface.values, 'DhcpNameServer');
    if (own !== undefined) for (const a of splitList(own)) add(a, `${shortPath(iface.path)}\\NameServer`);
    else if (dhcp !== undefined) for (const a of splitList(dhcp)) add(a, `${shortPath(iface.path)}\\DhcpNameServer`);
  }
  if (config.servers.length === 0) for (const a of runtimeServers) add(a, "Node's dns.getServers() (the servers Windows gives its resolver)");
}

const MAX_WMI_TEXT = 1024;

function wmiText(record: Record<string, unknown>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_WMI_TEXT) : null;
}

function wmiNumber(record: Record<string, unknown>, name: string): number | null {
  const value = record[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? value : null;
}

/**
 * `Get-CimInstance SoftwareLicensingProduct … | ConvertTo-Json` as text: one object, or an array of
 * them. Empty output is what Wine's powershell.exe stub prints.
 */
export function readWmiProducts(output: string | null, failure?: string): WmiState {
  if (output === null) return { read: false, reason: failure ?? 'PowerShell could not be run' };
  const trimmed = output.trim();
  if (trimmed === '') return { read: false, reason: 'PowerShell printed nothing (Wine has only a stub powershell.exe)' };
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return { read: false, reason: 'PowerShell did not print JSON' };
  }
  const list = Array.isArray(data) ? data : [data];
  const products: WmiProduct[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    products.push({
      name: wmiText(record, 'Name') ?? '(no name)',
      licenseStatus: wmiNumber(record, 'LicenseStatus'),
      kmsMachine: wmiText(record, 'KeyManagementServiceMachine'),
      kmsPort: wmiNumber(record, 'KeyManagementServicePort'),
      discoveredName: wmiText(record, 'DiscoveredKeyManagementServiceMachineName'),
      discoveredPort: wmiNumber(record, 'DiscoveredKeyManagementServiceMachinePort'),
      discoveredAddress: wmiText(record, 'DiscoveredKeyManagementServiceMachineIpAddress'),
    });
  }
  return { read: true, products };
}

export interface WindowsClientInput {
  exports: WindowsExports;
  /** What Node's dns.getServers() says, used when no interface names a server. */
  runtimeServers: readonly string[];
  wmi: WmiState;
  /** Problems met while reading (a key that could not be exported…). */
  problems?: string[];
}

/** The client's configuration with the source of every value. */
export function windowsClientConfig(input: WindowsClientInput): WindowsClientConfig {
  const config: WindowsClientConfig = {
    hostCaching: { value: true, source: 'default (DisableKeyManagementServiceHostCaching not set)' },
    domains: [],
    servers: [],
    wmi: input.wmi,
    notes: [...(input.problems ?? [])],
  };
  sppSettings(input.exports.spp, config);
  dnsSuffixes(input.exports, config);
  dnsServers(input.exports, input.runtimeServers, config);
  return config;
}
