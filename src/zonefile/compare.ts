// What BIND keeps of a parsed zone, as comparable lines, so that our parse and
// `named-checkzone -D -o - ORIGIN FILE` can be checked record for record. BIND's load rules
// applied here (observed with named-checkzone 9.18):
// - data outside the zone is ignored;
// - records of one type written together under one owner take the first one's TTL
//   ("TTL set to prior TTL"); when an RRset is written in several places, the last place's TTL wins;
// - identical records are kept once;
// - an owner is printed in the case first written, so owners are compared lower-cased.
import { logicalLines } from './lexer.js';
import { isAtOrBelow } from '../names/canonical.js';
import { parseZoneText } from './parse.js';
import { formatRdata } from './write.js';
import type { RecordData, Zone, ZoneRecord } from './types.js';

const NAME_TYPES = new Set(['SOA', 'NS', 'CNAME', 'SRV']);

/** Where the hex data of these types starts; BIND prints it as one upper-case run. */
const HEX_FROM: Record<string, number> = { SSHFP: 2, TLSA: 3, SMIMEA: 3, DS: 3, CDS: 3 };

/** OTHER text as BIND would print it: needless quotes dropped (BIND quotes CAA values), hex upper-cased. */
function normalizeOtherText(rrtype: string, text: string): string {
  const parts: string[] = [];
  for (const line of logicalLines(text, 'rdata')) {
    for (const token of line.tokens) parts.push(token.quoted && !/^[^\s"\\;()]+$/.test(token.text) ? `"${token.text}"` : token.text);
  }
  const hexFrom = HEX_FROM[rrtype];
  if (hexFrom === undefined || parts.length <= hexFrom) return parts.join(' ');
  return [...parts.slice(0, hexFrom), parts.slice(hexFrom).join('').toUpperCase()].join(' ');
}

function rdataText(data: RecordData): string {
  return data.type === 'OTHER' ? normalizeOtherText(data.rrtype, data.text) : formatRdata(data);
}

function rrsetKey(record: ZoneRecord): string {
  return `${record.owner.toLowerCase()}\t${record.class}\t${record.type}`;
}

/** The zone as BIND would load it: sorted lines `owner ttl class type rdata`, owner lower-cased. */
export function bindComparableLines(zone: Zone, apex: string = zone.origin): string[] {
  const inZone = zone.records.filter((record) => isAtOrBelow(record.owner, apex));
  const lastBatchTtl = new Map<string, number>();
  let batchStart = 0;
  for (let i = 0; i <= inZone.length; i++) {
    const record = inZone[i];
    const start = inZone[batchStart] as ZoneRecord;
    if (record !== undefined && record.owner === start.owner && record.source.file === start.source.file) continue;
    const firstTtl = new Map<string, number>();
    for (const member of inZone.slice(batchStart, i)) {
      const key = rrsetKey(member);
      if (!firstTtl.has(key)) firstTtl.set(key, member.ttl);
    }
    for (const [key, ttl] of firstTtl) lastBatchTtl.set(key, ttl);
    batchStart = i;
  }
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const record of inZone) {
    const rdata = rdataText(record.data);
    const identity = `${rrsetKey(record)}\t${NAME_TYPES.has(record.type) ? rdata.toLowerCase() : rdata}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    lines.push(`${record.owner.toLowerCase()} ${lastBatchTtl.get(rrsetKey(record))} ${record.class} ${record.type} ${rdata}`);
  }
  return lines.sort();
}

/** Parses the text of `named-checkzone -D -o -` (absolute names, every TTL and class written). */
export function parseBindDump(text: string, origin: string): Zone {
  return parseZoneText(text, { origin, file: 'named-checkzone' });
}
