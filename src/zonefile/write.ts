// Canonical presentation form, one record per line as `named-checkzone -D` prints it: absolute
// owner, TTL in seconds, class, type, RDATA; the zone sorted in DNSSEC order (RFC 4034 §6.1).
import { parseIPv4, parseIPv6 } from './address.js';
import { canonicalSortKey } from '../names/canonical.js';
import { typeCode } from './rrtypes.js';
import type { RecordData, Zone, ZoneRecord } from './types.js';

/** TXT octets BIND writes with a backslash in front inside quotes. */
const QUOTED_ESCAPE = new Set([0x22, 0x5c]);

/** A character-string in quotes: `"` and `\` escaped, octets outside printable ASCII as \DDD. */
export function quoteString(text: string): string {
  let out = '"';
  for (const octet of Buffer.from(text, 'utf8')) {
    if (octet < 0x20 || octet >= 0x7f) out += `\\${String(octet).padStart(3, '0')}`;
    else if (QUOTED_ESCAPE.has(octet)) out += `\\${String.fromCharCode(octet)}`;
    else out += String.fromCharCode(octet);
  }
  return `${out}"`;
}

export function formatRdata(data: RecordData): string {
  switch (data.type) {
    case 'SOA':
      return `${data.mname} ${data.rname} ${data.serial} ${data.refresh} ${data.retry} ${data.expire} ${data.minimum}`;
    case 'NS':
      return data.host;
    case 'A':
    case 'AAAA':
      return data.address;
    case 'CNAME':
      return data.target;
    case 'SRV':
      return `${data.priority} ${data.weight} ${data.port} ${data.target}`;
    case 'TXT':
      return data.strings.map(quoteString).join(' ');
    case 'OTHER':
      return data.text;
  }
}

/** Columns of BIND's full dump style: TTL, class and type from 46, RDATA from 64; tab stops of 8. */
const TTL_COLUMN = 46;
const RDATA_COLUMN = 64;
const TAB_WIDTH = 8;

/**
 * Blank space from `column` to `target` (at least one character), tabs first as BIND writes it:
 * a gap that ends on a tab stop is a tab, even a gap of one.
 */
function indent(column: number, target: number): { text: string; column: number } {
  const to = Math.max(target, column + 1);
  const tabs = Math.floor(to / TAB_WIDTH) - Math.floor(column / TAB_WIDTH);
  const text = tabs > 0 ? '\t'.repeat(tabs) + ' '.repeat(to % TAB_WIDTH) : ' '.repeat(to - column);
  return { text, column: to };
}

/** One line as `named-checkzone -D -o -` prints it: owner, TTL, class, type, RDATA in its columns. */
export function formatRecord(record: ZoneRecord): string {
  let line = record.owner;
  const fields: [string, number][] = [
    [String(record.ttl), TTL_COLUMN],
    [record.class, TTL_COLUMN],
    [record.type, TTL_COLUMN],
    [formatRdata(record.data), RDATA_COLUMN],
  ];
  let column = line.length;
  for (const [field, target] of fields) {
    const gap = indent(column, target);
    line += gap.text + field;
    column = gap.column + field.length;
  }
  return line;
}

/** Types in code order, except SOA first, as BIND dumps a node. */
function typeRank(type: string): number {
  return type === 'SOA' ? -1 : (typeCode(type) ?? 65536);
}

/** Octets of an IPv4 or 16-bit words of an IPv6 address, for ordering an RRset. */
function addressParts(data: RecordData): number[] {
  if (data.type === 'A') return parseIPv4(data.address) ?? [];
  if (data.type === 'AAAA') return parseIPv6(data.address) ?? [];
  if (data.type === 'SRV') return [data.priority, data.weight, data.port];
  return [];
}

/** Orders two records of one RRset by their numeric fields, as BIND's sorted RRsets come out. */
function compareRdata(a: RecordData, b: RecordData): number {
  const x = addressParts(a);
  const y = addressParts(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const diff = (x[i] as number) - (y[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Owners in DNSSEC order, then types, then addresses and SRV numbers; file order otherwise. */
export function sortRecords(records: readonly ZoneRecord[]): ZoneRecord[] {
  const keys = new Map<string, string>();
  const keyOf = (owner: string): string => {
    let key = keys.get(owner);
    if (key === undefined) keys.set(owner, (key = canonicalSortKey(owner)));
    return key;
  };
  return records
    .map((record, index) => ({ record, index, key: keyOf(record.owner) }))
    .sort(
      (a, b) =>
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
        typeRank(a.record.type) - typeRank(b.record.type) ||
        compareRdata(a.record.data, b.record.data) ||
        a.index - b.index,
    )
    .map(({ record }) => record);
}

export function formatZone(zone: Zone): string {
  return sortRecords(zone.records).map((record) => `${formatRecord(record)}\n`).join('');
}
