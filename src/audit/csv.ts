// `audit --format csv`: one record per domain, the same facts as the --json line, flattened for a
// spreadsheet (hosts as "target:port" and their addresses, each list space-separated in one cell).
import { csvRecord } from '../util/csv.js';
import type { AuditResult } from './types.js';

export const AUDIT_CSV_HEADER = csvRecord(['line', 'domain', 'verdict', 'errorCode', 'rcode', 'server', 'hosts', 'addresses', 'elapsedMs']);

/** The CSV record of one result, read from input line `line`. */
export function auditCsvRecord(result: AuditResult, line: number): string {
  return csvRecord([
    line,
    result.domain,
    result.verdict,
    result.errorCode,
    result.rcode,
    result.server,
    result.hosts.map((h) => `${h.target}:${h.port}`).join(' '),
    result.hosts.flatMap((h) => h.addresses).join(' '),
    result.elapsedMs,
  ]);
}
