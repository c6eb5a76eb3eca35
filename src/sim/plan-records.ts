// `simulate --plan`: the SRV records a plan's hosts publish in one domain (its first publish domain
// unless --domain names another), as a client of that domain would get them.
import { normaliseName } from '../names/canonical.js';
import type { Plan } from '../plan/types.js';
import type { SrvRecord } from '../srv/types.js';
import { usageError } from '../util/errors.js';

export function planRecords(plan: Plan, domain?: string): { domain: string; records: SrvRecord[] } {
  const chosen = domain !== undefined ? normaliseName(domain) : plan.hosts[0]?.publish[0]?.domain;
  if (chosen === undefined) throw usageError('the plan has no host that publishes into a domain');
  const records = plan.hosts.flatMap((host) =>
    host.publish
      .filter((entry) => entry.domain === chosen)
      .map((entry) => ({ priority: entry.priority, weight: entry.weight, port: host.port, target: `${host.name}.` })),
  );
  if (records.length === 0) {
    const known = [...new Set(plan.hosts.flatMap((host) => host.publish.map((entry) => entry.domain)))];
    throw usageError(`no host of the plan publishes into ${chosen} (domains in the plan: ${known.join(', ')})`);
  }
  return { domain: chosen, records };
}
