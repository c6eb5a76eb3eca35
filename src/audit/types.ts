// Shapes of `kms-srv audit` (issue #6). `AuditResult` is the stable `--json` line, exactly these keys.

/**
 * One domain's outcome, the first problem found: `no-srv` NXDOMAIN, `nodata` the name exists without
 * SRV, `servfail` the server failed (SERVFAIL, or another error RCODE, or a CNAME loop), `refused` the
 * server refused to answer (REFUSED: not authoritative and no recursion for us, or an ACL), `timeout` no
 * server answered, `no-address` a target has no A/AAAA, `unreachable` a host did not answer the probe,
 * `invalid` the input line is not a domain.
 */
export type Verdict = 'ok' | 'no-srv' | 'nodata' | 'servfail' | 'refused' | 'no-address' | 'unreachable' | 'timeout' | 'invalid';

/** Every audit verdict, in the order the summary lists them. */
export const VERDICTS: readonly Verdict[] = ['ok', 'no-srv', 'nodata', 'servfail', 'refused', 'no-address', 'unreachable', 'timeout', 'invalid'];

/** One host of an audited domain's SRV answer, with its addresses and, when probed, whether it answered. */
export interface AuditHost {
  /** Absolute, as dig prints it: "kms1.example.test.". */
  target: string;
  port: number;
  priority: number;
  weight: number;
  /** A then AAAA, from the SRV answer's additional section or, when absent there, from A/AAAA queries. */
  addresses: string[];
  /** Probe result: true when an address answered, false when none did, null when not probed. */
  reachable: boolean | null;
}

/** One audited domain: its verdict, hosts, the error a client would show, the RCODE and the time taken (the `audit --json` line, less the fields the command adds). */
export interface AuditResult {
  /** As written in the input (trailing dot removed). */
  domain: string;
  verdict: Verdict;
  /** Hosts of the SRV answer by priority, then target and port; empty unless SRV records came back. */
  hosts: AuditHost[];
  /** The error a KMS client would report ("0x8007232B"), null when it finds a host and for `invalid`. */
  errorCode: string | null;
  /**
   * What the SRV question got: NOERROR, NXDOMAIN, SERVFAIL, REFUSED … or, with no usable reply,
   * TIMEOUT, UNREACHABLE, BADRESP, CNAME-LOOP (as doctor's facts say it); null for `invalid`.
   */
  rcode: string | null;
  /** The server whose reply decided the SRV question ("address:port"); null when none replied, and for `invalid`. */
  server: string | null;
  elapsedMs: number;
}

/** A line of input: a domain to audit, or why it is not one. */
export type DomainLine = { line: number; domain: string; error?: undefined } | { line: number; domain: string; error: string };
