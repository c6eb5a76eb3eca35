// A lab estate for audit tests and benchmarks: one zone holding many KMS domains, each built to give a
// known verdict. Domain i is `d<i>.<apex>`; its kind is chosen by `kindOf(i)`.
import { vlmcsOwner } from '../names/kms-service.js';
import type { Verdict } from './types.js';

/** What can be planted inside one zone (a SERVFAIL needs a zone of its own that fails to load). */
export type FleetKind = 'ok' | 'no-srv' | 'nodata' | 'no-address';

export interface FleetDomain {
  domain: string;
  expected: Verdict;
}

export interface Fleet {
  apex: string;
  /** Zone file text (absolute names). */
  zoneText: string;
  domains: FleetDomain[];
}

/** The last 32 bits of domain i's IPv6 address, written as one group while i fits in one (16 bits). */
function fleetV6Suffix(i: number): string {
  return i < 0x10000 ? i.toString(16) : `${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}`;
}

/** Every host of an `ok` domain has both an A and an AAAA record, so BIND puts both in the additional section. */
export function buildFleet(apex: string, count: number, kindOf: (i: number) => FleetKind = () => 'ok'): Fleet {
  const lines = [
    `$TTL 3600`,
    `${apex}. IN SOA ns1.${apex}. hostmaster.${apex}. 1 3600 900 1209600 300`,
    `${apex}. IN NS ns1.${apex}.`,
    `ns1.${apex}. IN A 127.0.0.1`,
  ];
  const domains: FleetDomain[] = [];
  for (let i = 0; i < count; i++) {
    const domain = `d${i}.${apex}`;
    const kind = kindOf(i);
    const owner = `${vlmcsOwner(domain)}.`;
    switch (kind) {
      case 'ok': {
        // Inside its own domain: an authoritative server's glue for it is in bailiwick (answer-gate.ts).
        const host = `kms${i}.${domain}.`;
        lines.push(`${owner} IN SRV 0 0 1688 ${host}`, `${host} IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, `${host} IN AAAA fd00::${fleetV6Suffix(i)}`);
        break;
      }
      case 'nodata':
        lines.push(`${owner} IN TXT "no SRV here"`);
        break;
      case 'no-address':
        lines.push(`${owner} IN SRV 0 0 1688 missing${i}.${apex}.`);
        break;
      case 'no-srv':
        break;
    }
    domains.push({ domain, expected: kind });
  }
  return { apex, zoneText: `${lines.join('\n')}\n`, domains };
}
