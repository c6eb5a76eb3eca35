import { describe, expect, it } from 'vitest';
import { parseZoneText, type RecordData, type ZoneRecord } from '../../src/zonefile/index.js';

const HEAD = '$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n';

/** The last record of HEAD + `body`, parsed with origin contoso.com. */
function last(body: string, head = HEAD): ZoneRecord {
  const records = parseZoneText(head + body, { origin: 'contoso.com', file: 'zone.db' }).records;
  return records[records.length - 1] as ZoneRecord;
}

describe('owners and names', () => {
  it.each([
    ['@ is the origin', '@ TXT "x"\n', 'contoso.com.', []],
    ['a relative owner gets the origin', 'kms1 A 192.0.2.1\n', 'kms1.contoso.com.', ['owner']],
    ['an absolute owner stays', 'kms1.fabrikam.com. A 192.0.2.1\n', 'kms1.fabrikam.com.', []],
    ['a blank owner repeats the previous one', 'kms1 A 192.0.2.1\n  AAAA 2001:db8::1\n', 'kms1.contoso.com.', ['owner']],
    ['a tab is a blank owner too', 'kms2 A 192.0.2.2\n\tTXT "t"\n', 'kms2.contoso.com.', ['owner']],
    ['an escaped dot stays inside the label', 'a\\.b A 192.0.2.1\n', 'a\\.b.contoso.com.', ['owner']],
    ['\\DDD escapes spell plain letters', '\\065\\066c A 192.0.2.1\n', 'ABc.contoso.com.', ['owner']],
    ['case is kept as written', 'KMS1.Contoso.COM. A 192.0.2.1\n', 'KMS1.Contoso.COM.', []],
    ['wildcards and underscores', '*._tcp A 192.0.2.1\n', '*._tcp.contoso.com.', ['owner']],
    ['$ORIGIN relative to the current origin', '$ORIGIN emea\nkms A 192.0.2.1\n', 'kms.emea.contoso.com.', ['owner']],
    ['$ORIGIN absolute', '$ORIGIN fabrikam.com.\n@ A 192.0.2.1\n', 'fabrikam.com.', []],
    ['a 63-octet label is allowed', `${'a'.repeat(63)} A 192.0.2.1\n`, `${'a'.repeat(63)}.contoso.com.`, ['owner']],
  ])('%s', (_what, body, owner, relative) => {
    const record = last(body);
    expect(record.owner).toBe(owner);
    expect(record.relativeNames).toEqual(relative);
  });
});

describe('record data', () => {
  it.each([
    ['SRV with a relative target', '_vlmcs._tcp SRV 0 100 1688 kms1\n', { type: 'SRV', priority: 0, weight: 100, port: 1688, target: 'kms1.contoso.com.' }, ['owner', 'target']],
    ['SRV target missing its trailing dot', '_vlmcs._tcp SRV 10 50 1688 kms1.contoso.com\n', { type: 'SRV', priority: 10, weight: 50, port: 1688, target: 'kms1.contoso.com.contoso.com.' }, ['owner', 'target']],
    ['SRV with an absolute target', '_vlmcs._tcp SRV 0 0 65535 kms1.contoso.com.\n', { type: 'SRV', priority: 0, weight: 0, port: 65535, target: 'kms1.contoso.com.' }, ['owner']],
    ['SRV target "." (service not offered)', '_vlmcs._tcp SRV 0 0 0 .\n', { type: 'SRV', priority: 0, weight: 0, port: 0, target: '.' }, ['owner']],
    ['NS with a relative host', '@ NS ns2\n', { type: 'NS', host: 'ns2.contoso.com.' }, ['host']],
    ['CNAME with a relative target', 'kms CNAME kms1\n', { type: 'CNAME', target: 'kms1.contoso.com.' }, ['owner', 'target']],
    ['CNAME target @', 'www CNAME @\n', { type: 'CNAME', target: 'contoso.com.' }, ['owner']],
    ['A', 'h A 10.0.0.255\n', { type: 'A', address: '10.0.0.255' }, ['owner']],
    ['AAAA is compressed as BIND prints it', 'h AAAA 2001:DB8:0:0:0:0:0:1\n', { type: 'AAAA', address: '2001:db8::1' }, ['owner']],
    ['AAAA with a dotted tail', 'h AAAA ::ffff:192.0.2.1\n', { type: 'AAAA', address: '::ffff:192.0.2.1' }, ['owner']],
    ['AAAA: the first longest zero run is compressed', 'h AAAA 1:0:0:2:0:0:0:3\n', { type: 'AAAA', address: '1:0:0:2::3' }, ['owner']],
    ['AAAA: a single zero word is not compressed', 'h AAAA 1:0:2:3:4:5:6:7\n', { type: 'AAAA', address: '1:0:2:3:4:5:6:7' }, ['owner']],
    ['TXT: several strings, quoted and not', 't TXT "one" two ""\n', { type: 'TXT', strings: ['one', 'two', ''] }, ['owner']],
    ['TXT: ; inside quotes is text', 't TXT "a;b" ; comment\n', { type: 'TXT', strings: ['a;b'] }, ['owner']],
    ['TXT: escaped quote', 't TXT "say \\"hi\\""\n', { type: 'TXT', strings: ['say "hi"'] }, ['owner']],
    ['TXT: \\DDD escapes', 't TXT "\\065\\066\\067"\n', { type: 'TXT', strings: ['ABC'] }, ['owner']],
    ['TXT: escaped spaces in an unquoted string', 't TXT a\\ b\n', { type: 'TXT', strings: ['a b'] }, ['owner']],
    ['TXT: UTF-8 text', 't TXT "Ünï"\n', { type: 'TXT', strings: ['Ünï'] }, ['owner']],
    ['TXT across lines in parentheses', 't TXT ( "a" ; first\n "b" )\n', { type: 'TXT', strings: ['a', 'b'] }, ['owner']],
    ['MX: the exchange is made absolute', '@ MX 10 mail\n', { type: 'OTHER', rrtype: 'MX', text: '10 mail.contoso.com.' }, ['text']],
    ['PTR: the name is made absolute', '1 PTR kms1.contoso.com.\n', { type: 'OTHER', rrtype: 'PTR', text: 'kms1.contoso.com.' }, ['owner']],
    ['CAA kept as written', '@ CAA 0 issue "letsencrypt.org"\n', { type: 'OTHER', rrtype: 'CAA', text: '0 issue "letsencrypt.org"' }, []],
    ['a generic TYPEnnn record', 'x TYPE65280 \\# 2 abcd\n', { type: 'OTHER', rrtype: 'TYPE65280', text: '\\# 2 abcd' }, ['owner']],
    ['lower-case type and class', 'h in a 192.0.2.9\n', { type: 'A', address: '192.0.2.9' }, ['owner']],
  ] as [string, string, RecordData, string[]][])('%s', (_what, body, data, relative) => {
    const record = last(body);
    expect(record.data).toEqual(data);
    expect(record.type).toBe(data.type === 'OTHER' ? data.rrtype : data.type);
    expect(record.relativeNames).toEqual(relative);
  });

  it('SOA fields, timers with units, relative mname and rname', () => {
    const [soa] = parseZoneText('$TTL 1h\n@ SOA ns1 hostmaster.contoso.com. ( 2026010101 1h 15M 2w 5m )\n', { origin: 'contoso.com' }).records;
    expect(soa?.data).toEqual({ type: 'SOA', mname: 'ns1.contoso.com.', rname: 'hostmaster.contoso.com.', serial: 2026010101, refresh: 3600, retry: 900, expire: 1209600, minimum: 300 });
    expect(soa?.relativeNames).toEqual(['mname']);
  });
});

describe('TTL and class', () => {
  it.each([
    ['$TTL applies', 'h A 192.0.2.1\n', 300, 'IN'],
    ['TTL then class', 'h 600 IN A 192.0.2.1\n', 600, 'IN'],
    ['class then TTL', 'h IN 600 A 192.0.2.1\n', 600, 'IN'],
    ['class only', 'h IN A 192.0.2.1\n', 300, 'IN'],
    ['1h30m', 'h 1h30m A 192.0.2.1\n', 5400, 'IN'],
    ['1W', 'h 1W A 192.0.2.1\n', 604800, 'IN'],
    ['units in any order and case', 'h 5s4M3h2D1w A 192.0.2.1\n', 5 + 240 + 10800 + 172800 + 604800, 'IN'],
    ['0', 'h 0 A 192.0.2.1\n', 0, 'IN'],
    ['2^31-1', 'h 2147483647 A 192.0.2.1\n', 2147483647, 'IN'],
    ['an explicit TTL does not change $TTL', 'h 600 A 192.0.2.1\nh2 A 192.0.2.2\n', 300, 'IN'],
    ['$TTL in the middle', '$TTL 2h\nh A 192.0.2.1\n', 7200, 'IN'],
  ])('%s', (_what, body, ttl, recordClass) => {
    const record = last(body);
    expect(record.ttl).toBe(ttl);
    expect(record.class).toBe(recordClass);
  });

  it.each([
    ['without $TTL the SOA minimum becomes the default', '@ SOA ns1 hm 1 2 3 4 1h\n@ NS ns1\nh 60 A 192.0.2.1\nh2 A 192.0.2.2\n', [3600, 3600, 60, 3600]],
    ['without $TTL an earlier explicit TTL carries on (RFC 1035)', '@ 120 SOA ns1 hm 1 2 3 4 1h\n@ NS ns1\nh 60 A 192.0.2.1\nh2 A 192.0.2.2\n', [120, 120, 60, 60]],
    ['the defaultTtl option acts as $TTL', '@ SOA ns1 hm 1 2 3 4 1h\nh A 192.0.2.1\n', [42, 42]],
  ])('%s', (what, text, ttls) => {
    const zone = parseZoneText(text, { origin: 'contoso.com', ...(what.includes('option') ? { defaultTtl: 42 } : {}) });
    expect(zone.records.map((record) => record.ttl)).toEqual(ttls);
  });
});

describe('zone shape', () => {
  it('keeps file, line and column of each record, and CRLF line ends', () => {
    const zone = parseZoneText('$TTL 1\r\n@ SOA ns1 hm (\r\n 1 2 3 4 5 )\r\n\r\n  NS ns1\r\n', { origin: 'contoso.com.', file: 'z.db' });
    expect(zone.records.map((record) => record.source)).toEqual([
      { file: 'z.db', line: 2, column: 1 },
      { file: 'z.db', line: 5, column: 1 },
    ]);
    expect(zone.origin).toBe('contoso.com.');
    expect(zone.files).toEqual(['z.db']);
  });

  it('takes the origin from the first $ORIGIN when none is given', () => {
    const zone = parseZoneText('$ORIGIN Fabrikam.com.\n$TTL 1\n@ SOA ns1 hm 1 2 3 4 5\n');
    expect(zone.origin).toBe('Fabrikam.com.');
    expect(zone.records[0]?.owner).toBe('Fabrikam.com.');
  });

  it('reads a 100,000-record zone', () => {
    const lines = [HEAD];
    for (let i = 0; i < 100_000; i++) lines.push(`h${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`);
    const zone = parseZoneText(lines.join(''), { origin: 'contoso.com' });
    expect(zone.records).toHaveLength(100_001);
    expect(zone.records[100_000]?.data).toEqual({ type: 'A', address: '10.1.134.159' });
  });
});
