import { describe, expect, it } from 'vitest';
import { formatRecord, formatZone, parseZoneText, quoteString, type ZoneRecord } from '../../src/zonefile/index.js';
import { zoneFixtures } from './zone-fixtures.js';
import { parseZoneFile } from '../../src/zonefile/index.js';

function record(line: string): ZoneRecord {
  return parseZoneText(line, { origin: 'contoso.com' }).records[0] as ZoneRecord;
}

describe('formatRecord', () => {
  it.each([
    ['SRV', '_vlmcs._tcp 3600 IN SRV 0 100 1688 kms1', '_vlmcs._tcp.contoso.com.\t\t      3600 IN SRV\t0 100 1688 kms1.contoso.com.'],
    ['A', 'kms1 300 A 192.0.2.11', 'kms1.contoso.com.\t\t\t      300 IN A\t\t192.0.2.11'],
    ['AAAA', 'kms1 300 AAAA 2001:DB8::0:11', 'kms1.contoso.com.\t\t\t      300 IN AAAA\t2001:db8::11'],
    ['SOA', '@ 60 SOA ns1 hm 1 1h 2 3 4', 'contoso.com.\t\t\t\t      60 IN SOA\t\tns1.contoso.com. hm.contoso.com. 1 3600 2 3 4'],
    ['NS', '@ 60 NS ns1', 'contoso.com.\t\t\t\t      60 IN NS\t\tns1.contoso.com.'],
    ['CNAME', 'kms 60 CNAME kms1', 'kms.contoso.com.\t\t\t      60 IN CNAME\tkms1.contoso.com.'],
    ['TXT', 't 60 TXT a "b c"', 't.contoso.com.\t\t\t\t      60 IN TXT\t\t"a" "b c"'],
    ['OTHER', '@ 60 MX 10 mail', 'contoso.com.\t\t\t\t      60 IN MX\t\t10 mail.contoso.com.'],
    ['a long TTL pushes the class along', 'kms1 2147483647 A 192.0.2.11', 'kms1.contoso.com.\t\t\t      2147483647 IN A\t192.0.2.11'],
    ['a long owner keeps one space', `${'k'.repeat(60)} 1 A 192.0.2.11`, `${'k'.repeat(60)}.contoso.com. 1 IN A 192.0.2.11`],
  ])('%s', (_what, line, expected) => {
    expect(formatRecord(record(line))).toBe(expected);
  });
});

describe('quoteString', () => {
  it.each([
    ['plain', 'plain', '"plain"'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['semicolon stays', 'a;b', '"a;b"'],
    ['control octets as \\DDD', 'tab\tbell\u0007', '"tab\\009bell\\007"'],
    ['UTF-8 octets as \\DDD', 'Ü', '"\\195\\156"'],
    ['empty', '', '""'],
  ])('%s', (_what, input, expected) => {
    expect(quoteString(input)).toBe(expected);
  });
});

describe('formatZone', () => {
  it.each(zoneFixtures().map((fixture) => [fixture.file, fixture] as const))('round-trips %s', async (_file, { file, origin }) => {
    const zone = await parseZoneFile(file, { origin });
    const text = formatZone(zone);
    const again = parseZoneText(text, { origin });
    const shape = (records: ZoneRecord[]) => records.map((r) => [r.owner, r.ttl, r.class, r.type, r.data]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(shape(again.records)).toEqual(shape(zone.records));
    expect(again.records.every((r) => !r.relativeNames.length)).toBe(true);
  });
});
