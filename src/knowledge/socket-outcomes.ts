// What a TCP connection came to, in the words every command uses: the probe's error text, the DNS
// transport's reason and doctor's host-unreachable finding all read this one table. Pure data.

/** How a connection failed, as doctor's facts and the checks tell it apart. */
export type TcpFailure = 'refused' | 'reset' | 'timeout' | 'unreachable';

interface SocketError {
  failure: TcpFailure;
  words: string;
}

/** Node's socket error codes: the failure each one is, and its words. */
const SOCKET_ERRORS: Readonly<Record<string, SocketError>> = {
  ECONNREFUSED: { failure: 'refused', words: 'connection refused' },
  ECONNRESET: { failure: 'reset', words: 'connection reset by the peer' },
  EPIPE: { failure: 'reset', words: 'connection closed by the peer' },
  ETIMEDOUT: { failure: 'timeout', words: 'connection timed out' },
  EHOSTUNREACH: { failure: 'unreachable', words: 'host unreachable' },
  ENETUNREACH: { failure: 'unreachable', words: 'network unreachable' },
  EADDRNOTAVAIL: { failure: 'unreachable', words: 'address not available' },
};

/** Each failure in words, for a finding about a host:port. */
export const TCP_FAILURE_WORDS: Readonly<Record<TcpFailure, string>> = {
  refused: SOCKET_ERRORS.ECONNREFUSED!.words,
  reset: `${SOCKET_ERRORS.ECONNRESET!.words} (ECONNRESET)`,
  timeout: 'no answer within the probe timeout',
  unreachable: 'no route to the address',
};

/** The words of a socket error code, undefined for a code the table does not know. */
export function socketErrorWords(code: string | undefined): string | undefined {
  return code === undefined ? undefined : SOCKET_ERRORS[code]?.words;
}

/**
 * The failure a probe's error text stands for: by the socket code it names ("connection reset by the
 * peer (ECONNRESET)"), else a timeout by its words, else no route (nothing came back at all).
 */
export function tcpFailureOf(error: string | null): TcpFailure {
  const code = error === null ? undefined : /\b(E[A-Z]+)\b/.exec(error)?.[1];
  const known = code === undefined ? undefined : SOCKET_ERRORS[code];
  if (known) return known.failure;
  if (error !== null && /timeout|timed out/i.test(error)) return 'timeout';
  return 'unreachable';
}
