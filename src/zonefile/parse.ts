// RFC 1035 §5 master files: directives, owners, TTL and class, RDATA. One streaming parser hands each
// record to a sink as it is read (`streamZone`), so a caller keeps only what it needs; `parseZoneText`
// keeps them all. Pure: $INCLUDEd files come through the injected `readInclude`; `streamZoneFile` and
// `parseZoneFile` are the thin wrappers that read disk, a chunk at a time.
// TTL defaults follow BIND 9 (RFC 2308 §4): $TTL when set; otherwise the last TTL written (RFC 1035
// semantics); a first record without any TTL takes the SOA MINIMUM, which then acts as $TTL.
import { closeSync } from 'node:fs';
import path from 'node:path';
import { KmsSrvError, fileErrorReason } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { MIB, openInputSync, type InputLimits } from '../util/input-file.js';
import { zoneError, type Position } from './errors.js';
import { fileLines, MAX_ZONE_LINE_BYTES } from './file-lines.js';
import { logicalLines, type LogicalLine, type Token, type ZoneSource } from './lexer.js';
import { NameError } from '../names/presentation.js';
import { parseName, type ParsedName } from './names.js';
import { MAX_TTL, looksLikeTtl, parseDuration } from './numbers.js';
import { readRdata, type RdataContext } from './rdata.js';
import { isKnownType } from './rrtypes.js';
import type { Zone, ZoneRecord } from './types.js';

export interface ParseZoneOptions {
  /** Origin at the start of the file ("contoso.com" or "contoso.com."). */
  origin?: string;
  /** File name used in messages and as the base of relative $INCLUDE paths. */
  file?: string;
  /** TTL for records that give none, as if the file began with $TTL. */
  defaultTtl?: number;
  /**
   * Reads an $INCLUDEd file, given its path joined to the including file's directory (absolute when
   * `file` is): its whole text, or its physical lines. Without it, $INCLUDE is an error.
   */
  readInclude?: (absPath: string) => ZoneSource;
  /** How deep $INCLUDEs may nest (the main file is depth 0). Default 16. */
  maxIncludeDepth?: number;
  /** Most records read, $INCLUDEd ones counted; one more is a located error. Default MAX_ZONE_RECORDS. */
  maxRecords?: number;
}

/** What a streamed zone was, once read: its starting origin, the files read, how many records. */
export interface ZoneSummary {
  origin: string;
  files: string[];
  records: number;
}

export type RecordSink = (record: ZoneRecord) => void;

const DEFAULT_MAX_INCLUDE_DEPTH = 16;
/**
 * Records one zone may hold (docs/formats.md, "Zone files"): past it the reader stops with a clear
 * error rather than let a caller that keeps records run out of memory. BIND's own loader takes about
 * 2.5 GB for 8.7 million records; ten million leaves check-zone well inside Node's default heap.
 */
export const MAX_ZONE_RECORDS = 10_000_000;
const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

function isClass(text: string): boolean {
  if (text.length === 2) return CLASSES.has(text.toUpperCase());
  return /^CLASS\d+$/i.test(text);
}

/** State of one file being read; each $INCLUDE gets its own. */
interface Frame {
  file: string;
  origin: string | undefined;
  owner: ParsedName | undefined;
  /** Files from the main one down to this one, for cycle and depth messages. */
  chain: string[];
}

class ZoneParser {
  private count = 0;
  private readonly maxRecords: number;
  private soaOwner: string | undefined;
  private readonly files: string[] = [];
  private defaultTtl: number | undefined;
  private lastTtl: number | undefined;
  private zoneClass: string | undefined;
  private firstOrigin: string | undefined;
  private readonly maxDepth: number;

  constructor(
    private readonly options: ParseZoneOptions,
    private readonly sink: RecordSink,
  ) {
    this.defaultTtl = options.defaultTtl;
    this.maxDepth = options.maxIncludeDepth ?? DEFAULT_MAX_INCLUDE_DEPTH;
    this.maxRecords = options.maxRecords ?? MAX_ZONE_RECORDS;
  }

  parse(source: ZoneSource): ZoneSummary {
    const file = this.options.file ?? '<zone>';
    let origin: string | undefined;
    if (this.options.origin !== undefined) {
      try {
        origin = parseName(this.options.origin.endsWith('.') ? this.options.origin : `${this.options.origin}.`, '.').name;
      } catch (error) {
        if (error instanceof NameError) throw new KmsSrvError('USAGE', `bad origin "${this.options.origin}": ${error.message}`);
        throw error;
      }
    }
    if (this.defaultTtl !== undefined && !(Number.isInteger(this.defaultTtl) && this.defaultTtl >= 0 && this.defaultTtl <= MAX_TTL)) {
      throw new KmsSrvError('USAGE', `bad default TTL ${this.defaultTtl}: expected an integer from 0 to ${MAX_TTL}`);
    }
    this.readFile(source, { file, origin, owner: undefined, chain: [file] });
    return { origin: origin ?? this.firstOrigin ?? this.soaOwner ?? '.', files: this.files, records: this.count };
  }

  private readFile(source: ZoneSource, frame: Frame): void {
    if (!this.files.includes(frame.file)) this.files.push(frame.file);
    for (const line of logicalLines(source, frame.file)) {
      const first = line.tokens[0] as Token;
      if (!line.indented && first.text.startsWith('$') && !first.quoted) this.directive(line, frame);
      else this.record(line, frame);
    }
  }

  private fail(frame: Frame, at: Position, message: string): never {
    throw zoneError(frame.file, at, message);
  }

  private name(frame: Frame, token: Token, what: string): ParsedName {
    try {
      return parseName(token.text, frame.origin);
    } catch (error) {
      if (error instanceof NameError) this.fail(frame, token, `bad ${what} "${excerpt(token.text)}": ${error.message}`);
      throw error;
    }
  }

  private ttl(frame: Frame, token: Token, what: string): number {
    const value = parseDuration(token.text);
    if (value === undefined) this.fail(frame, token, `bad ${what} "${excerpt(token.text)}": expected seconds or a duration like 1h30m (units w d h m s)`);
    if (value > MAX_TTL) this.fail(frame, token, `${what} ${excerpt(token.text)} is out of range: the limit is ${MAX_TTL} seconds`);
    return value;
  }

  private directive(line: LogicalLine, frame: Frame): void {
    const [keyword, ...args] = line.tokens as [Token, ...Token[]];
    const name = keyword.text.toUpperCase();
    const expectArgs = (min: number, max: number, usage: string): void => {
      if (args.length < min) this.fail(frame, keyword, `${name} is missing its argument (expected: ${usage})`);
      const extra = args[max];
      if (extra !== undefined) this.fail(frame, extra, `unexpected "${excerpt(extra.text)}" after ${name} (expected: ${usage})`);
    };
    switch (name) {
      case '$ORIGIN': {
        expectArgs(1, 1, '$ORIGIN NAME');
        frame.origin = this.name(frame, args[0] as Token, '$ORIGIN').name;
        this.firstOrigin ??= frame.origin;
        return;
      }
      case '$TTL': {
        expectArgs(1, 1, '$TTL TTL');
        this.defaultTtl = this.ttl(frame, args[0] as Token, '$TTL');
        return;
      }
      case '$INCLUDE': {
        expectArgs(1, 2, '$INCLUDE FILE [ORIGIN]');
        this.include(frame, keyword, args[0] as Token, args[1]);
        return;
      }
      case '$GENERATE':
        return this.fail(frame, keyword, '$GENERATE is a BIND extension this parser does not support');
      default:
        return this.fail(frame, keyword, `unknown directive ${excerpt(keyword.text)} (expected $ORIGIN, $TTL or $INCLUDE)`);
    }
  }

  private include(frame: Frame, keyword: Token, fileToken: Token, originToken: Token | undefined): void {
    const read = this.options.readInclude;
    if (!read) this.fail(frame, keyword, '$INCLUDE is not allowed here (no file reader was given)');
    const target = path.isAbsolute(fileToken.text) ? fileToken.text : path.join(path.dirname(frame.file), fileToken.text);
    const chain = [...frame.chain, target];
    if (frame.chain.includes(target)) this.fail(frame, fileToken, `$INCLUDE cycle: ${chain.join(' -> ')}`);
    if (chain.length - 1 > this.maxDepth) this.fail(frame, fileToken, `$INCLUDE nested deeper than ${this.maxDepth}: ${chain.join(' -> ')}`);
    const origin = originToken ? this.name(frame, originToken, '$INCLUDE origin').name : frame.origin;
    let source: ZoneSource;
    try {
      source = read(target);
    } catch (error) {
      throw zoneError(frame.file, fileToken, `cannot read $INCLUDE file ${target}: ${fileErrorReason(error)}`, 'FILE_READ', error);
    }
    // The included file starts with the includer's owner; its $ORIGIN stays inside it (RFC 1035 §5.1).
    this.readFile(source, { file: target, origin, owner: frame.owner, chain });
  }

  private record(line: LogicalLine, frame: Frame): void {
    if (this.count >= this.maxRecords) {
      this.fail(frame, line, `more than ${this.maxRecords.toLocaleString('en-US')} records: the limit of one zone (split it, or check its parts one by one)`);
    }
    const tokens = line.tokens;
    let index = 0;
    let owner: ParsedName;
    if (line.indented) {
      if (!frame.owner) this.fail(frame, line, 'record has no owner name: the first record must name one');
      owner = frame.owner;
    } else {
      owner = this.name(frame, tokens[0] as Token, 'owner name');
      index = 1;
    }
    let ttl: number | undefined;
    let recordClass: string | undefined;
    // TTL and class may come in either order (RFC 1035 §5.1), each at most once.
    for (let seen = 0; seen < 2; seen++) {
      const token = tokens[index];
      if (token === undefined) break;
      if (ttl === undefined && looksLikeTtl(token.text)) ttl = this.ttl(frame, token, 'TTL');
      else if (recordClass === undefined && isClass(token.text)) recordClass = token.text.toUpperCase();
      else break;
      index++;
    }
    const typeToken = tokens[index];
    if (typeToken === undefined) this.fail(frame, tokens[tokens.length - 1] as Token, 'record is missing its type');
    const type = typeToken.text.toUpperCase();
    if (looksLikeTtl(type)) this.fail(frame, typeToken, `unexpected "${excerpt(typeToken.text)}": the TTL is already given`);
    if (!isKnownType(type)) this.fail(frame, typeToken, `unknown record type "${excerpt(typeToken.text)}"`);
    recordClass ??= this.zoneClass ?? 'IN';
    if (this.zoneClass !== undefined && recordClass !== this.zoneClass) {
      this.fail(frame, typeToken, `class ${recordClass} differs from the zone's class ${this.zoneClass}`);
    }
    this.zoneClass = recordClass;

    const ctx: RdataContext = { origin: frame.origin, typeToken, fail: (at, message) => this.fail(frame, at, message) };
    const { data, relative } = readRdata(type, tokens, index + 1, ctx);
    const recordTtl = this.resolveTtl(frame, ttl, data, line);
    frame.owner = owner;
    if (data.type === 'SOA') this.soaOwner ??= owner.name;
    this.count++;
    this.sink({
      owner: owner.name,
      ttl: recordTtl,
      class: recordClass,
      type: data.type === 'OTHER' ? data.rrtype : data.type,
      data,
      source: { file: frame.file, line: line.line, column: line.column },
      relativeNames: owner.relative ? ['owner', ...relative] : relative,
      ...(frame.origin !== undefined && relative.length > 0 ? { relativeTo: frame.origin } : {}),
    });
  }

  private resolveTtl(frame: Frame, explicit: number | undefined, data: ZoneRecord['data'], line: LogicalLine): number {
    if (explicit !== undefined) {
      this.lastTtl = explicit;
      return explicit;
    }
    if (this.defaultTtl !== undefined) return this.defaultTtl;
    if (this.lastTtl !== undefined) return this.lastTtl;
    if (data.type === 'SOA') {
      // BIND: "no TTL specified; using SOA MINTTL instead", and the minimum becomes the default.
      if (data.minimum > MAX_TTL) this.fail(frame, line, `SOA minimum ${data.minimum} is out of range for a TTL`);
      this.defaultTtl = data.minimum;
      return data.minimum;
    }
    return this.fail(frame, line, 'record has no TTL and no $TTL is set');
  }
}

/** Reads master text (or its lines) record by record, handing each to `sink`. Pure: `$INCLUDE` goes through `options.readInclude`. */
export function streamZone(source: ZoneSource, options: ParseZoneOptions, sink: RecordSink): ZoneSummary {
  return new ZoneParser(options, sink).parse(source);
}

/** Parses master-file text, keeping every record. */
export function parseZoneText(text: ZoneSource, options: ParseZoneOptions = {}): Zone {
  const records: ZoneRecord[] = [];
  const { origin, files } = streamZone(text, options, (record) => records.push(record));
  return { origin, records, files };
}

export type ZoneFileOptions = Pick<ParseZoneOptions, 'origin' | 'defaultTtl' | 'maxIncludeDepth' | 'maxRecords'>;

/** Streams a zone file from disk a chunk at a time; `$INCLUDE` paths are relative to the including file. */
/**
 * Limits of docs/behaviour.md#input-limits: the zone with all its $INCLUDEs at most 1 GiB (it is
 * streamed, so memory follows what the sink keeps, not the file), each line at most 64 KiB.
 */
export const ZONE_FILE_LIMITS = { what: 'zone file', maxBytes: 1024 * MIB, maxLineBytes: MAX_ZONE_LINE_BYTES } as const satisfies InputLimits;

export function streamZoneFile(file: string, options: ZoneFileOptions, sink: RecordSink): ZoneSummary {
  let total = 0;
  // Every file, the main one and each $INCLUDE, must be a regular file, and all of them together within the limit.
  const open = (absPath: string, what: string): Iterable<string> => {
    const { fd, size } = openInputSync(absPath, { ...ZONE_FILE_LIMITS, what });
    total += size;
    if (total > ZONE_FILE_LIMITS.maxBytes) {
      closeSync(fd);
      const reason = `brings the zone past its limit of ${ZONE_FILE_LIMITS.maxBytes / MIB} MiB in all`;
      throw new KmsSrvError('FILE_READ', `${absPath} ${reason}`, { details: { file: absPath, reason } });
    }
    return fileLines(fd, absPath);
  };
  const lines = open(file, 'zone file');
  return streamZone(lines, { ...options, file, readInclude: (absPath) => open(absPath, '$INCLUDE file') }, sink);
}

/** Reads and parses a zone file, keeping every record. */
export async function parseZoneFile(file: string, options: ZoneFileOptions = {}): Promise<Zone> {
  const records: ZoneRecord[] = [];
  const { origin, files } = streamZoneFile(file, options, (record) => records.push(record));
  return Promise.resolve({ origin, records, files });
}
