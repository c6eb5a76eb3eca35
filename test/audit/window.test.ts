// `audit` against a server that, like a socket with a bounded queue, drops what arrives while more than
// QUEUE queries are waiting for their answer: the pool's per-server window (dns/window.ts) backs off, so
// after the start few queries are dropped, and every domain still gets its verdict. Outcomes only, no
// times: a slower machine sends slower and fills the queue less, never more.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFleet } from '../../src/audit/fleet-zone.js';
import type { AuditResult } from '../../src/audit/types.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { startResponder, type RunningResponder } from '../../src/dns/responder.js';
import { parseZoneText } from '../../src/zonefile/parse.js';

const fleet = buildFleet('window.test', 2000);
const QUEUE = 40;
const SERVICE_MS = 10;
const CONCURRENCY = 200;

describe('audit against a server with a bounded queue', () => {
  let responder: RunningResponder;
  let waiting = 0;
  /** Per query received, in order: whether it was dropped. */
  const dropped: boolean[] = [];
  const timers = new Set<NodeJS.Timeout>();
  beforeAll(async () => {
    responder = await startResponder({
      zones: parseZoneText(fleet.zoneText, { file: 'window.zone' }),
      faults: () => {
        if (waiting >= QUEUE) {
          dropped.push(true);
          return { kind: 'drop' };
        }
        dropped.push(false);
        // Answered SERVICE_MS later, when it leaves the queue.
        waiting++;
        const timer = setTimeout(() => {
          timers.delete(timer);
          waiting--;
        }, SERVICE_MS);
        timers.add(timer);
        return { kind: 'delay', ms: SERVICE_MS };
      },
    });
  });
  afterAll(async () => {
    for (const timer of timers) clearTimeout(timer);
    await responder.stop();
  });

  it(`every domain gets its verdict and, once the window has adapted, few queries meet a full queue (${CONCURRENCY} domains in flight, queue of ${QUEUE})`, async () => {
    const io = memoryIo();
    io.stdin = Readable.from([fleet.domains.map((d) => d.domain).join('\n')]);
    const args = ['audit', '-', '--json', '--server', responder.address, '--timeout', '1000', '--attempts', '5', '--concurrency', String(CONCURRENCY)];
    const code = await run(args, io);
    const results = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditResult);
    expect(results.map((r) => r.domain).sort()).toEqual(fleet.domains.map((d) => d.domain).sort());
    expect(results.filter((r) => r.verdict !== 'ok')).toEqual([]);
    expect(code).toBe(0);
    // A fixed 200 outstanding against a queue of 40 would have most queries dropped; the window halves
    // on loss and grows by one per round trip, so later only its probes past the queue are.
    const secondHalf = dropped.slice(dropped.length >> 1);
    const share = secondHalf.filter(Boolean).length / secondHalf.length;
    expect(share).toBeLessThan(0.1);
  }, 60_000);
});
