// One error base for the whole toolkit. Every failure a user can meet carries a stable `code`
// from the union below and the process exit code the CLI maps it to (see src/cli/program.ts).

/** Exit codes shared by every command (issue #2): 0 ok, 1 the DNS said no, 2 usage/input, 3 nothing answered. */
export const EXIT = {
  ok: 0,
  dnsNo: 1,
  usage: 2,
  noAnswer: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The stable codes a `KmsSrvError` carries; the CLI maps each to its exit status. */
export type ErrorCode =
  // usage and input
  | 'USAGE'
  | 'INPUT_INVALID'
  | 'PLAN_INVALID'
  | 'ZONE_SYNTAX'
  | 'REG_SYNTAX'
  | 'RECORDS_INVALID'
  | 'FILE_EXISTS'
  | 'FILE_READ'
  | 'FILE_WRITE'
  | 'UNKNOWN_FORMAT'
  | 'UNKNOWN_CODE'
  // DNS outcomes (carry Node's DNS code and the Win32 code; see src/dns/errors.ts)
  | 'DNS_NXDOMAIN'
  | 'DNS_NODATA'
  | 'DNS_SERVFAIL'
  | 'DNS_REFUSED'
  | 'DNS_FORMERR'
  | 'DNS_BADRESP'
  | 'DNS_TIMEOUT'
  | 'DNS_UNREACHABLE'
  | 'DNS_CNAME_LOOP'
  | 'DNS_ABORTED'
  // KMS discovery
  | 'KMS_NO_HOST'
  // dynamic update (publish / unpublish), per zone
  | 'UPDATE_REFUSED'
  | 'UPDATE_PREREQUISITE'
  | 'UPDATE_CNAME_CONFLICT'
  | 'UPDATE_NOT_APPLIED'
  | 'UPDATE_BAD_SIGNATURE';

const EXIT_BY_CODE: Record<ErrorCode, ExitCode> = {
  USAGE: EXIT.usage,
  INPUT_INVALID: EXIT.usage,
  PLAN_INVALID: EXIT.usage,
  ZONE_SYNTAX: EXIT.usage,
  REG_SYNTAX: EXIT.usage,
  RECORDS_INVALID: EXIT.usage,
  FILE_EXISTS: EXIT.usage,
  FILE_READ: EXIT.usage,
  FILE_WRITE: EXIT.usage,
  UNKNOWN_FORMAT: EXIT.usage,
  UNKNOWN_CODE: EXIT.dnsNo,
  DNS_NXDOMAIN: EXIT.dnsNo,
  DNS_NODATA: EXIT.dnsNo,
  DNS_SERVFAIL: EXIT.dnsNo,
  DNS_REFUSED: EXIT.dnsNo,
  DNS_FORMERR: EXIT.dnsNo,
  DNS_BADRESP: EXIT.noAnswer,
  DNS_TIMEOUT: EXIT.noAnswer,
  DNS_UNREACHABLE: EXIT.noAnswer,
  DNS_CNAME_LOOP: EXIT.dnsNo,
  DNS_ABORTED: EXIT.noAnswer,
  KMS_NO_HOST: EXIT.dnsNo,
  UPDATE_REFUSED: EXIT.dnsNo,
  UPDATE_PREREQUISITE: EXIT.dnsNo,
  UPDATE_CNAME_CONFLICT: EXIT.dnsNo,
  UPDATE_NOT_APPLIED: EXIT.dnsNo,
  UPDATE_BAD_SIGNATURE: EXIT.dnsNo,
};

/** The exit code an error code maps to. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  return EXIT_BY_CODE[code];
}

export interface KmsSrvErrorOptions {
  cause?: unknown;
  /** Extra machine-readable context (file, line, JSON pointer, server…). */
  details?: Record<string, unknown>;
}

/** The one error type kms-srv throws for bad input and failed operations: a stable `code` (see `ErrorCode`), a message in words, optional `details` and the underlying `cause`. */
export class KmsSrvError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: KmsSrvErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KmsSrvError';
    this.code = code;
    this.details = options.details ?? {};
  }

  get exitCode(): ExitCode {
    return exitCodeFor(this.code);
  }
}

/** True for a `KmsSrvError` (including a `DnsError`), also across copies of the package. */
export function isKmsSrvError(value: unknown): value is KmsSrvError {
  return value instanceof KmsSrvError;
}

export function usageError(message: string, details?: Record<string, unknown>): KmsSrvError {
  return new KmsSrvError('USAGE', message, details ? { details } : {});
}

/** Why a file could not be read, in words ("no such file"), without repeating the path Node puts in its message. */
export function fileErrorReason(error: unknown): string {
  // Already explained by the input reader (src/util/input-file.ts): its reason without the path.
  if (error instanceof KmsSrvError && typeof error.details.reason === 'string') return error.details.reason;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
