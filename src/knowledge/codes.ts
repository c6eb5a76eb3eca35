// The activation error codes and event IDs kms-srv knows, as data, with look-ups in every direction a
// user arrives from: hex (with or without 0x, any case), signed or unsigned decimal, the Win32 code
// inside an HRESULT (9003), an event ID (12293), or a name. Registry-as-data after dns-packet's rcodes.
import { HOME_DOMAIN_NOTE } from './registry-values.js';

export type CodeKind = 'hresult' | 'event';

/** One activation error code or event ID: its number in every form, its name, what it means and what to do. */
export interface CodeEntry {
  kind: CodeKind;
  /** Our stable name for the entry ("DNS_NAME_NOT_FOUND", "EVENT_12293"). */
  name: string;
  /** HRESULT as an unsigned 32-bit number, or the event ID. */
  value: number;
  /** Short title a person recognises. */
  title: string;
  /** The Win32 error inside an HRESULT of facility 7 (0x8007xxxx), when there is one. */
  win32?: number;
  /** The Windows SDK's symbolic name of that Win32 error, when it is a well-known one. */
  win32Symbol?: string;
  /** The event that logs the same failure, when there is one. */
  event?: number;
  meaning: string;
  causes: string[];
  checks: string[];
  /** kms-srv command lines that show it (DOMAIN and HOST are placeholders); empty when the host decides it after contact. */
  commands: string[];
  /** IDs of `src/checks` findings that lead to this code. */
  relatedChecks: string[];
}

const LOOKUP = 'kms-srv lookup _vlmcs._tcp.DOMAIN SRV';
const DISCOVER = 'kms-srv discover';
const DOCTOR = 'kms-srv doctor';
const AUDIT = 'kms-srv audit FILE';

const DNS_NOT_FOUND_CAUSES = [
  'No KMS host has published `_vlmcs._tcp` in the domains the client searches (publishing off, or it failed: event 12293 on the host).',
  'The client belongs to another DNS domain than the one the host publishes into, and that domain is not in its suffix search list.',
  'The SRV record sits in the wrong zone, or under a misspelt name.',
];
const DNS_NOT_FOUND_CHECKS = [
  'Query `_vlmcs._tcp.<domain>` SRV for the client\'s primary DNS suffix and each suffix of its search list (`ipconfig /all` shows both).',
  'On the KMS host, look for event 12294 (published) or 12293 (failed) in the Application log; `DisableDnsPublishing` must not be 1.',
  'If DNS cannot be fixed soon, point the client at a host with `slmgr /skms host:port`.',
];

const ENTRIES: CodeEntry[] = [
  {
    kind: 'hresult', name: 'DNS_NAME_NOT_FOUND', value: 0x8007232b, title: 'DNS name does not exist',
    win32: 9003, win32Symbol: 'DNS_ERROR_RCODE_NAME_ERROR',
    meaning: 'The client asked DNS for `_vlmcs._tcp.<domain>` SRV in every domain it searches and each answer was NXDOMAIN: it found no KMS host.',
    causes: DNS_NOT_FOUND_CAUSES, checks: DNS_NOT_FOUND_CHECKS,
    commands: [LOOKUP, DISCOVER, DOCTOR, AUDIT], relatedChecks: ['srv-missing', 'client-lookup-domain'],
  },
  {
    kind: 'hresult', name: 'DNS_NAME_NOT_FOUND_ALT', value: 0x80092328, title: 'DNS name does not exist (alternate code)',
    meaning: 'Reported by some Windows releases for the same situation as 0x8007232B: no `_vlmcs._tcp` SRV record was found.',
    causes: DNS_NOT_FOUND_CAUSES, checks: DNS_NOT_FOUND_CHECKS,
    commands: [LOOKUP, DISCOVER, DOCTOR], relatedChecks: ['srv-missing'],
  },
  {
    kind: 'hresult', name: 'INVALID_NAME', value: 0x8007007b, title: 'DNS name does not exist',
    win32: 123, win32Symbol: 'ERROR_INVALID_NAME',
    meaning: 'Win32 123 reads "the filename, directory name, or volume label syntax is incorrect"; in volume activation it means the DNS name the client needs does not exist: no KMS host is found through DNS for its domain, or the KMS host name it was given (or the domain it looks in) is wrong.',
    causes: [...DNS_NOT_FOUND_CAUSES, 'A manually set KMS host name (`slmgr /skms`) or lookup domain (`slmgr /skms-domain`) is misspelt, or has no record in DNS.'],
    checks: [...DNS_NOT_FOUND_CHECKS, 'Look at the KMS host name and lookup domain the client was given (`slmgr /dlv`); clear them with `slmgr /ckms` to return to DNS discovery.'],
    commands: [LOOKUP, DISCOVER, DOCTOR], relatedChecks: ['srv-missing', 'client-manual-host'],
  },
  {
    kind: 'hresult', name: 'DNS_SERVER_FAILURE', value: 0x8007232a, title: 'DNS server failure',
    win32: 9002, win32Symbol: 'DNS_ERROR_RCODE_SERVER_FAILURE',
    meaning: 'The client got no usable answer to the `_vlmcs._tcp` SRV query: a DNS server answered SERVFAIL or refused it, or no DNS server answered at all (the client could not contact one), so it could not learn whether a KMS host exists.',
    causes: [
      'The client cannot reach any of its DNS servers (wrong server addresses, a firewall, the servers are down).',
      'The zone is not loaded on the server (syntax error, expired secondary, broken DNSSEC chain).',
      'The client\'s resolver cannot reach the authoritative servers, or a forwarder is down.',
      'The server refuses recursion for the client.',
    ],
    checks: ['Query each of the client\'s DNS servers and each authoritative server of the zone for the SRV name; `nslookup -type=srv _vlmcs._tcp.<domain>` on the client must get an answer.', 'Read the DNS server\'s log for zone load errors.'],
    commands: [LOOKUP, DISCOVER, DOCTOR, AUDIT], relatedChecks: ['dns-servfail', 'ns-inconsistent'],
  },
  {
    kind: 'hresult', name: 'DNS_NO_RECORDS', value: 0x8007251d, title: 'No records found for the DNS query',
    win32: 9501, win32Symbol: 'DNS_INFO_NO_RECORDS',
    meaning: 'The name `_vlmcs._tcp.<domain>` exists but holds no SRV record (NOERROR with an empty answer).',
    causes: ['The SRV records were deleted while other data (TXT, a stale record type) remains at the name.', 'The records were created with the wrong type.'],
    checks: ['List every record at `_vlmcs._tcp.<domain>`; the SRV set must be there with the KMS hosts.'],
    commands: [LOOKUP, DISCOVER, DOCTOR, AUDIT], relatedChecks: ['srv-nodata'],
  },
  {
    kind: 'hresult', name: 'KMS_NOT_CONTACTED', value: 0xc004f074, title: 'No Key Management Service (KMS) could be contacted',
    meaning: 'The client found KMS hosts (through DNS or a manual setting) but none of them completed an activation exchange, or the one that answered is older than the client and cannot activate it.',
    causes: [
      'The KMS host is older than the client: it needs the update that teaches it the client\'s version, and a KMS host key (CSVLK) that covers that version.',
      'TCP port 1688 (or the port the host uses) is blocked by a firewall between client and host.',
      'The SRV record points at a host that is gone, renamed, or not running the Software Protection service.',
      'The client\'s clock differs from the host\'s by more than 4 hours.',
      'The records carry the wrong port or a target without an address.',
    ],
    checks: [
      'Probe TCP to each SRV target and port from the client\'s network.',
      'On the host, `slmgr /dlv` must show the KMS service listening and activated.',
      'Compare the client\'s and the host\'s clocks.',
      'On the host, event 12290 with this error means it refused the client: check its Windows version and KMS host key against the client\'s.',
    ],
    commands: [DOCTOR, DISCOVER, LOOKUP, AUDIT], relatedChecks: ['host-unreachable', 'host-not-kms', 'srv-target-no-address', 'port-zero'],
  },
  {
    kind: 'hresult', name: 'RPC_SERVER_UNAVAILABLE', value: 0x800706ba, title: 'The RPC server is unavailable',
    win32: 1722, win32Symbol: 'RPC_S_SERVER_UNAVAILABLE',
    meaning: 'The client reached no RPC endpoint at the KMS host\'s address and port.',
    causes: ['A firewall drops TCP 1688 (Windows Firewall rule "Key Management Service" not enabled on the host).', 'The SRV record is stale: the host it names no longer runs KMS, or its address changed.'],
    checks: ['Probe TCP to the host and port.', 'Compare the SRV target\'s A/AAAA records with the host\'s real address.'],
    commands: [DOCTOR, DISCOVER], relatedChecks: ['host-unreachable', 'host-not-kms'],
  },
  {
    kind: 'hresult', name: 'KMS_COUNT_TOO_LOW', value: 0xc004f038, title: 'The KMS count is too low',
    meaning: 'The KMS host answered, but it has not yet seen enough distinct clients to activate this one: 25 for Windows clients, 5 for servers.',
    causes: ['A new KMS host with too few clients so far.', 'Cloned machines share one client machine ID (CMID), so they count once.'],
    checks: ['`slmgr /dli` on the host shows the current count.', 'Clones must be generalised (sysprep) so each has its own CMID.'],
    commands: [], relatedChecks: [],
  },
  {
    kind: 'hresult', name: 'KMS_NOT_ENABLED', value: 0xc004f039, title: 'The Key Management Service (KMS) is not enabled',
    meaning: 'The client\'s activation request got no answer from a KMS: the host it reached does not act as an enabled KMS for it.',
    causes: ['The host\'s Software Protection service is stopped, or KMS is not enabled on it (no KMS host key installed and activated).', 'A firewall or network device blocks or breaks the RPC exchange on TCP 1688.'],
    checks: ['Event 12290 on the host shows whether the request arrived.', 'Probe the host\'s RPC endpoint; open TCP 1688 between client and host.', '`slmgr /dlv` on the host must show it as a KMS host.'],
    commands: [DOCTOR], relatedChecks: ['host-not-kms'],
  },
  {
    kind: 'hresult', name: 'KMS_HOST_NOT_ACTIVATED', value: 0xc004f041, title: 'The KMS host is not activated',
    meaning: 'The KMS host itself has not been activated with Microsoft, so it will not activate clients.',
    causes: ['The host\'s KMS host key was installed but never activated (online or by phone).'],
    checks: ['`slmgr /dlv` on the host; activate it with `slmgr /ato`.'],
    commands: [], relatedChecks: [],
  },
  {
    kind: 'hresult', name: 'KMS_CANNOT_ACTIVATE_PRODUCT', value: 0xc004f042, title: 'The KMS host cannot activate this product',
    meaning: 'The KMS host key does not cover the client\'s product (for example a newer Windows than the host key).',
    causes: ['The host key is of an older product group than the client.', 'The client runs a product the host key does not include (Office vs Windows).'],
    checks: ['Install a KMS host key that covers the client\'s version, with the host updated to recognise it.'],
    commands: [], relatedChecks: [],
  },
  {
    kind: 'hresult', name: 'KMS_CLOCK_SKEW', value: 0xc004f06c, title: 'The request timestamp is invalid (clock skew)',
    meaning: 'The client\'s and the KMS host\'s clocks differ by more than 4 hours, so the host rejects the request.',
    causes: ['The client or the host does not synchronise its time (domain hierarchy or NTP).'],
    checks: ['Compare both clocks (`w32tm /stripchart /computer:HOST`) and fix the time source.'],
    commands: [], relatedChecks: [],
  },
  {
    kind: 'hresult', name: 'ACCESS_DENIED', value: 0x80070005, title: 'Access denied',
    win32: 5, win32Symbol: 'ERROR_ACCESS_DENIED',
    meaning: 'slmgr was run without administrator rights, so the Software Protection service refused the change.',
    causes: ['The command prompt is not elevated.'],
    checks: ['Run the `slmgr` command from an elevated prompt ("Run as administrator").'],
    commands: [], relatedChecks: [],
  },
  {
    kind: 'hresult', name: 'INVALID_VOLUME_LICENSE_KEY', value: 0xc004f035, title: 'Invalid volume licence key',
    meaning: 'The computer could not be activated with a volume licence key: volume editions are upgrades, and this computer\'s BIOS carries no valid Windows marker (the OEM marker in the ACPI_SLIC table) for the qualifying operating system they require.',
    causes: ['The computer was bought without a qualifying Windows operating system, so its BIOS has no Windows marker.', 'The Windows marker in the BIOS\'s ACPI_SLIC table is damaged, or was lost with a BIOS update or a replaced board.'],
    checks: ['Activate with a MAK or a retail key instead of KMS.', 'Where the machine did ship with qualifying Windows, ask its maker for a BIOS that restores the marker.'],
    commands: [], relatedChecks: [],
  },
  {
    kind: 'hresult', name: 'NOT_GENUINE', value: 0x8004fe21, title: 'This computer is not running genuine Windows',
    meaning: 'Activation was refused because the system failed the genuine check.',
    causes: ['Language packs (non-English) installed on an edition that is not licensed for additional languages.', 'Modified system licensing files, or a non-genuine installation.'],
    checks: ['Remove the language packs the edition is not licensed for (`lpksetup /u`), then activate again.', 'Reinstall from genuine media or repair the licensing store; check for tampering tools.'],
    commands: [], relatedChecks: [],
  },
  {
    kind: 'hresult', name: 'KMS_DNS_PUBLISH_DENIED', value: 0x80072338, title: 'Insufficient DNS rights to publish the KMS SRV record',
    win32: 9016, event: 12293,
    meaning: 'The KMS host tried to register its `_vlmcs._tcp` SRV record by dynamic update and the DNS server refused; logged as event 12293.',
    causes: ['The SRV record was created by another host (the first host to create it owns it in a secure zone).', 'The zone accepts secure updates only and the host lacks rights, or the zone refuses updates.'],
    checks: ['Give the KMS hosts rights over the `_vlmcs._tcp` record (or a group owning it).', 'Or publish the record manually and turn host publishing off (`slmgr /cdns`).'],
    commands: [LOOKUP, DOCTOR], relatedChecks: ['srv-missing'],
  },
  {
    kind: 'event', name: 'EVENT_12288', value: 12288, title: 'Client sent an activation request',
    meaning: 'Logged on the KMS client when it sends an activation request; it names the KMS host contacted.',
    causes: ['Informational: every activation or renewal attempt.'],
    checks: ['Read the host name and the result code in the event; a matching 12289 should follow.'],
    commands: [DISCOVER], relatedChecks: [],
  },
  {
    kind: 'event', name: 'EVENT_12289', value: 12289, title: 'Client processed the activation response',
    meaning: 'Logged on the KMS client when it has processed the host\'s answer; it carries the result code and the host\'s current count.',
    causes: ['Informational: the outcome of the activation attempt.'],
    checks: ['A non-zero result code in the event is the error to look up with `kms-srv explain`.'],
    commands: [DISCOVER], relatedChecks: [],
  },
  {
    kind: 'event', name: 'EVENT_12290', value: 12290, title: 'KMS host processed an activation request',
    meaning: 'Logged on the KMS host (Key Management Service log) for each request it receives, with the client\'s name and time.',
    causes: ['Informational: shows that requests reach the host.'],
    checks: ['No 12290 for a client means its requests never arrive: check DNS and the firewall.'],
    commands: [DOCTOR], relatedChecks: ['host-unreachable'],
  },
  {
    kind: 'event', name: 'EVENT_12293', value: 12293, title: 'KMS host failed to publish its SRV record',
    meaning: 'The KMS host could not register `_vlmcs._tcp` in DNS by dynamic update.',
    causes: ['Insufficient rights on an existing record (the first host to create it owns it).', 'The zone refuses dynamic updates.', 'The host cannot reach its primary DNS server.'],
    checks: ['Give the KMS hosts rights over the record, or publish it manually and turn publishing off (`slmgr /cdns`).'],
    commands: [LOOKUP, DOCTOR], relatedChecks: ['srv-missing'],
  },
  {
    kind: 'event', name: 'EVENT_12294', value: 12294, title: 'KMS host published its SRV record',
    meaning: 'The KMS host registered `_vlmcs._tcp` in DNS; it re-registers every 24 hours.',
    causes: ['Informational.'],
    checks: [
      'Confirm the record from the clients\' DNS servers; a stale copy elsewhere would still mislead them.',
      `With DnsDomainPublishList set, query the host's own domain as well as the listed ones. ${HOME_DOMAIN_NOTE}`,
    ],
    commands: [LOOKUP, DOCTOR], relatedChecks: [],
  },
  {
    kind: 'event', name: 'EVENT_12309', value: 12309, title: 'AVMA activation result (guest)',
    meaning: 'Logged in the guest virtual machine for each Automatic Virtual Machine Activation attempt, with a notification: AVMA Success, Invalid Host, Invalid Data or Activation Denied.',
    causes: ['See `kms-srv avma event 12309 --notification NAME` for each notification.'],
    checks: ['Read the notification in the event; match it with `kms-srv avma event 12309`.'],
    commands: ['kms-srv avma event 12309', 'kms-srv avma check --host V --guest V'], relatedChecks: [],
  },
  {
    kind: 'event', name: 'EVENT_12310', value: 12310, title: 'AVMA request logged (host)',
    meaning: 'Logged on the Hyper-V host for each AVMA request a guest makes: the host-side history of AVMA activations.',
    causes: ['Informational.'],
    checks: ['No 12310 while the guest logs 12309 failures: the guest does not reach the host (Data Exchange service off, unsupported host).'],
    commands: ['kms-srv avma event 12310', 'kms-srv avma check --host V --guest V'], relatedChecks: [],
  },
];

export const CODES: readonly CodeEntry[] = ENTRIES;

const TWO_32 = 0x1_0000_0000;

/** "0x8007232B" for an HRESULT, "12293" for an event. */
export function formatCode(entry: CodeEntry): string {
  return entry.kind === 'hresult' ? formatHex(entry.value) : String(entry.value);
}

function formatHex(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The HRESULT as Windows' signed 32-bit integer (event logs and PowerShell print it this way). */
export function signedValue(value: number): number {
  return value >= 0x8000_0000 ? value - TWO_32 : value;
}

export function codeByHex(hex: string): CodeEntry | undefined {
  const digits = hex.trim().replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,8}$/i.test(digits)) return undefined;
  const value = Number.parseInt(digits, 16);
  return ENTRIES.find((e) => e.kind === 'hresult' && e.value === value);
}

/** Decimal: an event ID, a Win32 code, or an HRESULT signed or unsigned. */
export function codeByDecimal(n: number): CodeEntry | undefined {
  if (!Number.isInteger(n)) return undefined;
  const event = ENTRIES.find((e) => e.kind === 'event' && e.value === n);
  if (event) return event;
  const win32 = ENTRIES.find((e) => e.win32 === n);
  if (win32) return win32;
  const unsigned = n < 0 ? n + TWO_32 : n;
  return ENTRIES.find((e) => e.kind === 'hresult' && e.value === unsigned);
}

export function codeByName(name: string): CodeEntry | undefined {
  const key = name.trim().toUpperCase();
  return ENTRIES.find((e) => e.name === key || e.win32Symbol === key);
}

/**
 * Any form a user may type. Digits alone are read as decimal first, then (8 digits, like
 * "80070005") as hex without the 0x; anything with a hex letter or 0x is hex.
 */
export function findCode(input: string): CodeEntry | undefined {
  const text = input.trim();
  if (/^[+-]?\d+$/.test(text)) {
    const byDecimal = codeByDecimal(Number(text));
    if (byDecimal) return byDecimal;
    return text.length === 8 ? codeByHex(text) : undefined;
  }
  if (/^(0x)?[0-9a-f]+$/i.test(text)) return codeByHex(text);
  return codeByName(text);
}

/** Levenshtein distance, bounded inputs (codes and names are short). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** The numeric reading of an input, if it has one (hex or decimal), as an unsigned value. */
function numericReading(text: string): number | undefined {
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    return n < 0 ? n + TWO_32 : n;
  }
  const digits = text.replace(/^0x/i, '');
  return /^[0-9a-f]{1,8}$/i.test(digits) ? Number.parseInt(digits, 16) : undefined;
}

/**
 * The known codes nearest an unknown input: the closest by number (same kind of code) and the
 * closest by spelling (a mistyped digit is the usual mistake), without repeats.
 */
export function nearestCodes(input: string, count = 5): CodeEntry[] {
  const text = input.trim();
  const numeric = numericReading(text);
  const spelled = text.toUpperCase().replace(/^0X/, '');
  const bySpelling = [...ENTRIES].sort((a, b) => spellingDistance(spelled, a) - spellingDistance(spelled, b));
  const byNumber = numeric === undefined ? [] : [...ENTRIES].sort((a, b) => numericDistance(numeric, a) - numericDistance(numeric, b));
  const picked: CodeEntry[] = [];
  const half = Math.ceil(count / 2);
  for (const entry of [...byNumber.slice(0, half), ...bySpelling]) {
    if (picked.length >= count) break;
    if (!picked.includes(entry)) picked.push(entry);
  }
  return picked;
}

function spellingDistance(spelled: string, entry: CodeEntry): number {
  const forms = [formatCode(entry).replace(/^0x/, ''), entry.name, ...(entry.win32 === undefined ? [] : [String(entry.win32)])];
  return Math.min(...forms.map((f) => editDistance(spelled, f.toUpperCase())));
}

function numericDistance(n: number, entry: CodeEntry): number {
  const candidates = [entry.value, ...(entry.win32 === undefined ? [] : [entry.win32])];
  return Math.min(...candidates.map((v) => Math.abs(v - n)));
}
