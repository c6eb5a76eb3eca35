// Shared fixtures for the DNS tests: the bundled example zone plus aliases, and a resolver factory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resolver } from '../../src/dns/resolver.js';
import type { ResolverOptions, ServerAddress } from '../../src/dns/types.js';
import { parseZoneText } from '../../src/zonefile/parse.js';
import type { Zone } from '../../src/zonefile/types.js';

export const EXAMPLE_ZONE_FILE = fileURLToPath(new URL('../../zones/example.test.zone', import.meta.url));
export const EXAMPLE_ZONE_TEXT = readFileSync(EXAMPLE_ZONE_FILE, 'utf8');

/** Aliases for CNAME tests: one answered inside the zone, one pointing at a second zone, one loop. */
export const ALIAS_LINES = `
alias           IN CNAME _vlmcs._tcp
alias2          IN CNAME alias
away            IN CNAME _vlmcs._tcp.other.test.
loop1           IN CNAME loop2
loop2           IN CNAME loop1
`;

export const OTHER_ZONE_TEXT = `$ORIGIN other.test.
$TTL 300
@           IN SOA ns1.other.test. hostmaster.other.test. 1 3600 900 1209600 300
            IN NS  ns1
ns1         IN A   127.0.0.1
_vlmcs._tcp IN SRV 0 0 1688 kms9.other.test.
kms9        IN A   192.0.2.99
`;

/** Many SRV records: too big for one 512-byte datagram, so the answer must come over TCP. */
export function bigSrvLines(count: number): string {
  return Array.from({ length: count }, (_, i) => `_big._tcp IN SRV 0 0 1688 kms-host-with-a-long-name-${i}.example.test.\n`).join('');
}

export function exampleZone(extra = ''): Zone {
  return parseZoneText(EXAMPLE_ZONE_TEXT + extra, { file: EXAMPLE_ZONE_FILE });
}

export function otherZone(): Zone {
  return parseZoneText(OTHER_ZONE_TEXT, { file: 'other.test.zone' });
}

export function resolverFor(servers: ServerAddress | ServerAddress[], options: Partial<ResolverOptions> = {}): Resolver {
  return new Resolver({ servers: Array.isArray(servers) ? servers : [servers], timeoutMs: 300, attempts: 1, ...options });
}
