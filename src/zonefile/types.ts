// The parsed form of an RFC 1035 master file, shared by the parser, the writer, the in-process
// responder and the zone checks. Names are absolute with a trailing dot, case as written;
// compare them with `sameName` of src/names/canonical.ts (case-insensitive, RFC 4343).

export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export type RecordData =
  | { type: 'SOA'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { type: 'NS'; host: string }
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'CNAME'; target: string }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { type: 'TXT'; strings: string[] }
  /** Any other type, kept as its presentation text. */
  | { type: 'OTHER'; rrtype: string; text: string };

/** One resource record of a zone, with the file and line it came from. */
export interface ZoneRecord {
  /** Absolute owner name with trailing dot. */
  owner: string;
  ttl: number;
  /** Usually "IN". */
  class: string;
  /** The RR type mnemonic, upper case ("SRV", "A", … or the OTHER type's mnemonic). */
  type: string;
  data: RecordData;
  source: SourceRef;
  /**
   * Which names were written relative in the file (origin appended by the parser): "owner" and/or
   * the data field names ("target", "host", "mname", "rname"). `doctor`/`check-zone` use this to spot
   * an SRV target missing its trailing dot.
   */
  relativeNames: string[];
  /** The origin in force on the record's line, which the relative data names were completed with (absolute); present when there are some. */
  relativeTo?: string;
}

/** A parsed master file: its origin and records. */
export interface Zone {
  /** The origin in force at the start of the file, absolute with trailing dot. */
  origin: string;
  records: ZoneRecord[];
  /** Every file read, the main one first, then $INCLUDEd ones. */
  files: string[];
}
