// Every malformed input gives one ZONE_SYNTAX error naming file, line and column.
import { describe, expect, it } from 'vitest';
import { isKmsSrvError, KmsSrvError } from '../../src/util/errors.js';
import { parseZoneText } from '../../src/zonefile/index.js';

const H = '$TTL 300\n@ SOA ns1 hm 1 2 3 4 5\n';

function errorOf(text: string, origin: string | null = 'example.test'): KmsSrvError {
  try {
    parseZoneText(text, { file: 'zone.db', ...(origin === null ? {} : { origin }) });
  } catch (error) {
    if (isKmsSrvError(error)) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('zone syntax errors', () => {
  it.each([
    ['IPv4 octet above 255', `${H}a A 192.0.2.256\n`, '3:5: bad IPv4 address "192.0.2.256": expected four decimal numbers 0-255 like 192.0.2.1'],
    ['IPv4 with three parts', `${H}a A 192.0.2\n`, '3:5: bad IPv4 address "192.0.2": expected four decimal numbers 0-255 like 192.0.2.1'],
    ['IPv4 leading zero', `${H}a A 192.0.2.01\n`, '3:5: bad IPv4 address "192.0.2.01": expected four decimal numbers 0-255 like 192.0.2.1'],
    ['IPv6 with two "::"', `${H}a AAAA 2001:db8::1::2\n`, '3:8: bad IPv6 address "2001:db8::1::2": expected eight hex groups, "::" at most once, like 2001:db8::1'],
    ['IPv6 with a non-hex group', `${H}a AAAA 2001:db8:g::1\n`, '3:8: bad IPv6 address "2001:db8:g::1": expected eight hex groups, "::" at most once, like 2001:db8::1'],
    ['IPv6 with nine groups', `${H}a AAAA 1:2:3:4:5:6:7:8:9\n`, '3:8: bad IPv6 address "1:2:3:4:5:6:7:8:9": expected eight hex groups, "::" at most once, like 2001:db8::1'],
    ['SRV port above 65535', `${H}s SRV 0 0 65536 kms1\n`, '3:11: bad SRV port "65536": expected an integer from 0 to 65535'],
    ['SRV negative priority', `${H}s SRV -1 0 1688 kms1\n`, '3:7: bad SRV priority "-1": expected an integer from 0 to 65535'],
    ['SRV weight not a number', `${H}s SRV 0 heavy 1688 kms1\n`, '3:9: bad SRV weight "heavy": expected an integer from 0 to 65535'],
    ['SRV missing its target', `${H}s SRV 0 0 1688\n`, '3:3: SRV record is missing its target (expected: priority weight port target)'],
    ['SRV with a field too many', `${H}s SRV 0 0 1688 kms1 extra\n`, '3:21: unexpected "extra" after the SRV data (expected: priority weight port target)'],
    ['TTL above 2^31-1', `${H}a 2147483648 A 192.0.2.1\n`, '3:3: TTL 2147483648 is out of range: the limit is 2147483647 seconds'],
    ['TTL with a bare number after a unit', `${H}a 1h30 A 192.0.2.1\n`, '3:3: bad TTL "1h30": expected seconds or a duration like 1h30m (units w d h m s)'],
    ['$TTL with an unknown unit', '$TTL 1x\n', '1:6: bad $TTL "1x": expected seconds or a duration like 1h30m (units w d h m s)'],
    ['$TTL out of range', '$TTL 3000000000\n', '1:6: $TTL 3000000000 is out of range: the limit is 2147483647 seconds'],
    ['two TTLs', `${H}a 300 300 A 192.0.2.1\n`, '3:7: unexpected "300": the TTL is already given'],
    ['label of 64 octets', `${H}${'a'.repeat(64)} A 192.0.2.1\n`, `3:1: bad owner name "${'a'.repeat(64)}": label "${'a'.repeat(64)}" is 64 octets; the limit is 63`],
    ['name of 257 octets', `${H}${`${'a'.repeat(63)}.`.repeat(4)} A 192.0.2.1\n`, `3:1: bad owner name "${`${'a'.repeat(63)}.`.repeat(4)}": name is 257 octets long; the limit is 255`],
    ['name too long once the origin is added', `${H}${`${'a'.repeat(63)}.`.repeat(3)}${'a'.repeat(50)} A 192.0.2.1\n`, `3:1: bad owner name "${`${'a'.repeat(63)}.`.repeat(3)}${'a'.repeat(50)}": name is 257 octets long; the limit is 255`],
    ['SRV target label too long', `${H}s SRV 0 0 1688 ${'k'.repeat(64)}\n`, `3:16: bad SRV target "${'k'.repeat(64)}": label "${'k'.repeat(64)}" is 64 octets; the limit is 63`],
    ['empty label', `${H}a..b A 192.0.2.1\n`, '3:1: bad owner name "a..b": empty label (two dots in a row, or a leading dot)'],
    ['escape above 255', `${H}a\\300 A 192.0.2.1\n`, '3:1: bad owner name "a\\300": escape \\300 is above 255'],
    ['unknown directive', `${H}$FOO bar\n`, '3:1: unknown directive $FOO (expected $ORIGIN, $TTL or $INCLUDE)'],
    ['$GENERATE', `${H}$GENERATE 1-10 h$ A 10.0.0.$\n`, '3:1: $GENERATE is a BIND extension this parser does not support'],
    ['$ORIGIN without a name', '$ORIGIN\n', '1:1: $ORIGIN is missing its argument (expected: $ORIGIN NAME)'],
    ['$ORIGIN with two names', '$ORIGIN a. b.\n', '1:12: unexpected "b." after $ORIGIN (expected: $ORIGIN NAME)'],
    ['$INCLUDE with no reader', `${H}$INCLUDE x.inc\n`, '3:1: $INCLUDE is not allowed here (no file reader was given)'],
    ['"(" never closed', `${H}a TXT ( "x"\nb A 192.0.2.1\n`, '3:7: unbalanced parentheses: "(" is never closed'],
    ['")" without "("', `${H}a A 192.0.2.1 )\n`, '3:15: unbalanced parentheses: ")" without "("'],
    ['nested "("', `${H}a TXT ( ( "x" ) )\n`, '3:9: nested "(": the previous one is not closed yet'],
    ['quote not closed on its line', `${H}a TXT "abc\nb A 192.0.2.1\n`, '3:7: unterminated quoted string'],
    ['quote ending in an escaped quote', `${H}a TXT "abc\\"\n`, '3:7: unterminated quoted string'],
    ['TXT string above 255 octets', `${H}a TXT "${'x'.repeat(256)}"\n`, '3:7: TXT string is 256 octets; the limit is 255 (split it into several strings)'],
    ['TXT without text', `${H}a TXT\n`, '3:3: TXT record is missing its text (expected: one or more strings)'],
    ['SOA missing its minimum', `${H}@ SOA ns1 hm 1 2 3 4\n`, '3:3: SOA record is missing its minimum (expected: mname rname serial refresh retry expire minimum)'],
    ['SOA serial with a unit', `${H}@ SOA ns1 hm 1h 2 3 4 5\n`, '3:14: bad SOA serial "1h": expected an integer from 0 to 4294967295'],
    ['CNAME without a target', `${H}a CNAME\n`, '3:3: CNAME record is missing its target (expected: target)'],
    ['A without an address', `${H}a A\n`, '3:3: A record is missing its address (expected: IPv4 address)'],
    ['record without a type', `${H}a 300 IN\n`, '3:7: record is missing its type'],
    ['unknown type', `${H}a SVR 0 0 1688 kms1\n`, '3:3: unknown record type "SVR"'],
    ['class other than the zone\'s', `${H}a CH TXT "x"\n`, '3:6: class CH differs from the zone\'s class IN'],
    ['a record before any owner', '$TTL 300\n  A 192.0.2.1\n', '2:1: record has no owner name: the first record must name one'],
    ['no TTL anywhere', 'a A 192.0.2.1\n', '1:1: record has no TTL and no $TTL is set'],
  ])('%s', (_what, text, expected) => {
    const error = errorOf(text);
    expect(error.code).toBe('ZONE_SYNTAX');
    expect(error.message).toBe(`zone.db:${expected}`);
    const [line, column] = expected.split(':').map(Number);
    expect(error.details).toEqual({ file: 'zone.db', line, column });
    expect(error.exitCode).toBe(2);
  });

  it.each([
    ['a relative owner', '$TTL 1\nb A 192.0.2.1\n', '2:1: bad owner name "b": relative name "b" but no origin is set ($ORIGIN or the origin option)'],
    ['@', '$TTL 1\n@ A 192.0.2.1\n', '2:1: bad owner name "@": "@" used but no origin is set ($ORIGIN or the origin option)'],
    ['a relative target', '$TTL 1\nx. SRV 0 0 1688 kms1\n', '2:17: bad SRV target "kms1": relative name "kms1" but no origin is set ($ORIGIN or the origin option)'],
  ])('without an origin: %s', (_what, text, expected) => {
    expect(errorOf(text, null).message).toBe(`zone.db:${expected}`);
  });

  it('refuses a bad origin option as a usage error', () => {
    expect(() => parseZoneText('', { origin: 'a..b' })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
