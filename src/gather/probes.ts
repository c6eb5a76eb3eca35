// The last step of the one gathering path: probing every host the records name, TCP to each address,
// then (with `rpc`) the KMS RPC bind on a second connection, so "nothing listens" (host-unreachable)
// and "something else listens" (host-not-kms) stay apart. doctor and audit probe through it; discover
// probes in the client's selection order instead, and reports its attempts as the same ProbeFacts.
import type { ProbeFact } from '../checks/facts.js';
import { tcpFailureOf } from '../knowledge/socket-outcomes.js';

/** One connection attempt to one address of a host. */
export interface ProbeRequest {
  target: string;
  port: number;
  address: string;
}

export interface ProbeResult {
  ok: boolean;
  /** Why the host did not answer, in a few words ("ECONNREFUSED", "timeout after 1000 ms"). */
  error: string | null;
}

/** A probe of one kind, as the kms layer builds them (src/kms/probe.ts). */
export type ProbeFn = (request: ProbeRequest) => Promise<ProbeResult>;

/** A probe that can do either kind: `tcp` connect only, or `rpc` connect and KMS bind. */
export type GatherProbe = (request: ProbeRequest, kind: 'tcp' | 'rpc') => Promise<ProbeResult>;

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
