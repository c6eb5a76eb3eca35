// The Windows settings discover and doctor read, for people: each value with where it came from.
import { hostPort } from '../names/host-port.js';
import { escapeForTerminal } from '../util/terminal.js';
import { licenseStatusText, type WindowsClientConfig, type WmiProduct } from './windows-client.js';

function wmiLine(p: WmiProduct): string {
  const manual = p.kmsMachine !== null ? `; manual host ${hostPort(p.kmsMachine, p.kmsPort ?? 1688)}` : '';
  const found =
    p.discoveredName !== null
      ? `; discovered host ${hostPort(p.discoveredName, p.discoveredPort ?? 1688)}${p.discoveredAddress !== null ? ` at ${p.discoveredAddress}` : ''}`
      : '; no discovered host';
  return `${p.name}: ${licenseStatusText(p.licenseStatus)}${manual}${found}`;
}

/** One line per value, "what: value  (source)", then WMI and the notes; escaped for a terminal. */
export function windowsClientLines(config: WindowsClientConfig): string[] {
  const lines: string[] = [];
  const item = (what: string, value: string, source: string) => lines.push(`${what}: ${value}  (from ${source})`);
  if (config.manualHost) item('manual KMS host', hostPort(config.manualHost.value.host, config.manualHost.value.port), config.manualHost.source);
  else lines.push('manual KMS host: none (KeyManagementServiceName not set)');
  if (config.lookupDomain) item('lookup domain', config.lookupDomain.value, config.lookupDomain.source);
  item('host caching', config.hostCaching.value ? 'on' : 'off', config.hostCaching.source);
  if (config.domains.length === 0) lines.push('DNS suffixes: none found');
  for (const d of config.domains) item('DNS suffix', d.value, d.source);
  for (const s of config.servers) item('DNS server', s.value, s.source);
  if (!config.wmi.read) lines.push(`WMI SoftwareLicensingProduct: not read: ${config.wmi.reason}`);
  else if (config.wmi.products.length === 0) lines.push('WMI SoftwareLicensingProduct: no product with a key installed');
  else for (const p of config.wmi.products) lines.push(`WMI SoftwareLicensingProduct: ${wmiLine(p)}`);
  for (const note of config.notes) lines.push(`note: ${note}`);
  return lines.map((line) => escapeForTerminal(line));
}

/** The block discover and doctor print above their findings. */
export function formatWindowsClient(config: WindowsClientConfig): string {
  return `This client's own settings (read from the registry${config.wmi.read ? ' and WMI' : ''}; flags override them):\n${windowsClientLines(config)
    .map((l) => `  ${l}\n`)
    .join('')}`;
}
