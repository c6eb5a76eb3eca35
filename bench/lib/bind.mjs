// The benchmarks' BIND: the same harness the tests use (test/helpers/named.mjs, plain JavaScript).
import { startNamed, which } from '../../test/helpers/named.mjs';

export { which };

/** zones: [{ name, text }] (`text: null`: a zone BIND fails to load and answers SERVFAIL for). */
export function startBind(zones, { threads = 1 } = {}) {
  return startNamed({ zones, threads });
}
