// UPDATE and its pre-reads go over TCP (RFC 2136 §3.8 allows it; a large update or signed reply is
// never truncated), through the resolver's transport. Failures become this module's messages: the
// resolver's wording (question name, Win32 codes) does not fit an UPDATE.
import { formatServer } from '../dns/errors.js';
import { ExchangeFailure, acceptSameId, exchange } from '../dns/transport.js';
import type { ServerAddress } from '../dns/types.js';
import { KmsSrvError, type ErrorCode } from '../util/errors.js';

export interface ExchangeOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export type Exchange = (message: Buffer, server: ServerAddress, options: ExchangeOptions) => Promise<Buffer>;

const FAILURE_CODES: Record<ExchangeFailure['kind'], ErrorCode> = {
  timeout: 'DNS_TIMEOUT',
  badresp: 'DNS_BADRESP',
  unreachable: 'DNS_UNREACHABLE',
  aborted: 'DNS_ABORTED',
};

/** A transport failure in this module's words: the server, TCP, and what the socket said. */
export function transportFailure(error: ExchangeFailure, server: ServerAddress): KmsSrvError {
  return new KmsSrvError(FAILURE_CODES[error.kind], `${formatServer(server)} over TCP: ${error.reason}`, { cause: error, details: { server } });
}

export const exchangeTcp: Exchange = async (message, server, options) => {
  try {
    return await exchange(message, server, { ...options, transport: 'tcp' }, acceptSameId(message));
  } catch (error) {
    if (!(error instanceof ExchangeFailure)) throw error;
    throw transportFailure(error, server);
  }
};
