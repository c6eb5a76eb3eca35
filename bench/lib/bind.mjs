// The benchmarks' BIND: the same harness the tests use (test/helpers/named.mjs, plain JavaScript).
import { startNamed, which } from '../../test/helpers/named.mjs';

export { which };

/** zones: [{ name, text }] (`text: null`: a zone BIND fails to load and answers SERVFAIL for). */
export function startBind(zones, { threads = 1 } = {}) {
  // Zones of 100,000 domains load slowly on a shared machine.
  return startNamed({ zones, threads, readyWithinMs: 300_000 });
}
