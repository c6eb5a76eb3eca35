// The registry values every Windows-side format sets (reg, reg-add, powershell), computed once from
// the plan so the formats cannot drift apart. docs/behaviour.md#publishing (host), #discovery (client).
import { HOME_DOMAIN_NOTE } from '../../knowledge/registry-values.js';
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

/** Why a manual host gets DisableDnsPublishing and no publish list (issue 12 item 7). */
export const MANUAL_PUBLISHING_NOTE =
  'publishing is "manual" for this host: DisableDnsPublishing=1 stops it registering _vlmcs._tcp itself; no DnsDomainPublishList is written, as the list only matters while the host publishes.';

export interface HostSettings {
  host: PlanHost;
  /** Path below HKEY_LOCAL_MACHINE. */
  keyBelowHklm: string;
  values: RegValue[];
  /** Why these values and not others: a comment line each in every format. */
  notes: string[];
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

/**
 * The host's values: the publish list when it publishes itself, DisableDnsPublishing alone when its
 * records are managed by hand (both together would be pointless), and the port when not 1688.
 */
export function hostSettings(host: PlanHost, context: RenderContext): HostSettings {
  const manual = host.publishing === 'manual';
  const values: RegValue[] = manual
    ? [{ name: 'DisableDnsPublishing', type: 'REG_DWORD', data: 1 }]
    : [{ name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: publishListEntries(host, context.legacy) }];
  if (host.port !== KMS_DEFAULT_PORT) {
    values.push({ name: 'KeyManagementServiceListeningPort', type: 'REG_SZ', data: String(host.port) });
  }
  return { host, keyBelowHklm: sppKeyBelowHklm(context.legacy), values, notes: [manual ? MANUAL_PUBLISHING_NOTE : HOME_DOMAIN_NOTE] };
}

export function clientSettings(host: PlanHost, context: RenderContext): HostSettings {
  return {
    host,
    keyBelowHklm: sppKeyBelowHklm(context.legacy),
    values: [
      { name: 'KeyManagementServiceName', type: 'REG_SZ', data: host.name },
      { name: 'KeyManagementServicePort', type: 'REG_SZ', data: String(host.port) },
    ],
    notes: [],
  };
}

/**
 * The one host a host-side stream is for: `--host NAME`, or the plan's only host. Several hosts' values
 * in one stream would leave the last host's values on whichever host applies it (issue 11), so that is
 * refused; `generate --output-dir` writes one file per host instead (renderHostFiles).
 */
export function streamHost(plan: Plan, context: RenderContext, format: string): PlanHost {
  if (context.host !== undefined) return findHost(plan, context.host);
  const [only, ...others] = plan.hosts;
  if (only && others.length === 0) return only;
  throw new KmsSrvError(
    'USAGE',
    `${format}: the plan has ${plan.hosts.length} hosts, and each needs its own values; one file for all would leave the last host's values on every host that applies it. Use --host NAME for one host, or --output-dir DIR for one file per host.`,
    { details: { format, hosts: plan.hosts.length } },
  );
}

/** Warnings shared by the host-side formats. */
export function hostWarnings(host: PlanHost, context: RenderContext): string[] {
  if (context.legacy && host.publishing === 'auto' && host.publish.some((p) => p.priority !== 0 || p.weight !== 0)) {
    return [`${host.name}: Vista / 2008 ignore priority and weight; the SL key lists domains only`];
  }
  return [];
}
