// After 10,000 faulted queries (drops past short timeouts, TCP resets, garbage, wrong IDs, pointer
// loops, truncation, SERVFAIL) the process holds no more sockets or timers than before, and the heap
// returns near its start.
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UdpPool } from '../../src/dns/pool.js';
import { Resolver } from '../../src/dns/resolver.js';
import { startResponder, type Fault, type RunningResponder } from '../../src/dns/responder.js';
import { closeSpareSockets } from '../../src/dns/transport.js';
import { parseZoneText } from '../../src/zonefile/parse.js';

const ZONE = `$ORIGIN leak.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 3600 900 1209600 300
  IN NS ns1
ns1 IN A 127.0.0.1
_vlmcs._tcp IN SRV 0 0 1688 kms1
kms1 IN A 192.0.2.1
`;

const FAULTS: Array<Fault | undefined> = [
  { kind: 'drop' },
  { kind: 'reset' },
  { kind: 'garbage' },
  { kind: 'wrong-id' },
  { kind: 'pointer-loop' },
  { kind: 'truncate' },
  { kind: 'rcode', rcode: 'SERVFAIL' },
  { kind: 'wrong-question', thenAnswer: true },
  undefined,
];

/** A real `gc` when the flag can be set at run time; the heap check needs it. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    for (let i = 0; i < 3; i++) gc();
  };
}

/** Active handles and timers by kind (the responder's own server-side sockets included). */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Kinds with more live resources after than before; a connection the responder closed since may make one fewer. */
function grown(before: Record<string, number>, after: Record<string, number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, n] of Object.entries(after)) if (n > (before[kind] ?? 0)) out[kind] = `${before[kind] ?? 0} -> ${n}`;
  return out;
}

describe('no leaks after 10,000 faulted queries', () => {
  let responder: RunningResponder;
  beforeAll(async () => {
    responder = await startResponder({ zones: parseZoneText(ZONE, { file: 'leak.zone' }), faults: (_q, _t, n) => FAULTS[n % FAULTS.length] });
  });
  afterAll(async () => {
    await responder.stop();
  });

  it.each([
    { path: 'a socket per query, UDP', pooled: false, tcp: false },
    { path: 'the shared pool, UDP', pooled: true, tcp: false },
    { path: 'TCP (resets, garbage)', pooled: false, tcp: true },
  ])('$path: same sockets and timers before and after, heap near its start', async ({ pooled, tcp }) => {
    const gc = collector();
    const server = { host: responder.host, port: responder.port };
    const run = async (count: number) => {
      const pool = pooled ? new UdpPool() : undefined;
      const resolver = new Resolver({ servers: [server], timeoutMs: 20, attempts: 2, tcp }, pool ? { exchange: pool.exchange } : {});
      let next = 0;
      const outcomes = { answered: 0, failed: 0 };
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next < count) {
            next++;
            try {
              await resolver.query('_vlmcs._tcp.leak.test', 'SRV');
              outcomes.answered++;
            } catch {
              outcomes.failed++;
            }
          }
        }),
      );
      await pool?.close();
      closeSpareSockets();
      return outcomes;
    };
    await run(200); // warm up: modules, JIT, the responder's first connections
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    const before = handles();
    const heapBefore = process.memoryUsage().heapUsed;
    const outcomes = await run(3_333);
    // The responder's side of a closed connection goes away a moment later; a leak stays (bounded wait).
    for (let i = 0; i < 40 && Object.keys(grown(before, handles())).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    gc();
    expect(outcomes.answered + outcomes.failed).toBe(3_333);
    expect(outcomes.failed).toBeGreaterThan(0);
    expect(grown(before, handles())).toEqual({});
    expect(before.Timeout ?? 0).toBe(0);
    // Generous: a leak of one object per query would show as megabytes; JIT code and caches grow a little.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8 * 1024 * 1024);
  }, 60_000);
});
