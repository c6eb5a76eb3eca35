// The error code a Windows client would show for what was gathered: every command (discover, doctor,
// audit, check-zone) takes its client error from here, which hands the facts to the one rule in
// knowledge/client-error.ts. Kept apart from the catalogue so the audit's fast path can load it alone.
import { clientError, eventOfRcode, type ClientSituation } from '../knowledge/client-error.js';
import { canonicalName } from '../names/canonical.js';
import { splitHostPort } from '../names/host-port.js';
import type { Facts, ProbeFact, SrvFact } from './facts.js';
import { usableRecords } from './records.js';

/** The code a Windows client would show for these facts, or null when it would find a host (knowledge/client-error.ts's rule). */
export function clientErrorCode(facts: Facts): string | null {
  return clientError(situationOf(facts))?.code ?? null;
}

/** The facts as the one client-error rule takes them: each domain's outcome and whether a host answers. */
export function situationOf(facts: Facts): ClientSituation {
  const manual = facts.client?.manualHost;
  if (manual) {
    const host = canonicalName(splitHostPort(manual).host);
    const probes = (facts.probes ?? []).filter((p) => canonicalName(p.target) === host);
    return { domains: [], hosts: probes.length > 0 && !probes.some(answers) ? 'silent' : 'answered' };
  }
  const domains = facts.domains.map((d) => (d.records.length > 0 ? 'records' : eventOfRcode(d.rcode)));
  const usable = facts.domains.flatMap((d) => usableRecords(d));
  if (usable.length === 0) return { domains, hosts: 'none' };
  return { domains, hosts: anyHostAnswers(facts, usable) ? 'answered' : 'silent' };
}

/**
 * One situation from those of parts of whole domains, each from `situationOf`: exact for facts
 * without probes or a manual host (zone files), where a host answers when any usable record has or
 * may have an address.
 */
export function joinSituations(parts: readonly ClientSituation[]): ClientSituation {
  const hosts = parts.some((p) => p.hosts === 'answered') ? 'answered' : parts.some((p) => p.hosts === 'silent') ? 'silent' : 'none';
  return { domains: parts.flatMap((p) => p.domains), hosts };
}

/** The client's code for a joined situation (see joinSituations). */
export function clientErrorCodeOf(situation: ClientSituation): string | null {
  return clientError(situation)?.code ?? null;
}

function answers(p: Pick<ProbeFact, 'tcp' | 'rpc'>): boolean {
  return p.tcp === 'ok' && p.rpc !== 'no';
}

/** With probes, a host answers if one probe of it got TCP and no RPC refusal; without, if it has an address or we do not know. */
function anyHostAnswers(facts: Facts, usable: SrvFact[]): boolean {
  const probes = facts.probes ?? [];
  const probed = usable.filter((r) => probes.some((p) => sameEndpoint(p, r)));
  if (probed.length > 0) {
    return probed.some((r) => probes.some((p) => sameEndpoint(p, r) && answers(p)));
  }
  return usable.some((r) => r.targetAddresses === undefined || r.targetAddresses.length > 0);
}

function sameEndpoint(p: { target: string; port: number }, r: SrvFact): boolean {
  return p.port === r.port && canonicalName(p.target) === canonicalName(r.target);
}
