// Where a KMS client looks for its hosts: the `_vlmcs._tcp` SRV owner under each domain it searches,
// and port 1688 when neither a record nor the user names another.

/** The service labels a KMS client queries, without a trailing dot. */
export const VLMCS_LABELS = '_vlmcs._tcp';

/** Octets the prefix `_vlmcs._tcp.` takes from the 253 a domain may use. */
export const VLMCS_PREFIX_OCTETS = VLMCS_LABELS.length + 1;

/** The TCP port of the KMS RPC service. */
export const KMS_DEFAULT_PORT = 1688;

/** `_vlmcs._tcp.<domain>`, keeping `domain`'s trailing dot (or its absence); the root gives `_vlmcs._tcp.`. */
export function vlmcsOwner(domain: string): string {
  return domain === '.' || domain === '' ? `${VLMCS_LABELS}.` : `${VLMCS_LABELS}.${domain}`;
}
