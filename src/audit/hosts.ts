// The hosts of an SRV answer as audit reports them: built here for the fast path and the full path
// alike, so both list the same hosts in the same order. Imports only types (the fast path loads little).
import type { SrvData } from './srv-reply.js';
import type { AuditHost } from './types.js';

/** One host per SRV record, addresses not yet known, by priority, then target and port. */
export function auditHosts(records: Iterable<SrvData>): AuditHost[] {
  const hosts: AuditHost[] = [];
  for (const d of records) hosts.push({ target: d.target, port: d.port, priority: d.priority, weight: d.weight, addresses: [], reachable: null });
  return hosts.sort((a, b) => a.priority - b.priority || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0) || a.port - b.port);
}
