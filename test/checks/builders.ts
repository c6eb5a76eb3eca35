// Hand-made facts for the check tests: a sound baseline that each case bends in one place.
import type { DomainFact, Facts, SrvFact } from '../../src/checks/facts.js';

export function srv(target: string, fields: Partial<SrvFact> = {}): SrvFact {
  return { priority: 0, weight: 0, port: 1688, target, ttl: 3600, targetAddresses: ['192.0.2.1'], ...fields };
}

export function domain(name: string, records: SrvFact[], fields: Partial<DomainFact> = {}): DomainFact {
  return { domain: name, srvName: `_vlmcs._tcp.${name}`, rcode: 'NOERROR', records, ...fields };
}

/** Two hosts, equal priority and weight, addresses known, default port: nothing fires. */
export function soundFacts(fields: Partial<Facts> = {}): Facts {
  return {
    profile: 'win7',
    hostCaching: true,
    domains: [domain('contoso.test.', [srv('kms1.contoso.test.'), srv('kms2.contoso.test.')])],
    ...fields,
  };
}

export function withRecords(records: SrvFact[], fields: Partial<Facts> = {}): Facts {
  return soundFacts({ domains: [domain('contoso.test.', records)], ...fields });
}
