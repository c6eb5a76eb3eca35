// The codes a Windows KMS client shows when discovery fails (docs/behaviour.md#error-codes), and how DNS outcomes map to
// them. Win32 DNS errors surface as HRESULTs 0x8007xxxx (FACILITY_WIN32).
import { activationHex, dnsOutcome } from '../dns/errors.js';

/** Win32 codes of DNS outcomes (winerror.h: DNS_ERROR_RCODE_*, DNS_INFO_NO_RECORDS, ERROR_TIMEOUT). */
export const WIN32 = {
  success: 0,
  serverFailure: 9002,
  nameError: 9003,
  noRecords: 9501,
  timeout: 1460,
} as const;

/** The Win32 code for an SRV answer: 0 with records, 9501 for NOERROR without, else by RCODE. */
export function win32ForAnswer(rcode: string, srvCount: number): number {
  if (rcode === 'NOERROR') return srvCount > 0 ? WIN32.success : WIN32.noRecords;
  // One RCODE mapping for the toolkit (src/dns/errors.ts); REFUSED counts as a server failure there.
  return dnsOutcome({ kind: 'rcode', rcode }).win32 ?? WIN32.serverFailure;
}

export const CLIENT_ERROR = {
  nameNotFound: '0x8007232B',
  serverFailure: '0x8007232A',
  noRecords: '0x8007251D',
  noHostResponded: '0xC004F074',
  timeout: '0x800705B4',
} as const;

const MEANING: Record<string, string> = {
  [CLIENT_ERROR.nameNotFound]: 'DNS name does not exist: no _vlmcs._tcp SRV record was found in any domain searched (Win32 9003)',
  [CLIENT_ERROR.serverFailure]: 'DNS server failure: a DNS server failed or refused the query (Win32 9002)',
  [CLIENT_ERROR.noRecords]: 'no records: the name exists but holds no SRV record (Win32 9501)',
  [CLIENT_ERROR.noHostResponded]: 'no Key Management Service could be contacted: hosts were found but none responded',
  [CLIENT_ERROR.timeout]: 'the DNS query timed out: no DNS server answered (Win32 1460)',
};

export function clientErrorMeaning(code: string): string {
  return MEANING[code] ?? 'see the Microsoft volume activation error reference';
}

/**
 * The code a client shows when DNS gave no candidates. Microsoft does not document which domain's
 * error wins when several were searched; the tool's rule: a server failure anywhere hides what that
 * domain holds, so it wins; then a timeout; "no records" only when every domain said so; else
 * "name does not exist".
 */
export function clientErrorForDomains(win32s: readonly number[]): string {
  const failure = win32s.find((w) => w !== WIN32.nameError && w !== WIN32.noRecords && w !== WIN32.timeout && w !== WIN32.success);
  if (failure !== undefined) return activationHex(failure);
  if (win32s.includes(WIN32.timeout)) return CLIENT_ERROR.timeout;
  if (win32s.length > 0 && win32s.every((w) => w === WIN32.noRecords)) return CLIENT_ERROR.noRecords;
  return CLIENT_ERROR.nameNotFound;
}
