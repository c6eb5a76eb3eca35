// The gathering step's own rules: targets looked up once each, at most TARGET_LOOKUP_CONCURRENCY at a
// time, vouched-for glue instead of a lookup, failures recorded rather than thrown.
import { describe, expect, it } from 'vitest';
import { DnsError } from '../../src/dns/errors.js';
import type { DnsRecord, QueryResult } from '../../src/dns/types.js';
import { gatherSrv, lookupTarget, TARGET_LOOKUP_CONCURRENCY, TargetBook, type GatherQuery } from '../../src/gather/gather.js';

const SERVER = { host: '127.0.0.1', port: 53 };
const result = (name: string, type: string, answers: DnsRecord[], rcode = 'NOERROR'): QueryResult => ({
  question: { name, type }, server: SERVER, rcode, answers, authorities: [], additionals: [], glue: [], ignored: [], cnameChain: [], tcp: false, truncatedOverUdp: false, authoritative: true, elapsedMs: 1,
});

/** A query that answers each A with 192.0.2.x after a few turns of the event loop, counting how many run at once. */
function countingQuery() {
  let running = 0;
  let most = 0;
  const asked: string[] = [];
  const query: GatherQuery = async (name, type) => {
    asked.push(`${name} ${type}`);
    running++;
    most = Math.max(most, running);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    running--;
    return result(name, type, type === 'A' ? [{ name, type: 'A', class: 'IN', ttl: 60, data: '192.0.2.7' }] : []);
  };
  return { query, asked, most: () => most };
}

describe('TargetBook', () => {
  it('looks up 100 targets with at most the bound in flight, each once for A and once for AAAA', async () => {
    const q = countingQuery();
    const book = new TargetBook(q.query);
    const targets = Array.from({ length: 100 }, (_, i) => `kms${i}.test.`);
    await Promise.all([book.lookupAll(targets), book.lookupAll(targets.map((t) => t.toUpperCase()))]);
    expect(q.asked).toHaveLength(200);
    expect(new Set(q.asked).size).toBe(200);
    // A and AAAA of one target run together: two queries per target in flight.
    expect(q.most()).toBeLessThanOrEqual(TARGET_LOOKUP_CONCURRENCY * 2);
    expect(q.most()).toBeGreaterThan(2);
    expect((await book.get('KMS7.test')).addresses).toEqual(['192.0.2.7']);
  });

  it('takes glue for a target instead of asking', async () => {
    const q = countingQuery();
    const book = new TargetBook(q.query);
    await book.lookupAll(['kms1.test.', 'kms2.test.'], [{ name: 'KMS1.test.', type: 'AAAA', class: 'IN', ttl: 60, data: '2001:db8::1' }]);
    expect(q.asked).toEqual(['kms2.test. A', 'kms2.test. AAAA']);
    expect(await book.get('kms1.test.')).toEqual({ addresses: ['2001:db8::1'], fromGlue: true });
  });
});

describe('lookupTarget', () => {
  it('records a lookup no server answered as a failure with no address', async () => {
    const query: GatherQuery = async (name, type) => {
      throw new DnsError({ kind: 'timeout' }, { name, type, server: SERVER });
    };
    expect(await lookupTarget('kms1.test.', query)).toMatchObject({ addresses: [], failure: { rcode: 'TIMEOUT' } });
  });

  it('keeps the address of the half that answered', async () => {
    const query: GatherQuery = async (name, type) => {
      if (type === 'AAAA') throw new DnsError({ kind: 'timeout' }, { name, type, server: SERVER });
      return result(name, type, [{ name, type: 'A', class: 'IN', ttl: 60, data: '192.0.2.1' }]);
    };
    expect(await lookupTarget('kms1.test.', query)).toEqual({ addresses: ['192.0.2.1'] });
  });

  it('a REFUSED lookup is a failure of that rcode, NXDOMAIN is simply no address', async () => {
    expect(await lookupTarget('a.test.', async (n, t) => result(n, t, [], 'REFUSED'))).toMatchObject({ addresses: [], failure: { rcode: 'REFUSED' } });
    expect(await lookupTarget('a.test.', async (n, t) => result(n, t, [], 'NXDOMAIN'))).toEqual({ addresses: [] });
  });
});

describe('gatherSrv', () => {
  it('a query no server answered becomes the TIMEOUT pseudo-RCODE with the Win32 timeout as its detail', async () => {
    const { fact } = await gatherSrv('corp.test', async (name, type) => {
      throw new DnsError({ kind: 'timeout' }, { name, type, server: SERVER });
    });
    expect(fact).toMatchObject({ domain: 'corp.test.', srvName: '_vlmcs._tcp.corp.test.', rcode: 'TIMEOUT', win32: 1460, records: [] });
    expect(fact.failure).toContain('no DNS server answered');
  });

  it('a CNAME loop becomes CNAME-LOOP; unreachable and malformed keep their own names', async () => {
    const failing = (failure: ConstructorParameters<typeof DnsError>[0]): GatherQuery => async (name, type) => {
      throw new DnsError(failure, { name, type, server: SERVER });
    };
    expect((await gatherSrv('a.test', failing({ kind: 'cname-loop', chain: ['a', 'b', 'a'] }))).fact.rcode).toBe('CNAME-LOOP');
    expect((await gatherSrv('a.test', failing({ kind: 'unreachable', reason: 'ECONNREFUSED' }))).fact.rcode).toBe('UNREACHABLE');
    expect((await gatherSrv('a.test', failing({ kind: 'badresp', reason: 'garbage' }))).fact.rcode).toBe('BADRESP');
  });
});
