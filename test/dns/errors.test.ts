import { describe, expect, it } from 'vitest';
import { activationHex, DnsError, dnsOutcome, type DnsFailure } from '../../src/dns/errors.js';

const server = { host: '127.0.0.1', port: 53 };

describe('dnsOutcome: one mapping to Node and Win32 codes (docs/behaviour.md#error-codes, #dns)', () => {
  it.each<[DnsFailure, string, string, number | null, number]>([
    [{ kind: 'rcode', rcode: 'NXDOMAIN' }, 'DNS_NXDOMAIN', 'ENOTFOUND', 9003, 1],
    [{ kind: 'rcode', rcode: 'SERVFAIL' }, 'DNS_SERVFAIL', 'ESERVFAIL', 9002, 1],
    [{ kind: 'rcode', rcode: 'REFUSED' }, 'DNS_REFUSED', 'EREFUSED', 9002, 1],
    [{ kind: 'rcode', rcode: 'FORMERR' }, 'DNS_FORMERR', 'EFORMERR', null, 1],
    [{ kind: 'rcode', rcode: 'NOTIMP' }, 'DNS_SERVFAIL', 'ESERVFAIL', 9002, 1],
    [{ kind: 'nodata' }, 'DNS_NODATA', 'ENODATA', 9501, 1],
    [{ kind: 'timeout' }, 'DNS_TIMEOUT', 'ETIMEOUT', null, 3],
    [{ kind: 'badresp', reason: 'x' }, 'DNS_BADRESP', 'EBADRESP', null, 3],
    [{ kind: 'unreachable', reason: 'ECONNREFUSED' }, 'DNS_UNREACHABLE', 'ECONNREFUSED', null, 3],
    [{ kind: 'aborted' }, 'DNS_ABORTED', 'ECANCELLED', null, 3],
  ])('%o', (failure, code, nodeCode, win32, exitCode) => {
    expect(dnsOutcome(failure)).toMatchObject({ code, nodeCode, win32 });
    const error = new DnsError(failure, { name: '_vlmcs._tcp.example.test', type: 'SRV', server });
    expect(error).toMatchObject({ code, nodeCode, win32, server, exitCode });
    expect(error.message).toContain('_vlmcs._tcp.example.test SRV');
    if (win32 !== null) expect(error.message).toContain(`Win32 ${win32}`);
    if (win32 !== null) expect(error.message).toContain(activationHex(win32));
  });

  it.each([
    [9003, '0x8007232B'],
    [9002, '0x8007232A'],
    [9501, '0x8007251D'],
  ])('Win32 %i is activation error %s', (win32, hex) => {
    expect(activationHex(win32)).toBe(hex);
  });
});
