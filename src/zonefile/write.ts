// Canonical presentation form, one record per line as `named-checkzone -D` prints it: absolute
// owner, TTL in seconds, class, type, RDATA; the zone sorted in DNSSEC order (RFC 4034 §6.1).
import { compareNames } from './names.js';
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

/** `owner ttl class type rdata`, tab-separated. */
export function formatRecord(record: ZoneRecord): string {
  return `${record.owner}\t${record.ttl}\t${record.class}\t${record.type}\t${formatRdata(record.data)}`;
}

/** Numeric type codes for ordering the records of one owner; SOA first as BIND dumps it. */
const TYPE_ORDER: Record<string, number> = { SOA: 0, A: 1, NS: 2, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, CAA: 257 };

function typeRank(type: string): number {
  return TYPE_ORDER[type] ?? (/^TYPE(\d+)$/.exec(type) ? Number(type.slice(4)) : 65536);
}

/** Owners in DNSSEC order, then types, keeping file order inside an RRset. */
export function sortRecords(records: readonly ZoneRecord[]): ZoneRecord[] {
  return records
    .map((record, index) => ({ record, index }))
    .sort((a, b) => compareNames(a.record.owner, b.record.owner) || typeRank(a.record.type) - typeRank(b.record.type) || a.index - b.index)
    .map(({ record }) => record);
}

export function formatZone(zone: Zone): string {
  return sortRecords(zone.records).map((record) => `${formatRecord(record)}\n`).join('');
}
