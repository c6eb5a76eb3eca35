// The audit's fast path follows the resolver's rules across servers and faults (docs/behaviour.md#dns): SERVFAIL or
// REFUSED moves on but stays the answer if nothing better comes, drops are retried `attempts` times,
// wrong IDs and questions are ignored, and what it cannot read (TC, FORMERR) goes to the full path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDomain } from '../../src/audit/audit-domain.js';
import { FastAudit } from '../../src/audit/fast-audit.js';
import type { AuditResult } from '../../src/audit/types.js';
import { UdpPool } from '../../src/dns/pool.js';
import { Resolver } from '../../src/dns/resolver.js';
import { startResponder, type Fault, type RunningResponder } from '../../src/dns/responder.js';
import { parseZoneText } from '../../src/zonefile/parse.js';

const ZONE = `$ORIGIN fast.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 3600 900 1209600 300
  IN NS ns1
ns1 IN A 127.0.0.1
_vlmcs._tcp.a IN SRV 0 0 1688 kms1.a
kms1.a IN A 192.0.2.1
kms1.a IN AAAA 2001:db8::1
_vlmcs._tcp.b IN SRV 0 0 1688 kms2
kms2 IN A 192.0.2.2
_vlmcs._tcp.p0 IN SRV 0 0 0 kms1.p0
kms1.p0 IN A 192.0.2.3
_vlmcs._tcp.dot IN SRV 0 0 0 .
_vlmcs._tcp.mix IN SRV 0 0 0 kms0.mix
_vlmcs._tcp.mix IN SRV 0 0 1688 kms1.mix
kms0.mix IN A 192.0.2.4
kms1.mix IN A 192.0.2.5
`;

const FAULTS: Record<string, Fault | undefined> = {
  good: undefined,
  servfail: { kind: 'rcode', rcode: 'SERVFAIL' },
  refused: { kind: 'rcode', rcode: 'REFUSED' },
  drop: { kind: 'drop' },
  'wrong-id': { kind: 'wrong-id', thenAnswer: true },
  'wrong-question': { kind: 'wrong-question', thenAnswer: true },
  truncate: { kind: 'truncate' },
  formerr: { kind: 'rcode', rcode: 'FORMERR' },
};

describe('FastAudit across servers and faults', () => {
  const servers = new Map<string, RunningResponder>();
  beforeAll(async () => {
    for (const [name, fault] of Object.entries(FAULTS)) {
      servers.set(name, await startResponder({ zones: parseZoneText(ZONE, { file: 'fast.zone' }), faults: () => fault }));
    }
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.stop();
  });

  const audit = async (names: string[], domain = 'a.fast.test'): Promise<{ result: AuditResult; fallbacks: number }> => {
    const list = names.map((n) => ({ host: servers.get(n)!.host, port: servers.get(n)!.port }));
    const pool = new UdpPool({ maxPerServer: 4 });
    const options = { servers: list, timeoutMs: 60, attempts: 2 };
    const resolver = new Resolver(options, { exchange: pool.exchange });
    const now = () => performance.now();
    let fallbacks = 0;
    const fast = new FastAudit({
      ...options,
      pool,
      now,
      fallback: (domain) => {
        fallbacks++;
        return auditDomain(domain, { query: (name, type) => resolver.query(name, type), now });
      },
    });
    try {
      const result = await new Promise<AuditResult>((resolve, reject) => fast.start(domain, (r, bug) => (r ? resolve(r) : reject(bug))));
      return { result, fallbacks };
    } finally {
      await pool.close();
    }
  };

  // The last column: the server whose reply decided (by name), or null when none replied.
  it.each([
    [['good'], 'ok', 0, 'good'],
    [['wrong-id'], 'ok', 0, 'wrong-id'],
    [['wrong-question'], 'ok', 0, 'wrong-question'],
    [['servfail', 'good'], 'ok', 0, 'good'],
    [['refused', 'drop'], 'refused', 0, 'refused'],
    [['drop', 'servfail'], 'servfail', 0, 'servfail'],
    [['drop', 'good'], 'ok', 0, 'good'],
    [['drop', 'drop'], 'timeout', 0, null],
    [['truncate'], 'ok', 1, 'truncate'],
    // The full path retries without EDNS, gets FORMERR again, and takes it as the server's answer.
    [['formerr', 'good'], 'servfail', 1, 'formerr'],
  ] as const)('servers %j: %s (%d to the full path), decided by %s', async (names, verdict, fallbacks, decidedBy) => {
    const out = await audit([...names]);
    expect(out.result.verdict).toBe(verdict);
    expect(out.fallbacks).toBe(fallbacks);
    const by = decidedBy === null ? null : servers.get(decidedBy)!;
    expect(out.result.server).toBe(by === null ? null : `${by.host}:${by.port}`);
    if (verdict === 'ok') {
      expect(out.result.hosts).toEqual([{ target: 'kms1.a.fast.test.', port: 1688, priority: 0, weight: 0, addresses: ['192.0.2.1', '2001:db8::1'], reachable: null }]);
    }
  });

  it('takes glue only inside the domain the server answered for: a target elsewhere goes to the full path', async () => {
    // kms2.fast.test. is outside b.fast.test.: without an authority section naming fast.test. as the
    // zone, the server is not known to speak for it, so its address is looked up.
    const out = await audit(['good'], 'b.fast.test');
    expect(out.fallbacks).toBe(1);
    expect(out.result).toMatchObject({ verdict: 'ok', errorCode: null });
    expect(out.result.hosts[0]?.addresses).toEqual(['192.0.2.2']);
  });

  // A record with port 0 or target "." names no host a client can try (0xC004F074 when nothing else
  // is there); beside a usable host it is left out. Both paths take the verdict from one rule.
  it.each([
    ['p0.fast.test', 'no-address', '0xC004F074'],
    ['dot.fast.test', 'no-address', '0xC004F074'],
    ['mix.fast.test', 'ok', null],
  ] as const)('%s: %s, code %s, on the fast path and the full path alike', async (domain, verdict, errorCode) => {
    const fast = await audit(['good'], domain);
    expect(fast.result).toMatchObject({ verdict, errorCode });
    const server = servers.get('good')!;
    const resolver = new Resolver({ servers: [{ host: server.host, port: server.port }], timeoutMs: 1000, attempts: 2 });
    const full = await auditDomain(domain, { query: (name, type) => resolver.query(name, type), now: () => performance.now() });
    expect(full).toMatchObject({ verdict, errorCode });
  });
});
