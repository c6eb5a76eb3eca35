import { describe, expect, it } from 'vitest';
import { formatServer } from '../../src/dns/errors.js';
import { parseServer } from '../../src/dns/server-address.js';

describe('parseServer', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', 53],
    ['127.0.0.1:5353', '127.0.0.1', 5353],
    ['::1', '::1', 53],
    ['[::1]:5353', '::1', 5353],
    ['[::1]', '::1', 53],
    ['2001:db8::53', '2001:db8::53', 53],
    ['fe80::1%eth0', 'fe80::1%eth0', 53],
    [' 192.0.2.1:53 ', '192.0.2.1', 53],
  ])('%s', (text, host, port) => {
    const parsed = parseServer(text);
    expect(parsed).toEqual({ host, port });
    expect(parseServer(formatServer(parsed))).toEqual(parsed);
  });

  it.each([
    ['', /empty/],
    ['dns.example.com', /not an IPv4 or IPv6 address/],
    ['127.0.0.1:0', /port must be a number from 1 to 65535/],
    ['127.0.0.1:70000', /port must be/],
    ['127.0.0.1:x', /port must be/],
    ['[127.0.0.1]:53', /brackets are only for IPv6/],
    ['[::1]:', /port must be/],
  ])('rejects "%s"', (text, message) => {
    expect(() => parseServer(text)).toThrow(message);
    try {
      parseServer(text);
    } catch (error) {
      expect(error).toMatchObject({ code: 'USAGE' });
    }
  });
});
