// RDATA of each supported type, from the tokens after the type mnemonic. One reader per type in a
// table; any other type keeps its text, with the domain names it is known to carry made absolute
// so that it reads the same as BIND's dump.
import type { RecordData } from './types.js';
import type { Position } from './errors.js';
import type { Token } from './lexer.js';
import { excerpt } from '../util/excerpt.js';
import { NameError } from '../names/presentation.js';
import { parseName } from './names.js';
import { formatIPv6, parseIPv4, parseIPv6 } from './address.js';
import { MAX_U32, parseDuration, parseInteger } from './numbers.js';

export interface RdataContext {
  origin: string | undefined;
  /** The type token: missing fields are reported there. */
  typeToken: Token;
  fail(at: Position, message: string): never;
}

export interface ParsedRdata {
  data: RecordData;
  /** Data fields whose name was written relative (origin appended). */
  relative: string[];
}

type RdataReader = (tokens: Token[], first: number, ctx: RdataContext, relative: string[]) => RecordData;

/** Reads fields in order, reporting a missing one by name and refusing leftovers. */
class Fields {
  constructor(
    private readonly tokens: Token[],
    private index: number,
    private readonly ctx: RdataContext,
    private readonly type: string,
    private readonly layout: string,
  ) {}

  next(field: string): Token {
    const token = this.tokens[this.index++];
    if (token === undefined) this.ctx.fail(this.ctx.typeToken, `${this.type} record is missing its ${field} (expected: ${this.layout})`);
    return token;
  }

  name(field: string, relative: string[]): string {
    const token = this.next(field);
    try {
      const parsed = parseName(token.text, this.ctx.origin);
      if (parsed.relative) relative.push(field);
      return parsed.name;
    } catch (error) {
      if (error instanceof NameError) this.ctx.fail(token, `bad ${this.type} ${field} "${excerpt(token.text)}": ${error.message}`);
      throw error;
    }
  }

  integer(field: string, max: number): number {
    const token = this.next(field);
    const value = parseInteger(token.text);
    if (value === undefined || value > max) this.ctx.fail(token, `bad ${this.type} ${field} "${excerpt(token.text)}": expected an integer from 0 to ${max}`);
    return value;
  }

  duration(field: string): number {
    const token = this.next(field);
    const value = parseDuration(token.text);
    if (value === undefined || value > MAX_U32) this.ctx.fail(token, `bad ${this.type} ${field} "${excerpt(token.text)}": expected seconds (0 to ${MAX_U32}) or a duration like 1h30m`);
    return value;
  }

  done(): void {
    const extra = this.tokens[this.index];
    if (extra !== undefined) this.ctx.fail(extra, `unexpected "${excerpt(extra.text)}" after the ${this.type} data (expected: ${this.layout})`);
  }
}

function fields(tokens: Token[], first: number, ctx: RdataContext, type: string, layout: string): Fields {
  return new Fields(tokens, first, ctx, type, layout);
}

/** Decodes `\DDD` and `\X` escapes of a character-string into octets (RFC 1035 §5.1). */
function decodeCharacterString(raw: string, at: Position, ctx: RdataContext): Buffer {
  if (!raw.includes('\\')) return Buffer.from(raw, 'utf8');
  const bytes = Buffer.from(raw, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte !== 0x5c) {
      out.push(byte);
      continue;
    }
    const digits = bytes.subarray(i + 1, i + 4).toString('latin1');
    if (/^\d{3}$/.test(digits)) {
      if (Number(digits) > 255) ctx.fail(at, `escape \\${digits} is above 255`);
      out.push(Number(digits));
      i += 3;
    } else if (i + 1 < bytes.length) {
      out.push(bytes[i + 1] as number);
      i += 1;
    } else {
      ctx.fail(at, 'string ends with a lone backslash');
    }
  }
  return Buffer.from(out);
}

const READERS: Record<string, RdataReader> = {
  SOA(tokens, first, ctx, relative) {
    const f = fields(tokens, first, ctx, 'SOA', 'mname rname serial refresh retry expire minimum');
    const data: RecordData = {
      type: 'SOA',
      mname: f.name('mname', relative),
      rname: f.name('rname', relative),
      serial: f.integer('serial', MAX_U32),
      refresh: f.duration('refresh'),
      retry: f.duration('retry'),
      expire: f.duration('expire'),
      minimum: f.duration('minimum'),
    };
    f.done();
    return data;
  },
  NS(tokens, first, ctx, relative) {
    const f = fields(tokens, first, ctx, 'NS', 'host');
    const data: RecordData = { type: 'NS', host: f.name('host', relative) };
    f.done();
    return data;
  },
  CNAME(tokens, first, ctx, relative) {
    const f = fields(tokens, first, ctx, 'CNAME', 'target');
    const data: RecordData = { type: 'CNAME', target: f.name('target', relative) };
    f.done();
    return data;
  },
  A(tokens, first, ctx) {
    const f = fields(tokens, first, ctx, 'A', 'IPv4 address');
    const token = f.next('address');
    const octets = parseIPv4(token.text);
    if (!octets) return ctx.fail(token, `bad IPv4 address "${excerpt(token.text)}": expected four decimal numbers 0-255 like 192.0.2.1`);
    f.done();
    return { type: 'A', address: octets.join('.') };
  },
  AAAA(tokens, first, ctx) {
    const f = fields(tokens, first, ctx, 'AAAA', 'IPv6 address');
    const token = f.next('address');
    const words = parseIPv6(token.text);
    if (!words) return ctx.fail(token, `bad IPv6 address "${excerpt(token.text)}": expected eight hex groups, "::" at most once, like 2001:db8::1`);
    f.done();
    return { type: 'AAAA', address: formatIPv6(words) };
  },
  SRV(tokens, first, ctx, relative) {
    const f = fields(tokens, first, ctx, 'SRV', 'priority weight port target');
    const data: RecordData = {
      type: 'SRV',
      priority: f.integer('priority', 65535),
      weight: f.integer('weight', 65535),
      port: f.integer('port', 65535),
      target: f.name('target', relative),
    };
    f.done();
    return data;
  },
  TXT(tokens, first, ctx) {
    if (tokens.length <= first) ctx.fail(ctx.typeToken, 'TXT record is missing its text (expected: one or more strings)');
    const strings = tokens.slice(first).map((token) => {
      const octets = decodeCharacterString(token.text, token, ctx);
      if (octets.length > 255) ctx.fail(token, `TXT string is ${octets.length} octets; the limit is 255 (split it into several strings)`);
      return octets.toString('utf8');
    });
    return { type: 'TXT', strings };
  },
};

/** Token positions holding a domain name, for the other types BIND prints with absolute names. */
const NAME_POSITIONS: Record<string, number[]> = {
  MX: [1],
  PTR: [0],
  DNAME: [0],
  KX: [1],
  AFSDB: [1],
  RT: [1],
  RP: [0, 1],
  MINFO: [0, 1],
  MB: [0],
  MG: [0],
  MR: [0],
  NAPTR: [5],
};

function readOther(type: string, tokens: Token[], ctx: RdataContext, relative: string[]): RecordData {
  const namePositions = NAME_POSITIONS[type] ?? [];
  const parts = tokens.map((token, index) => {
    if (token.quoted) return `"${token.text}"`;
    if (!namePositions.includes(index)) return token.text;
    try {
      const parsed = parseName(token.text, ctx.origin);
      if (parsed.relative && !relative.includes('text')) relative.push('text');
      return parsed.name;
    } catch (error) {
      if (error instanceof NameError) ctx.fail(token, `bad ${type} name "${excerpt(token.text)}": ${error.message}`);
      throw error;
    }
  });
  return { type: 'OTHER', rrtype: type, text: parts.join(' ') };
}

/** RDATA for `type` (upper case) from `tokens[first..]`. */
export function readRdata(type: string, tokens: Token[], first: number, ctx: RdataContext): ParsedRdata {
  const relative: string[] = [];
  const reader = READERS[type];
  const data = reader ? reader(tokens, first, ctx, relative) : readOther(type, tokens.slice(first), ctx, relative);
  return { data, relative };
}
