// The error code a Windows client would show for what was gathered: the one function every command
// (discover, doctor, audit, check-zone) takes its client error from. Kept apart from the catalogue so
// the audit's fast path can load it alone.
import { CLIENT_ERROR } from '../kms/client-errors.js';
import { splitHostPort } from '../kms/host-port.js';
import { canonicalName } from '../zonefile/types.js';
import type { Facts, SrvFact } from './facts.js';
import { FAILED_RCODES, isRootTarget, usableRecords } from './records.js';

/**
 * The code a Windows client would show, or null when it would find a host. Domains with no usable
 * record fall through to the next, as the client does (docs/behaviour.md#when-discovery-fails). When several domains fail
 * differently, which code Windows reports is not documented: a server failure wins over NODATA,
 * which wins over NXDOMAIN (the most actionable first).
 */
export function clientErrorCode(facts: Facts): string | null {
  const manual = facts.client?.manualHost;
  if (manual) {
    const host = canonicalName(splitHostPort(manual).host);
    const probes = (facts.probes ?? []).filter((p) => canonicalName(p.target) === host);
    return probes.length > 0 && !probes.some((p) => p.tcp === 'ok' && p.rpc !== 'no') ? CLIENT_ERROR.noHostResponded : null;
  }
  const usable = facts.domains.flatMap((d) => usableRecords(d));
  if (usable.length > 0) return anyHostAnswers(facts, usable) ? null : CLIENT_ERROR.noHostResponded;
  // Records that name a host (port 0 included) send the client to a host that cannot answer; a
  // target "." says the service is not offered there (RFC 2782), which is "no records" to it.
  if (facts.domains.some((d) => d.records.some((r) => !isRootTarget(r.target)))) return CLIENT_ERROR.noHostResponded;
  if (facts.domains.some((d) => FAILED_RCODES.has(d.rcode))) return CLIENT_ERROR.serverFailure;
  if (facts.domains.some((d) => d.rcode === 'NOERROR')) return CLIENT_ERROR.noRecords;
  return CLIENT_ERROR.nameNotFound;
}

/** With probes, a host answers if one probe of it got TCP and no RPC refusal; without, if it has an address or we do not know. */
function anyHostAnswers(facts: Facts, usable: SrvFact[]): boolean {
  const probes = facts.probes ?? [];
  const probed = usable.filter((r) => probes.some((p) => sameEndpoint(p, r)));
  if (probed.length > 0) {
    return probed.some((r) => probes.some((p) => sameEndpoint(p, r) && p.tcp === 'ok' && p.rpc !== 'no'));
  }
  return usable.some((r) => r.targetAddresses === undefined || r.targetAddresses.length > 0);
}

function sameEndpoint(p: { target: string; port: number }, r: SrvFact): boolean {
  return p.port === r.port && canonicalName(p.target) === canonicalName(r.target);
}
