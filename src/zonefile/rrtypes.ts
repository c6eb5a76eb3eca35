// RR type mnemonics a zone file may use (IANA "Resource Record (RR) TYPEs"), so that a typo such
// as "SVR" is an error, as in BIND, instead of a silently kept unknown record.
const MNEMONICS = `A NS MD MF CNAME SOA MB MG MR NULL WKS PTR HINFO MINFO MX TXT RP AFSDB X25 ISDN RT NSAP
NSAP-PTR SIG KEY PX GPOS AAAA LOC NXT EID NIMLOC SRV ATMA NAPTR KX CERT A6 DNAME SINK APL DS SSHFP
IPSECKEY RRSIG NSEC DNSKEY DHCID NSEC3 NSEC3PARAM TLSA SMIMEA HIP NINFO RKEY TALINK CDS CDNSKEY
OPENPGPKEY CSYNC ZONEMD SVCB HTTPS DSYNC SPF UINFO UID GID UNSPEC NID L32 L64 LP EUI48 EUI64 URI CAA
AVC DOA AMTRELAY RESINFO WALLET TA DLV`;

const KNOWN = new Set(MNEMONICS.split(/\s+/));

/** True for a known mnemonic (upper case) or the generic TYPEnnn form (RFC 3597). */
export function isKnownType(type: string): boolean {
  return KNOWN.has(type) || /^TYPE\d{1,5}$/.test(type);
}
