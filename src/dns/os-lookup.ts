// A host name resolved the way the operating system resolves it for a program: `dns.lookup`
// (getaddrinfo on Linux, the DNS client on Windows), so the hosts file, the DNS suffixes and the
// system's own servers apply. A KMS client resolves a manual host (slmgr /skms) this way; only a
// pinned DNS server (--server) makes kms-srv ask DNS directly instead (docs/behaviour.md#manual-host).
import { lookup } from 'node:dns/promises';

export interface HostLookupResult {
  addresses: string[];
  /** Why no address came back, in words, when none did. */
  failure?: string;
  /** The resolver's error code (ENOTFOUND, EAI_AGAIN …), when no address came back. */
  code?: string;
}

export type HostLookup = (name: string) => Promise<HostLookupResult>;

/** How the output names this path. */
export const OS_RESOLVER = "the operating system's resolver (hosts file, DNS suffixes, system DNS servers)";

/** Every address of `name`, in the order the OS gives them; never rejects. */
export const osLookup: HostLookup = async (name) => {
  try {
    const found = await lookup(name, { all: true, verbatim: true });
    return { addresses: [...new Set(found.map((entry) => entry.address))] };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { addresses: [], failure: `${code ?? 'lookup failed'}: the operating system's resolver found no address for ${name}`, ...(code ? { code } : {}) };
  }
};
