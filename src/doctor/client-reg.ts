// A client's KMS settings, from a .reg export of its SoftwareProtectionPlatform key, as the checks
// need them: the manual host in force, the lookup domain, and whether host caching is off.
import type { ClientFact } from '../checks/facts.js';
import { registryManualHost, readKmsClientSettings } from '../regfile/kms-settings.js';

export interface ClientSettings {
  client: ClientFact;
  /** Values present but unusable, in plain words (from the .reg reader). */
  problems: string[];
}

export function clientFactFromReg(text: string | Uint8Array, fileName?: string): ClientSettings {
  const settings = readKmsClientSettings(text, fileName === undefined ? {} : { fileName });
  const manual = registryManualHost(settings);
  const client: ClientFact = {};
  if (manual !== undefined) {
    const { name, port } = manual;
    const host = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
    client.manualHost = port === undefined ? name : `${host}:${port}`;
  }
  if (settings.lookupDomain !== undefined && settings.lookupDomain.trim() !== '') client.lookupDomain = settings.lookupDomain.trim();
  if (settings.hostCachingDisabled !== undefined) client.hostCachingDisabled = settings.hostCachingDisabled;
  return { client, problems: settings.problems };
}
