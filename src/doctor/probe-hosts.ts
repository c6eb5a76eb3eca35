// Probing every host the records name: TCP to each address, then (with `rpc`) the KMS RPC bind on a
// second connection, so "nothing listens" (host-unreachable) and "something else listens"
// (host-not-kms) stay apart.
import type { ProbeFact } from '../checks/facts.js';
import { tcpFailureOf } from '../knowledge/socket-outcomes.js';
import type { GatherProbe } from './types.js';

export interface Endpoint {
  target: string;
  port: number;
  addresses: string[];
}

/** Bounds the connections one run opens, whatever the DNS said. */
const MAX_PROBES = 64;

export async function probeEndpoints(endpoints: Endpoint[], kind: 'tcp' | 'rpc', probe: GatherProbe): Promise<ProbeFact[]> {
  const requests = endpoints.flatMap((e) => e.addresses.map((address) => ({ target: e.target, port: e.port, address }))).slice(0, MAX_PROBES);
  return Promise.all(
    requests.map(async (request): Promise<ProbeFact> => {
      const tcp = await probe(request, 'tcp');
      const fact: ProbeFact = { ...request, tcp: tcp.ok ? 'ok' : tcpFailure(tcp.error) };
      if (kind === 'rpc' && tcp.ok) fact.rpc = (await probe(request, 'rpc')).ok ? 'bind_ack' : 'no';
      return fact;
    }),
  );
}

/** A failed connect's error text as the failures the checks know (one table: src/knowledge/socket-outcomes.ts). */
export function tcpFailure(error: string | null): Exclude<ProbeFact['tcp'], 'ok'> {
  return tcpFailureOf(error);
}
