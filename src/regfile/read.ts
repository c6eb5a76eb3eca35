// The .reg reader: what `writeReg` writes and what regedit exports (UTF-16LE with BOM or UTF-8,
// `REGEDIT4` or version 5.00 header, `;` comments, blank lines, `\` continuations, `@` default
// values). Every error names the line and column and is a KmsSrvError('REG_SYNTAX').
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { decodeMultiString, decodeRegBytes, decodeString } from './bytes.js';
import { REG_ROOTS, type RegDocument, type RegKey, type RegValue } from './types.js';

export interface ReadRegOptions {
  /** Named in error messages. */
  fileName?: string;
}

const HEADER5 = 'Windows Registry Editor Version 5.00';
const HEADER4 = 'REGEDIT4';

/** Parses a `.reg` file as regedit exports it (UTF-16LE with BOM or UTF-8, REGEDIT4 or version 5.00) into its keys and values. */
export function readReg(input: string | Uint8Array, options: ReadRegOptions = {}): RegDocument {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeRegBytes(input);
  return new RegParser(text.split(/\r\n|\n|\r/), options.fileName).parse();
}

class RegParser {
  private lineIndex = 0;
  /** REGEDIT4 stores hex(2) / hex(7) strings as single-byte text, version 5 as UTF-16LE. */
  private wide = true;

  constructor(
    private readonly lines: string[],
    private readonly fileName: string | undefined,
  ) {}

  parse(): RegDocument {
    const header = (this.lines[0] ?? '').trimEnd();
    if (header === HEADER4) this.wide = false;
    else if (header !== HEADER5) {
      throw this.error(1, 1, `the first line must be "${HEADER5}" or "${HEADER4}", found "${excerpt(header)}"`);
    }
    const keys: RegKey[] = [];
    let current: RegKey | undefined;
    let comments: string[] = [];
    for (this.lineIndex = 1; this.lineIndex < this.lines.length; this.lineIndex++) {
      const line = this.lines[this.lineIndex] ?? '';
      const start = line.length - line.trimStart().length;
      const first = line[start];
      if (first === undefined) continue;
      if (first === ';') {
        comments.push(line.slice(start + 1).replace(/^ /, '').trimEnd());
      } else if (first === '[') {
        current = this.parseKeyLine(line, start);
        if (comments.length > 0) current.comments = comments;
        comments = [];
        keys.push(current);
      } else if (first === '"' || first === '@') {
        if (!current) throw this.error(this.lineNo, start + 1, 'a value must follow a [KEY] line');
        if (current.delete) throw this.error(this.lineNo, start + 1, `values cannot follow the deleted key [-${current.path}]`);
        current.values.push(this.parseValue(line, start));
      } else {
        throw this.error(this.lineNo, start + 1, `expected [KEY], "Name"=…, @=… or a ; comment, found "${excerpt(line.slice(start))}"`);
      }
    }
    return { keys };
  }

  private get lineNo(): number {
    return this.lineIndex + 1;
  }

  private parseKeyLine(line: string, start: number): RegKey {
    const close = line.lastIndexOf(']');
    if (close <= start) throw this.error(this.lineNo, line.length + 1, 'key line has no closing "]"');
    this.expectLineEnd(line, close + 1);
    const isDelete = line[start + 1] === '-';
    const pathStart = start + (isDelete ? 2 : 1);
    const path = line.slice(pathStart, close);
    const root = path.split('\\', 1)[0] ?? '';
    if (!REG_ROOTS.some((r) => r === root.toUpperCase())) {
      throw this.error(this.lineNo, pathStart + 1, `key must start with one of ${REG_ROOTS.join(', ')}, found "${excerpt(root)}"`);
    }
    if (path.split('\\').some((part) => part === '')) {
      throw this.error(this.lineNo, pathStart + 1, `key "${excerpt(path)}" has an empty part (doubled or trailing "\\")`);
    }
    return isDelete ? { path, delete: true, values: [] } : { path, values: [] };
  }

  private parseValue(line: string, start: number): RegValue {
    let pos = start;
    let name = '';
    if (line[pos] === '@') pos += 1;
    else [name, pos] = this.parseQuoted(line, pos, 'value name');
    pos = skipBlanks(line, pos);
    if (line[pos] !== '=') throw this.error(this.lineNo, pos + 1, `expected "=" after the value name, found ${describe(line, pos)}`);
    pos = skipBlanks(line, pos + 1);
    const rest = line.slice(pos);
    if (rest.startsWith('-')) {
      this.expectLineEnd(line, pos + 1);
      return { name, type: 'DELETE' };
    }
    if (rest.startsWith('"')) {
      const [data, end] = this.parseQuoted(line, pos, 'string');
      this.expectLineEnd(line, end);
      return { name, type: 'REG_SZ', data };
    }
    const dword = /^dword:/i.exec(rest);
    if (dword) return { name, type: 'REG_DWORD', data: this.parseDword(line, pos + dword[0].length) };
    const hex = /^hex(?:\(([0-9a-fA-F]{1,8})\))?:/.exec(rest);
    if (hex) {
      const typeCode = hex[1] === undefined ? 3 : parseInt(hex[1], 16);
      return this.typedHex(name, typeCode, this.parseHexBytes(line, pos + hex[0].length));
    }
    throw this.error(this.lineNo, pos + 1, `expected "string", dword:, hex:, hex(N): or - after "=", found "${excerpt(rest)}"`);
  }

  /** A quoted string starting at `pos`; only \\ and \" are escapes. Returns the text and the index after the quote. */
  private parseQuoted(line: string, pos: number, what: string): [string, number] {
    let out = '';
    for (let i = pos + 1; i < line.length; i++) {
      const c = line[i];
      if (c === '"') return [out, i + 1];
      if (c === '\\') {
        const next = line[i + 1];
        if (next !== '\\' && next !== '"') {
          throw this.error(this.lineNo, i + 1, `unknown escape "\\${next ?? ''}" in ${what}: only \\\\ and \\" are allowed`);
        }
        out += next;
        i += 1;
      } else {
        out += c;
      }
    }
    throw this.error(this.lineNo, pos + 1, `${what} has no closing quote`);
  }

  private parseDword(line: string, pos: number): number {
    const digits = /^[0-9a-fA-F]*/.exec(line.slice(pos))?.[0] ?? '';
    if (digits.length < 1 || digits.length > 8) {
      throw this.error(this.lineNo, pos + 1, `dword: needs 1 to 8 hex digits, found "${excerpt(line.slice(pos))}"`);
    }
    this.expectLineEnd(line, pos + digits.length);
    return parseInt(digits, 16);
  }

  /** Comma-separated two-digit hex bytes, continued onto the next line by a trailing "\". */
  private parseHexBytes(line: string, pos: number): Uint8Array {
    const bytes: number[] = [];
    let text = line;
    let i = pos;
    for (;;) {
      i = skipBlanks(text, i);
      if (text[i] === '\\' && text.slice(i + 1).trim() === '') {
        if (this.lineIndex + 1 >= this.lines.length) throw this.error(this.lineNo, i + 1, 'the line continues with "\\" but the file ends');
        this.lineIndex += 1;
        text = this.lines[this.lineIndex] ?? '';
        i = 0;
        continue;
      }
      if (i >= text.length || text[i] === ';') break;
      const pair = text.slice(i, i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(pair)) throw this.error(this.lineNo, i + 1, `expected two hex digits, found ${describe(text, i)}`);
      bytes.push(parseInt(pair, 16));
      i = skipBlanks(text, i + 2);
      if (text[i] === ',') i += 1;
      else if (i < text.length && text[i] !== ';') throw this.error(this.lineNo, i + 1, `expected "," between hex bytes, found ${describe(text, i)}`);
      else break;
    }
    return new Uint8Array(bytes);
  }

  /** hex(N) data as the value type it stands for, kept raw when it does not decode cleanly. */
  private typedHex(name: string, typeCode: number, bytes: Uint8Array): RegValue {
    if (typeCode === 3) return { name, type: 'REG_BINARY', data: bytes };
    if (typeCode === 4 && bytes.length === 4) return { name, type: 'REG_DWORD', data: new DataView(bytes.buffer).getUint32(0, true) };
    if (typeCode === 0xb && bytes.length === 8) return { name, type: 'REG_QWORD', data: new DataView(bytes.buffer).getBigUint64(0, true) };
    if (typeCode === 1 || typeCode === 2) {
      const data = decodeString(bytes, this.wide);
      if (sameBytes(encodeText(`${data}\0`, this.wide), bytes)) return { name, type: typeCode === 1 ? 'REG_SZ' : 'REG_EXPAND_SZ', data };
    }
    if (typeCode === 7) {
      const data = decodeMultiString(bytes, this.wide);
      const canonical = encodeText(data.length === 0 ? '\0' : `${data.join('\0')}\0\0`, this.wide);
      if (bytes.length === 0 || sameBytes(canonical, bytes)) return { name, type: 'REG_MULTI_SZ', data };
    }
    return { name, type: 'REG_HEX', typeCode, data: bytes };
  }

  private expectLineEnd(line: string, pos: number): void {
    const i = skipBlanks(line, pos);
    if (i < line.length && line[i] !== ';') throw this.error(this.lineNo, i + 1, `unexpected text after the value: "${excerpt(line.slice(i))}"`);
  }

  private error(line: number, column: number, message: string): KmsSrvError {
    const where = `${this.fileName ? `${this.fileName}: ` : ''}line ${line}, column ${column}`;
    return new KmsSrvError('REG_SYNTAX', `${where}: ${message}`, { details: { file: this.fileName, line, column } });
  }
}

function skipBlanks(text: string, pos: number): number {
  let i = pos;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

function describe(text: string, pos: number): string {
  return pos >= text.length ? 'the end of the line' : `"${excerpt(text.slice(pos))}"`;
}

function encodeText(text: string, wide: boolean): Uint8Array {
  return new Uint8Array(Buffer.from(text, wide ? 'utf16le' : 'latin1'));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
