// An SRV record as selection sees it (RFC 2782). `target` is a host name, absolute or not; "." means
// "service not offered here".
/** One SRV record as selection reads it (RFC 2782): priority, weight, port, target. */
export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  target: string;
  ttl?: number;
}

/** win7: Windows 7 / 2008 R2 and later, honours priority and weight (docs/behaviour.md#selection). vista: uniform random. */
export type ClientProfile = 'win7' | 'vista';
