import { describe, expect, it } from 'vitest';
import { DnsError, dnsOutcome, type DnsFailure } from '../../src/dns/errors.js';

const server = { host: '127.0.0.1', port: 53 };

describe('dnsOutcome: one mapping to Node codes and client events', () => {
  it.each<[DnsFailure, string, string, string | null, number | null, string | null, number]>([
    [{ kind: 'rcode', rcode: 'NXDOMAIN' }, 'DNS_NXDOMAIN', 'ENOTFOUND', 'nxdomain', 9003, '0x8007232B', 1],
    [{ kind: 'rcode', rcode: 'SERVFAIL' }, 'DNS_SERVFAIL', 'ESERVFAIL', 'servfail', 9002, '0x8007232A', 1],
    [{ kind: 'rcode', rcode: 'REFUSED' }, 'DNS_REFUSED', 'EREFUSED', 'refused', 9002, '0x8007232A', 1],
    [{ kind: 'rcode', rcode: 'FORMERR' }, 'DNS_FORMERR', 'EFORMERR', 'servfail', 9002, '0x8007232A', 1],
    [{ kind: 'rcode', rcode: 'NOTIMP' }, 'DNS_SERVFAIL', 'ESERVFAIL', 'servfail', 9002, '0x8007232A', 1],
    [{ kind: 'nodata' }, 'DNS_NODATA', 'ENODATA', 'nodata', 9501, '0x8007251D', 1],
    [{ kind: 'timeout' }, 'DNS_TIMEOUT', 'ETIMEOUT', 'no-server-answered', 1460, '0x8007232A', 3],
    [{ kind: 'badresp', reason: 'x' }, 'DNS_BADRESP', 'EBADRESP', 'no-server-answered', 1460, '0x8007232A', 3],
    [{ kind: 'unreachable', reason: 'ECONNREFUSED' }, 'DNS_UNREACHABLE', 'ECONNREFUSED', 'no-server-answered', 1460, '0x8007232A', 3],
    [{ kind: 'cname-loop', chain: ['a.test', 'b.test'] }, 'DNS_CNAME_LOOP', 'ESERVFAIL', 'servfail', 9002, '0x8007232A', 1],
    [{ kind: 'aborted' }, 'DNS_ABORTED', 'ECANCELLED', null, null, null, 3],
  ])('%o', (failure, code, nodeCode, event, win32, clientCode, exitCode) => {
    expect(dnsOutcome(failure)).toMatchObject({ code, nodeCode, event, win32 });
    const error = new DnsError(failure, { name: '_vlmcs._tcp.example.test', type: 'SRV', server });
    expect(error).toMatchObject({ code, nodeCode, event, win32, server, exitCode });
    expect(error.details).toMatchObject({ event, win32 });
    expect(error.message).toContain('_vlmcs._tcp.example.test SRV');
    if (clientCode === null) expect(error.message).not.toContain('Windows');
    else expect(error.message).toContain(`activation error ${clientCode}`);
    if (win32 !== null) expect(error.message).toContain(`Win32 ${win32}`);
    // 0x800705B4 (a timeout) is not what a client shows for a lookup no server answered.
    expect(error.message).not.toContain('0x800705B4');
  });
});
