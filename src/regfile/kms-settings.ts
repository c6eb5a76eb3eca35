// What a host's or client's exported registry says about KMS (docs/behaviour.md#publishing, #discovery), for `doctor`.
// The file is applied in order like regedit would (later values win, deletions remove), then the
// SoftwareProtectionPlatform key (or Vista's SL key) and its per-AppID / per-SKU subkeys are read.
import { readReg, type ReadRegOptions } from './read.js';
import type { RegValue } from './types.js';

const CURRENT_VERSION = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
export const SPP_KEY = `${CURRENT_VERSION}\\SoftwareProtectionPlatform`;
export const SL_KEY = `${CURRENT_VERSION}\\SL`;

export interface PublishListEntry {
  /** The entry as stored. */
  entry: string;
  domain: string;
  /** Missing parts default to 0 (docs/behaviour.md#publishing). */
  priority: number;
  weight: number;
}

export interface KmsPinnedHost {
  /** The AppID subkey (a GUID) and, for a per-SKU setting, the SKU subkey below it. */
  appId: string;
  skuId?: string;
  keyManagementServiceName?: string;
  keyManagementServicePort?: number;
}

/** The KMS settings read from a `.reg` export, and what is wrong with them. */
export interface KmsRegistrySettings {
  /** True when the values came from Vista / 2008's `SL` key. */
  legacyKey: boolean;
  keyManagementServiceName?: string;
  keyManagementServicePort?: number;
  /** KeyManagementServiceLookupDomain (`slmgr /skms-domain`); a value name Microsoft's registry reference does not list. */
  lookupDomain?: string;
  /** DisableKeyManagementServiceHostCaching = 1 (`slmgr /ckhc`); a value name Microsoft's registry reference does not list. */
  hostCachingDisabled?: boolean;
  dnsDomainPublishList?: PublishListEntry[];
  disableDnsPublishing?: boolean;
  enableKmsLowPriority?: boolean;
  listeningPort?: number;
  /** Minutes (VLActivationInterval / VLRenewalInterval). */
  activationInterval?: number;
  renewalInterval?: number;
  /** Per-SKU first, then per-AppID: the order the client tries them (docs/behaviour.md#manual-host). */
  pinned: KmsPinnedHost[];
  /** Values present but unusable (wrong type, port not a number…), in plain words. */
  problems: string[];
}

type ValueMap = Map<string, RegValue>;
/** A key after applying the file: its path as first written (GUID case kept) and its values. */
interface AppliedKey {
  path: string;
  values: ValueMap;
}

/** The KMS client settings a `.reg` export holds (a pinned host, the publishing list, the domain searched), applied in file order as regedit would, with the problems found. */
export function readKmsClientSettings(regText: string | Uint8Array, options: ReadRegOptions = {}): KmsRegistrySettings {
  const keys = applyInOrder(regText, options);
  const mainPath = keys.has(SPP_KEY.toLowerCase()) || !keys.has(SL_KEY.toLowerCase()) ? SPP_KEY : SL_KEY;
  const settings: KmsRegistrySettings = { legacyKey: mainPath === SL_KEY, pinned: [], problems: [] };
  const main = keys.get(mainPath.toLowerCase())?.values ?? new Map<string, RegValue>();
  const where = mainPath.slice(mainPath.lastIndexOf('\\') + 1);
  const text = (name: string) => stringValue(main, name, where, settings.problems);
  const dword = (name: string) => dwordValue(main, name, where, settings.problems);
  const port = (name: string) => portValue(main, name, where, settings.problems);

  assign(settings, 'keyManagementServiceName', text('KeyManagementServiceName'));
  assign(settings, 'keyManagementServicePort', port('KeyManagementServicePort'));
  // Not in Microsoft's registry reference: WMI property names, read under the registry names
  // third-party sources give (src/knowledge/registry-values.ts).
  assign(settings, 'lookupDomain', text('KeyManagementServiceLookupDomain'));
  assign(settings, 'hostCachingDisabled', flag(dword('DisableKeyManagementServiceHostCaching')));
  assign(settings, 'disableDnsPublishing', flag(dword('DisableDnsPublishing')));
  assign(settings, 'enableKmsLowPriority', flag(dword('EnableKmsLowPriority')));
  assign(settings, 'listeningPort', port('KeyManagementServiceListeningPort'));
  assign(settings, 'activationInterval', dword('VLActivationInterval'));
  assign(settings, 'renewalInterval', dword('VLRenewalInterval'));
  const list = main.get('dnsdomainpublishlist');
  if (list?.type === 'REG_MULTI_SZ') settings.dnsDomainPublishList = list.data.map(parsePublishEntry);
  else if (list) settings.problems.push(`${where}\\DnsDomainPublishList is ${list.type}, not REG_MULTI_SZ`);

  const prefix = `${mainPath.toLowerCase()}\\`;
  for (const [lower, { path, values }] of keys) {
    if (!lower.startsWith(prefix)) continue;
    const [appId, skuId, ...deeper] = path.slice(prefix.length).split('\\');
    if (appId === undefined || deeper.length > 0) continue;
    const at = `${where}\\${appId}${skuId ? `\\${skuId}` : ''}`;
    const pinned: KmsPinnedHost = skuId ? { appId, skuId } : { appId };
    assign(pinned, 'keyManagementServiceName', stringValue(values, 'KeyManagementServiceName', at, settings.problems));
    assign(pinned, 'keyManagementServicePort', portValue(values, 'KeyManagementServicePort', at, settings.problems));
    if (pinned.keyManagementServiceName !== undefined || pinned.keyManagementServicePort !== undefined) settings.pinned.push(pinned);
  }
  settings.pinned.sort((a, b) => Number(b.skuId !== undefined) - Number(a.skuId !== undefined) || a.appId.localeCompare(b.appId));
  return settings;
}

/** `domain[, priority[, weight]]`; a part that is not a number counts as 0 and is kept in `entry`. */
export function parsePublishEntry(entry: string): PublishListEntry {
  const [domain = '', priority, weight] = entry.split(',').map((part) => part.trim());
  const num = (part: string | undefined) => (part !== undefined && /^\d+$/.test(part) ? Number(part) : 0);
  return { entry, domain, priority: num(priority), weight: num(weight) };
}

/** Key paths (lower case) → values (lower-case names), after applying every key block in order. */
function applyInOrder(regText: string | Uint8Array, options: ReadRegOptions): Map<string, AppliedKey> {
  const keys = new Map<string, AppliedKey>();
  for (const key of readReg(regText, options).keys) {
    const path = key.path.toLowerCase();
    if (key.delete) {
      for (const existing of [...keys.keys()]) if (existing === path || existing.startsWith(`${path}\\`)) keys.delete(existing);
      continue;
    }
    const applied = keys.get(path) ?? { path: key.path, values: new Map<string, RegValue>() };
    keys.set(path, applied);
    const values = applied.values;
    for (const value of key.values) {
      if (value.type === 'DELETE') values.delete(value.name.toLowerCase());
      else values.set(value.name.toLowerCase(), value);
    }
  }
  return keys;
}

function stringValue(values: ValueMap, name: string, where: string, problems: string[]): string | undefined {
  const value = values.get(name.toLowerCase());
  if (!value) return undefined;
  if (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') return value.data;
  problems.push(`${where}\\${name} is ${value.type}, not REG_SZ`);
  return undefined;
}

function dwordValue(values: ValueMap, name: string, where: string, problems: string[]): number | undefined {
  const value = values.get(name.toLowerCase());
  if (!value) return undefined;
  if (value.type === 'REG_DWORD') return value.data;
  problems.push(`${where}\\${name} is ${value.type}, not REG_DWORD`);
  return undefined;
}

function portValue(values: ValueMap, name: string, where: string, problems: string[]): number | undefined {
  const text = stringValue(values, name, where, problems);
  if (text === undefined) return undefined;
  const port = /^\s*\d{1,5}\s*$/.test(text) ? Number(text) : NaN;
  if (port >= 1 && port <= 65535) return port;
  problems.push(`${where}\\${name} is "${text}", not a port number 1-65535`);
  return undefined;
}

function flag(value: number | undefined): boolean | undefined {
  return value === undefined ? undefined : value !== 0;
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
