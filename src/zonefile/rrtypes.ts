// RR type mnemonics and codes (IANA "Resource Record (RR) TYPEs"), the one table of them: zone files
// (a typo such as "SVR" is an error, as in BIND, instead of a silently kept unknown record; the codes
// order a dump) and the wire (questions, replies, UPDATE and TSIG) both read it.
const CODES: Record<string, number> = {
  A: 1, NS: 2, MD: 3, MF: 4, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, WKS: 11, PTR: 12, HINFO: 13,
  MINFO: 14, MX: 15, TXT: 16, RP: 17, AFSDB: 18, X25: 19, ISDN: 20, RT: 21, NSAP: 22, 'NSAP-PTR': 23, SIG: 24,
  KEY: 25, PX: 26, GPOS: 27, AAAA: 28, LOC: 29, NXT: 30, EID: 31, NIMLOC: 32, SRV: 33, ATMA: 34, NAPTR: 35,
  KX: 36, CERT: 37, A6: 38, DNAME: 39, SINK: 40, APL: 42, DS: 43, SSHFP: 44, IPSECKEY: 45, RRSIG: 46,
  NSEC: 47, DNSKEY: 48, DHCID: 49, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, SMIMEA: 53, HIP: 55, NINFO: 56,
  RKEY: 57, TALINK: 58, CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61, CSYNC: 62, ZONEMD: 63, SVCB: 64, HTTPS: 65,
  DSYNC: 66, SPF: 99, UINFO: 100, UID: 101, GID: 102, UNSPEC: 103, NID: 104, L32: 105, L64: 106, LP: 107,
  EUI48: 108, EUI64: 109, URI: 256, CAA: 257, AVC: 258, DOA: 259, AMTRELAY: 260, RESINFO: 261, WALLET: 262,
  TA: 32768, DLV: 32769,
};

/** Types that exist only in messages, never as zone data (RFC 6891 OPT, RFC 8945 TSIG, the QTYPEs). */
const META: Record<string, number> = { OPT: 41, TKEY: 249, TSIG: 250, IXFR: 251, AXFR: 252, MAILB: 253, MAILA: 254, ANY: 255 };

const NAMES = new Map<number, string>([...Object.entries(CODES), ...Object.entries(META)].map(([name, code]) => [code, name]));

const GENERIC = /^TYPE(\d{1,5})$/;

/** The type code of an upper-case mnemonic or TYPEnnn (RFC 3597), or undefined for an unknown one. */
export function typeCode(type: string): number | undefined {
  const known = CODES[type];
  if (known !== undefined) return known;
  const generic = GENERIC.exec(type);
  const code = generic ? Number(generic[1]) : NaN;
  return code <= 65535 ? code : undefined;
}

export function isKnownType(type: string): boolean {
  return typeCode(type) !== undefined;
}

/** The code of a type in a DNS message: a zone type, a meta type (OPT, TSIG, ANY …) or TYPEnnn; any case. */
export function wireTypeCode(type: string): number | undefined {
  const upper = type.toUpperCase();
  return META[upper] ?? typeCode(upper);
}

/** The mnemonic of a type code, `TYPEnnn` (RFC 3597) when it has none. */
export function typeName(code: number): string {
  return NAMES.get(code) ?? `TYPE${code}`;
}
