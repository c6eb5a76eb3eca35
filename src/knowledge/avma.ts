// Automatic Virtual Machine Activation (docs/behaviour.md#avma) as data: which host
// version activates which guest version, the generic AVMA keys, and the events 12309/12310.
import { usageError } from '../util/errors.js';

/** Long-term releases: the rows and columns of Microsoft's host → guest table. */
export const AVMA_RELEASES = ['2012r2', '2016', '2019', '2022', '2025'] as const;
export type AvmaRelease = (typeof AVMA_RELEASES)[number];
/** Semi-Annual Channel releases: they have keys but are not in the host → guest table. */
const AVMA_SAC_RELEASES = ['1709', '1803', '1809', '1903', '1909'] as const;
export type AvmaSacRelease = (typeof AVMA_SAC_RELEASES)[number];
export type AvmaVersion = AvmaRelease | AvmaSacRelease;
export const AVMA_VERSIONS: readonly AvmaVersion[] = [...AVMA_RELEASES, ...AVMA_SAC_RELEASES];

export const AVMA_EDITIONS = ['datacenter', 'azure', 'standard', 'essentials'] as const;
export type AvmaEdition = (typeof AVMA_EDITIONS)[number];

export const EDITION_LABEL: Record<AvmaEdition, string> = {
  datacenter: 'Datacenter',
  azure: 'Datacenter: Azure Edition',
  standard: 'Standard',
  essentials: 'Essentials',
};

export function versionLabel(version: AvmaVersion): string {
  if (version === '2012r2') return 'Windows Server 2012 R2';
  return (AVMA_SAC_RELEASES as readonly string[]).includes(version) ? `Windows Server, version ${version}` : `Windows Server ${version}`;
}

/** Host release → the guest releases it activates (all editions of each). */
export const AVMA_MATRIX: Record<AvmaRelease, readonly AvmaRelease[]> = {
  '2025': ['2025', '2022', '2019', '2016', '2012r2'],
  '2022': ['2022', '2019', '2016', '2012r2'],
  '2019': ['2019', '2016', '2012r2'],
  '2016': ['2016', '2012r2'],
  '2012r2': ['2012r2'],
};

const KEY_2019 = { datacenter: 'H3RNG-8C32Q-Q8FRX-6TDXV-WMBMW', standard: 'TNK62-RXVTB-4P47B-2D623-4GF74' } as const;
const KEY_2016 = { datacenter: 'TMJ3Y-NTRTM-FJYXT-T22BY-CWG3J', standard: 'C3RCX-M6NRP-6CXC9-TW2F2-4RHYD' } as const;

/** Generic AVMA keys by version and edition; an edition absent from a version has no key. */
export const AVMA_KEYS: Record<AvmaVersion, Partial<Record<AvmaEdition, string>>> = {
  '2025': { datacenter: 'YQB4H-NKHHJ-Q6K4R-4VMY6-VCH67', azure: '6NMQ9-T38WF-6MFGM-QYGYM-88J4F', standard: 'WWVGQ-PNHV9-B89P4-8GGM9-9HPQ4' },
  '2022': { datacenter: 'W3GNR-8DDXR-2TFRP-H8P33-DV9BG', azure: 'F7TB6-YKN8Y-FCC6R-KQ484-VMK3J', standard: 'YDFWN-MJ9JR-3DYRK-FXXRW-78VHK' },
  '2019': { ...KEY_2019, essentials: '2CTP7-NHT64-BP62M-FV6GG-HFV28' },
  '1909': KEY_2019,
  '1903': KEY_2019,
  '1809': KEY_2019,
  '1803': KEY_2016,
  '1709': KEY_2016,
  '2016': { ...KEY_2016, essentials: 'B4YNW-62DX9-W8V6M-82649-MHBKQ' },
  '2012r2': { datacenter: 'Y4TGP-NPTV9-HTC2H-7MGQ3-DV4TW', standard: 'DBGBW-NPF86-BJVTX-K3WKJ-MTB6V', essentials: 'K2XGM-NMBT3-2R6Q8-WF2FK-P36R2' },
};

/**
 * A Semi-Annual Channel guest is judged as the long-term release whose keys it shares. Microsoft's
 * table does not list these releases, so this is an assumption and `check` says so.
 */
const SAC_FAMILY: Record<AvmaSacRelease, AvmaRelease> = { '1709': '2016', '1803': '2016', '1809': '2019', '1903': '2019', '1909': '2019' };

/** "2012 R2", "Windows Server 2012R2", "ws2019", "version 1809" → the canonical version. */
export function parseAvmaVersion(text: string): AvmaVersion {
  const key = text.toLowerCase().replace(/windows|server|version|ws|[\s_,.-]/g, '');
  const found = AVMA_VERSIONS.find((v) => v === key);
  if (!found) {
    throw usageError(`unknown Windows Server version "${text}": use one of ${AVMA_VERSIONS.map(displayVersion).join(', ')}`);
  }
  return found;
}

export function displayVersion(version: AvmaVersion): string {
  return version === '2012r2' ? '2012 R2' : version;
}

const EDITION_ALIASES: Record<string, AvmaEdition> = {
  datacenter: 'datacenter', dc: 'datacenter', serverdatacenter: 'datacenter',
  standard: 'standard', std: 'standard', serverstandard: 'standard',
  essentials: 'essentials', serveressentials: 'essentials',
  azure: 'azure', azureedition: 'azure', datacenterazureedition: 'azure', datacenterazure: 'azure', serverdatacenterazureedition: 'azure',
};

export function parseAvmaEdition(text: string): AvmaEdition {
  const found = EDITION_ALIASES[text.toLowerCase().replace(/[\s:_-]/g, '')];
  if (!found) throw usageError(`unknown edition "${text}": use one of ${AVMA_EDITIONS.join(', ')}`);
  return found;
}

/** The key to install, or undefined when that version has no AVMA key for that edition. */
export function avmaKey(version: AvmaVersion, edition: AvmaEdition): string | undefined {
  return AVMA_KEYS[version][edition];
}

function isSacRelease(version: AvmaVersion): version is AvmaSacRelease {
  return (AVMA_SAC_RELEASES as readonly string[]).includes(version);
}

export interface AvmaVerdict {
  supported: boolean;
  reason: string;
  /** The key to install in the guest; null without an edition, or when unsupported. */
  key: string | null;
  steps: string[];
}

/** "Windows Server 2019, 2016 and 2012 R2": one product name, then the versions. */
function listVersions(versions: readonly AvmaVersion[]): string {
  const shown = versions.map(displayVersion);
  const last = shown.pop();
  return `Windows Server ${shown.length > 0 ? `${shown.join(', ')} and ${last}` : last}`;
}

export function checkAvma(host: AvmaVersion, guest: AvmaVersion, guestEdition?: AvmaEdition): AvmaVerdict {
  const hostLabel = versionLabel(host);
  const guestLabel = versionLabel(guest);
  if (isSacRelease(host)) {
    return {
      supported: false,
      reason: `${hostLabel} is not listed as an AVMA host; hosts are Windows Server ${AVMA_RELEASES.map(displayVersion).join(', ')} Datacenter.`,
      key: null,
      steps: [],
    };
  }
  const family = isSacRelease(guest) ? SAC_FAMILY[guest] : guest;
  const assumption = isSacRelease(guest)
    ? ` (${guestLabel} is not in Microsoft's table; judged as ${versionLabel(family)}, whose AVMA keys it shares — an assumption)`
    : '';
  if (!AVMA_MATRIX[host].includes(family)) {
    return {
      supported: false,
      reason: `A ${hostLabel} host activates only ${listVersions(AVMA_MATRIX[host])} guests, not ${guestLabel}${assumption}. The guest would log event 12309 "Invalid Host".`,
      key: null,
      steps: [],
    };
  }
  if (guestEdition !== undefined && avmaKey(guest, guestEdition) === undefined) {
    const editions = AVMA_EDITIONS.filter((e) => avmaKey(guest, e) !== undefined).map((e) => EDITION_LABEL[e]);
    return {
      supported: false,
      reason: `${guestLabel} has no AVMA key for ${EDITION_LABEL[guestEdition]}; AVMA keys exist for ${editions.join(', ')}.`,
      key: null,
      steps: [],
    };
  }
  const key = guestEdition === undefined ? null : avmaKey(guest, guestEdition)!;
  const guestText = guestEdition === undefined ? `${guestLabel} guests of any edition` : `${guestLabel} ${EDITION_LABEL[guestEdition]} guests`;
  return {
    supported: true,
    reason: `A ${hostLabel} Datacenter host activates ${guestText}${assumption}.`,
    key,
    steps: avmaSteps(guest, guestEdition),
  };
}

/** DISM edition IDs that are certain; Essentials and Azure Edition are named as the guest lists them. */
const DISM_EDITION_ID: Partial<Record<AvmaEdition, string>> = { datacenter: 'ServerDatacenter', standard: 'ServerStandard' };

function avmaSteps(guest: AvmaVersion, guestEdition: AvmaEdition | undefined): string[] {
  const keyStep =
    guestEdition === undefined
      ? `In the guest, from an elevated prompt: slmgr /ipk <AVMA key for the edition> (kms-srv avma key --version ${displayVersion(guest)} --edition EDITION)`
      : `In the guest, from an elevated prompt: slmgr /ipk ${avmaKey(guest, guestEdition)!}`;
  const target = (guestEdition === undefined ? undefined : DISM_EDITION_ID[guestEdition]) ?? '<edition ID as /Get-TargetEditions lists it>';
  return [
    'Host: Windows Server Datacenter with the Hyper-V role installed, and the host itself activated (slmgr /dlv on the host).',
    'Failover cluster: every node must be activated, or a guest loses activation when it moves to an unactivated node.',
    'Guest settings in Hyper-V: the Data Exchange integration service (key-value pair exchange, KVP) must be enabled.',
    'In the guest: DISM /online /Get-CurrentEdition — the edition must match the AVMA key.',
    `If it does not: DISM /online /Get-TargetEditions, then DISM /online /Set-Edition:${target} /ProductKey:<KMS client setup key> /AcceptEula, and restart.`,
    keyStep,
    'Check: slmgr /dlv in the guest shows it licensed; event 12309 in the guest and 12310 on the host record the request.',
  ];
}

export interface AvmaNotification {
  /** Stable identifier ("invalid-host"). */
  id: string;
  /** As the event shows it ("Invalid Host"). */
  name: string;
  meaning: string;
  fix: string[];
}

export const AVMA_NOTIFICATIONS: readonly AvmaNotification[] = [
  {
    id: 'success', name: 'AVMA Success',
    meaning: 'The virtual machine was activated by its Hyper-V host.',
    fix: ['Nothing to do.'],
  },
  {
    id: 'invalid-host', name: 'Invalid Host',
    meaning: 'The Hyper-V host did not respond; this happens when the host does not run a Windows Server version that can activate this guest.',
    fix: [
      'Check the pair with kms-srv avma check --host V --guest V: the host must be the same release as the guest or newer.',
      'The host must be Datacenter with Hyper-V, and activated; in a cluster, every node.',
      'Enable the Data Exchange integration service in the VM\'s settings.',
    ],
  },
  {
    id: 'invalid-data', name: 'Invalid Data',
    meaning: 'Communication between the host and the guest failed, typically through corrupted, encrypted or mismatched data.',
    fix: [
      'Turn the Data Exchange integration service off and on again, and restart the guest.',
      'Update the guest\'s integration services and the host.',
    ],
  },
  {
    id: 'activation-denied', name: 'Activation Denied',
    meaning: 'The host could not activate the guest because the AVMA ID did not match.',
    fix: [
      'Make the guest\'s edition match its AVMA key: DISM /online /Get-CurrentEdition, then /Set-Edition if needed.',
      'Install the AVMA key for that version and edition (kms-srv avma key), then slmgr /dlv.',
    ],
  },
];

export function parseNotification(text: string): AvmaNotification {
  const key = text.toLowerCase().replace(/^avma\s*/, '').replace(/[\s_]+/g, '-');
  const found = AVMA_NOTIFICATIONS.find((n) => n.id === key || n.name.toLowerCase().replace(/\s+/g, '-') === key);
  if (!found) throw usageError(`unknown 12309 notification "${text}": use one of ${AVMA_NOTIFICATIONS.map((n) => n.name).join(', ')}`);
  return found;
}

export interface AvmaEvent {
  id: 12309 | 12310;
  where: 'guest' | 'host';
  meaning: string;
  notes: string[];
}

export const AVMA_EVENTS: Record<12309 | 12310, AvmaEvent> = {
  12309: {
    id: 12309, where: 'guest',
    meaning: 'Logged in the guest virtual machine for each AVMA activation attempt. AVMA shows no error dialogs, so this event carries the outcome as a notification.',
    notes: ['Notifications: AVMA Success, Invalid Host, Invalid Data, Activation Denied.'],
  },
  12310: {
    id: 12310, where: 'host',
    meaning: 'Logged on the Hyper-V host (Application log) for each AVMA request from a guest: the host-side history of AVMA activations.',
    notes: [
      'Guests failing with 12309 but no 12310 on the host: the request never reached it (Data Exchange service off, unsupported host).',
      'Key-value pair (KVP) data is not secured and is not monitored for changes; remove it when the AVMA key is replaced by a retail, OEM or volume key.',
    ],
  },
};
