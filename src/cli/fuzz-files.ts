// Seeded mutation fuzzing of every file reader: zone files, plans (JSON and YAML), `.reg` files, audit
// domain lists and host-cache files. Each mutated input must end in a result or the reader's own typed
// error (a KmsSrvError naming what is wrong), never another exception. Inputs are bounded in size by
// construction (MAX_INPUT), so one run's memory is bounded too. Used by test/hardening/fuzz-files.test.ts
// and `npm run fuzz`. It sits in cli because it drives readers from every layer below.
import { parseDomainLine } from '../audit/domains.js';
import { mulberry32 } from '../dns/fuzz.js';
import { parseHostCache } from '../kms/host-cache.js';
import { parsePlanDetailed } from '../plan/load.js';
import { readReg } from '../regfile/read.js';
import { isKmsSrvError } from '../util/errors.js';
import { parseZoneText } from '../zonefile/parse.js';

/** No mutated input grows past this many characters. */
export const MAX_INPUT = 64 * 1024;

/** The name of a file reader `fuzzFileReader` can exercise. */
export type FileReaderName = 'zone' | 'plan-json' | 'plan-yaml' | 'reg' | 'audit-list' | 'host-cache';

/** Counts of a `fuzzFileReader` run; `escaped` must be 0. */
export interface FileFuzzStats {
  reader: FileReaderName;
  iterations: number;
  /** Inputs the reader accepted. */
  accepted: number;
  /** Inputs refused with the reader's typed error (or, for readers that never refuse, reported as a problem in their result). */
  refused: number;
  /** Anything else that escaped: must stay 0. */
  escaped: number;
  firstEscape?: string;
}

/** One reader: valid seed inputs, and how to run one input (resolving to true when it was accepted). */
interface Reader {
  seeds: string[];
  run: (text: string) => boolean | Promise<boolean>;
}

const ZONE_SEED = `$ORIGIN example.test.
$TTL 3600
@ IN SOA ns1 hostmaster ( 2026010101 3600 900
    1209600 300 ) ; serial refresh retry expire minimum
  IN NS ns1
ns1 IN A 192.0.2.1
_vlmcs._tcp IN SRV 0 60 1688 kms1
_vlmcs._tcp IN SRV 0 40 1688 kms2.example.test.
kms1 IN A 192.0.2.11
kms1 IN AAAA 2001:db8::11
kms2 300 IN CNAME kms1
txt IN TXT "quoted \\"text\\"" "second \\065 string"
esc\\.aped IN MX 10 mail
`;

const PLAN = {
  ttl: 3600,
  publishing: 'auto',
  contact: 'hostmaster@example.test',
  hosts: [
    {
      name: 'kms1.example.test',
      ipv4: ['192.0.2.11'],
      ipv6: ['2001:db8::11'],
      publish: [
        { domain: 'example.test', priority: 0, weight: 60 },
        { domain: 'branch.example.test', priority: 10, weight: 0 },
      ],
    },
    { name: 'kms2.example.test', port: 1689, ipv4: ['192.0.2.12'], publish: [{ domain: 'example.test', priority: 0, weight: 40 }] },
  ],
};

const PLAN_YAML = `ttl: 3600
publishing: auto
contact: hostmaster@example.test
hosts:
  - name: kms1.example.test
    ipv4: [192.0.2.11]
    ipv6: ["2001:db8::11"] # quoted: a colon
    publish:
      - { domain: example.test, priority: 0, weight: 60 }
      - domain: branch.example.test
        priority: 10
        weight: 0
  - name: kms2.example.test
    port: 1689
    ipv4:
      - 192.0.2.12
    publish: [{ domain: example.test, priority: 0, weight: 40 }]
`;

const REG_SEED = `Windows Registry Editor Version 5.00

; a comment
[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform]
"KeyManagementServiceName"="kms1.example.test"
"KeyManagementServicePort"="1688"
"DisableDnsPublishing"=dword:00000000
"DnsDomainPublishList"=hex(7):65,00,78,00,61,00,6d,00,70,00,6c,00,65,00,2e,00,74,00,\\
  65,00,73,00,74,00,2c,00,30,00,2c,00,30,00,00,00,00,00
@="default"
`;

const AUDIT_SEED = 'example.test\n  branch.example.test.  \n# a comment\n\nxn--bcher-kva.example\n';

const HOST_CACHE_SEED = JSON.stringify({ version: 1, hosts: { 'example.test': { target: 'kms1.example.test', port: 1688, address: '192.0.2.11', cachedAt: '2026-01-02T03:04:05.000Z' } } }, null, 2);

/** A reader that throws its typed error when it refuses: true when it accepted, false when it refused, a bug rethrown. */
function accepts(read: (text: string) => unknown): (text: string) => boolean {
  return (text) => {
    try {
      read(text);
      return true;
    } catch (error) {
      if (isKmsSrvError(error)) return false;
      throw error;
    }
  };
}

const READERS: Record<FileReaderName, Reader> = {
  zone: {
    seeds: [ZONE_SEED],
    run: accepts((text) => parseZoneText(text, { origin: 'example.test', file: 'fuzz.zone' })),
  },
  'plan-json': {
    seeds: [JSON.stringify(PLAN, null, 2)],
    run: accepts((text) => parsePlanDetailed(text, 'fuzz.plan.json')),
  },
  'plan-yaml': {
    seeds: [PLAN_YAML],
    run: accepts((text) => parsePlanDetailed(text, 'fuzz.plan.yaml')),
  },
  reg: {
    seeds: [REG_SEED, REG_SEED.replace('Windows Registry Editor Version 5.00', 'REGEDIT4')],
    run: accepts((text) => readReg(text, { fileName: 'fuzz.reg' })),
  },
  // The domain list reader never refuses a file: each bad line is reported and skipped.
  'audit-list': {
    seeds: [AUDIT_SEED],
    run: (text) => {
      let clean = true;
      text.split(/\r?\n/).forEach((line, i) => {
        if (parseDomainLine(line, i + 1)?.error !== undefined) clean = false;
      });
      return clean;
    },
  },
  // The host-cache reader never refuses either: a bad file is a warning and an empty cache.
  'host-cache': {
    seeds: [HOST_CACHE_SEED],
    run: async (text) => (await parseHostCache(text, 'fuzz-state.json')).warning === null,
  },
};

/** The file readers `fuzzFileReader` can exercise. */
export const FILE_READERS = Object.keys(READERS) as FileReaderName[];

/** Characters that mean something to some reader: quotes, escapes, brackets, directives, controls. */
const SPECIAL = ['"', '\\', '(', ')', ';', '$INCLUDE /dev/null', '$ORIGIN .', '$TTL', '@', '{', '}', '[', ']', ':', ',', '-', '#', '&', '*', '!', '|', '>', '\n', '\r', '\t', '\u0000', '\u001b[31m', '\uFEFF', '\uD800', 'é', 'hex(7):', 'dword:', '\\\n', '0x', '-1', '99999999999999999999', 'null', 'true', '~', '<<: *a', '&a '];

/** One mutation of `text`: characters replaced, ranges cut or repeated, special tokens inserted, the end cut off. */
export function mutateText(text: string, random: () => number): string {
  let out = text;
  const pick = (n: number) => Math.floor(random() * Math.max(1, n));
  const edits = 1 + pick(4);
  for (let e = 0; e < edits; e++) {
    const at = pick(out.length + 1);
    switch (pick(6)) {
      case 0:
        out = out.slice(0, at) + String.fromCharCode(pick(0x80)) + out.slice(at + 1);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + pick(16));
        break;
      case 2: {
        const from = pick(out.length);
        const piece = out.slice(from, from + 1 + pick(64));
        out = out.slice(0, at) + piece.repeat(1 + pick(random() < 0.05 ? 200 : 3)) + out.slice(at);
        break;
      }
      case 3:
        out = out.slice(0, at) + (SPECIAL[pick(SPECIAL.length)] as string) + out.slice(at);
        break;
      case 4:
        out = out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + String.fromCharCode(0x80 + pick(0x2000)) + out.slice(at);
        break;
    }
  }
  return out.length > MAX_INPUT ? out.slice(0, MAX_INPUT) : out;
}

/** Feeds `iterations` mutated input files (reproducible from `seed`) to one file reader and counts how many were accepted, refused with a `KmsSrvError`, or escaped with any other exception. */
export async function fuzzFileReader(reader: FileReaderName, iterations: number, seed: number): Promise<FileFuzzStats> {
  const random = mulberry32(seed);
  const { seeds, run } = READERS[reader];
  const stats: FileFuzzStats = { reader, iterations, accepted: 0, refused: 0, escaped: 0 };
  for (let i = 0; i < iterations; i++) {
    const input = mutateText(seeds[i % seeds.length] as string, random);
    try {
      if (await run(input)) stats.accepted++;
      else stats.refused++;
    } catch (error) {
      stats.escaped++;
      stats.firstEscape ??= `iteration ${i}: ${(error as Error).stack ?? String(error)}\ninput: ${JSON.stringify(input.slice(0, 500))}`;
    }
  }
  return stats;
}
