// The registry values every Windows-side format sets (reg, reg-add, powershell), computed once from
// the plan so the formats cannot drift apart. docs/behaviour.md#publishing (host), #discovery (client).
import { KMS_DEFAULT_PORT } from '../../names/kms-service.js';
import type { Plan, PlanHost } from '../../plan/types.js';
import { KmsSrvError } from '../../util/errors.js';
import type { RegValue } from '../../regfile/types.js';
import { findHost } from '../records.js';
import type { RenderContext } from '../types.js';

const CURRENT_VERSION = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
/** Key below HKLM: Windows 7 / 2008 R2 and later, or Vista / 2008 with `legacy`. */
function sppKeyBelowHklm(legacy: boolean | undefined): string {
  return `${CURRENT_VERSION}\\${legacy ? 'SL' : 'SoftwareProtectionPlatform'}`;
}

export const RESTART_ADVICE = 'Restart the Software Protection service (sppsvc) so it reads the new values.';


export interface HostSettings {
  host: PlanHost;
  /** Path below HKEY_LOCAL_MACHINE. */
  keyBelowHklm: string;
  values: RegValue[];
}

/** `--host NAME` or the plan's first host (clients are pinned to one host). */
export function pinnedHost(plan: Plan, context: RenderContext): PlanHost {
  if (context.host !== undefined) return findHost(plan, context.host);
  const first = plan.hosts[0];
  if (!first) throw new KmsSrvError('INPUT_INVALID', 'the plan has no hosts to pin clients to');
  return first;
}

/**
 * `domain, priority, weight` per entry (the format Microsoft documents for DnsDomainPublishList);
 * Vista / 2008 read the domain only. The host's home domain is in `publish` already (plan loader).
 */
function publishListEntries(host: PlanHost, legacy: boolean | undefined): string[] {
  return host.publish.map((p) => (legacy ? p.domain : `${p.domain}, ${p.priority}, ${p.weight}`));
}

export function hostSettings(plan: Plan, host: PlanHost, context: RenderContext): HostSettings {
  const values: RegValue[] = [
    { name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: publishListEntries(host, context.legacy) },
  ];
  if (plan.publishing === 'manual') values.push({ name: 'DisableDnsPublishing', type: 'REG_DWORD', data: 1 });
  if (host.port !== KMS_DEFAULT_PORT) {
    values.push({ name: 'KeyManagementServiceListeningPort', type: 'REG_SZ', data: String(host.port) });
  }
  return { host, keyBelowHklm: sppKeyBelowHklm(context.legacy), values };
}

export function clientSettings(host: PlanHost, context: RenderContext): HostSettings {
  return {
    host,
    keyBelowHklm: sppKeyBelowHklm(context.legacy),
    values: [
      { name: 'KeyManagementServiceName', type: 'REG_SZ', data: host.name },
      { name: 'KeyManagementServicePort', type: 'REG_SZ', data: String(host.port) },
    ],
  };
}

/** Warnings shared by the host-side formats. */
export function hostWarnings(hosts: PlanHost[], context: RenderContext): string[] {
  const warnings: string[] = [];
  if (context.host === undefined && hosts.length > 1) {
    warnings.push(`one section per host (${hosts.length}): apply on each host only its own section, or use --host NAME`);
  }
  if (context.legacy) {
    for (const host of hosts) {
      if (host.publish.some((p) => p.priority !== 0 || p.weight !== 0)) {
        warnings.push(`${host.name}: Vista / 2008 ignore priority and weight; the SL key lists domains only`);
      }
    }
  }
  return warnings;
}
