// Address rules the JSON Schema cannot say well; name rules live in src/names/validate.ts. Each check
// returns a plain-words problem, or undefined when the value is fine.
import net from 'node:net';

/** Problems with an IPv4 literal: dotted quad, no leading zeros (ambiguous: octal to some parsers). */
export function ipv4Problem(value: string): string | undefined {
  if (net.isIPv6(value)) return `"${value}" is an IPv6 address; list it under ipv6`;
  const parts = value.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p))) return `"${value}" is not an IPv4 address (four numbers 0-255 separated by dots)`;
  if (parts.some((p) => p.length > 1 && p.startsWith('0'))) return `"${value}" has a leading zero, which some tools read as octal; write ${parts.map((p) => String(Number(p))).join('.')}`;
  // Four numbers of 1-3 digits without leading zeros: only a number above 255 is left to refuse.
  if (parts.some((p) => Number(p) > 255)) return `"${value}" has a number above 255`;
  return undefined;
}

/** Problems with an IPv6 literal; zone ids (fe80::1%eth0) are link-local only and not DNS data. */
export function ipv6Problem(value: string): string | undefined {
  if (value.includes('%')) return `"${value}" carries a zone id (%…), which has no meaning in DNS`;
  if (net.isIPv4(value)) return `"${value}" is an IPv4 address; list it under ipv4`;
  if (!net.isIPv6(value)) return `"${value}" is not an IPv6 address`;
  return undefined;
}

/** Canonical IPv6 text (RFC 5952: lower case, zeros compressed) so duplicates compare equal. */
export function canonicalIpv6(value: string): string {
  return new URL(`http://[${value}]/`).hostname.slice(1, -1);
}
