import { describe, expect, it } from 'vitest';
import { canonicalIpv6, ipv4Problem, ipv6Problem } from '../../src/plan/names.js';

describe('IP literals', () => {
  it.each(['192.0.2.1', '0.0.0.0', '255.255.255.255'])('IPv4 %s is fine', (a) => expect(ipv4Problem(a)).toBeUndefined());
  it.each([
    ['192.0.2.01', /leading zero.*192\.0\.2\.1/],
    ['192.0.2.256', /above 255/],
    ['192.0.2', /not an IPv4/],
    ['2001:db8::1', /IPv6 address; list it under ipv6/],
    [' 192.0.2.1', /not an IPv4/],
    ['192.0.2.1a', /not an IPv4/],
    ['1920.0.2.1', /not an IPv4/],
    ['256.0.0.1', /above 255/],
    ['192.0.256.1', /above 255/],
    // Only a real IPv6 address is sent to the ipv6 list; a port after an IPv4 address is no IPv6.
    ['::ffff:192.0.2.1', /IPv6 address; list it under ipv6/],
    ['192.0.2.1:1688', /^"192\.0\.2\.1:1688" is not an IPv4 address/],
  ])('IPv4 %j is refused', (a, why) => expect(ipv4Problem(a)).toMatch(why));

  it.each(['::1', '2001:db8::11', '::ffff:192.0.2.1'])('IPv6 %s is fine', (a) => expect(ipv6Problem(a)).toBeUndefined());
  it.each([
    ['fe80::1%eth0', /zone id/],
    ['192.0.2.1', /IPv4 address; list it under ipv4/],
    ['2001:db8:::1', /not an IPv6/],
    ['[::1]', /not an IPv6/],
    ['::1]', /not an IPv6/],
  ])('IPv6 %j is refused', (a, why) => expect(ipv6Problem(a)).toMatch(why));

  it('canonicalIpv6 compresses and lower-cases (RFC 5952)', () => {
    expect(canonicalIpv6('2001:0DB8:0000:0000:0000:0000:0000:0011')).toBe('2001:db8::11');
  });
});
