// Splits master-file text into logical lines of tokens (RFC 1035 §5.1): `;` starts a comment
// outside quotes, parentheses join physical lines, `"…"` is one token, a backslash escapes the
// next character. Escapes are left in the token text; names and strings decode them later.
import { zoneError, type Position } from './errors.js';

export interface Token extends Position {
  /** Raw text; for a quoted token, what is between the quotes (escapes not decoded). */
  text: string;
  quoted: boolean;
}

export interface LogicalLine extends Position {
  tokens: Token[];
  /** The line began with blank space: no owner was written (RFC 1035 §5.1). */
  indented: boolean;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const OPEN = 40;
const CLOSE = 41;
const SEMICOLON = 59;
const BACKSLASH = 92;

function isDelimiter(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR || code === SEMICOLON || code === OPEN || code === CLOSE || code === QUOTE;
}

/** Yields the logical lines of `text` that hold at least one token. */
export function* logicalLines(text: string, file: string): Generator<LogicalLine> {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let openParen: Position | undefined;
  let tokens: Token[] = [];
  let start: Position & { indented: boolean } = { line: 1, column: 1, indented: false };
  let lineIndented = false;
  const length = text.length;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (i === lineStart) lineIndented = code === SPACE || code === TAB;
    if (code === LF) {
      if (openParen === undefined && tokens.length > 0) {
        yield { tokens, indented: start.indented, line: start.line, column: start.column };
        tokens = [];
      }
      i++;
      line++;
      lineStart = i;
    } else if (code === SPACE || code === TAB || code === CR) {
      i++;
    } else if (code === SEMICOLON) {
      while (i < length && text.charCodeAt(i) !== LF) i++;
    } else if (code === OPEN) {
      if (openParen !== undefined) throw zoneError(file, { line, column: i - lineStart + 1 }, 'nested "(": the previous one is not closed yet');
      openParen = { line, column: i - lineStart + 1 };
      i++;
    } else if (code === CLOSE) {
      if (openParen === undefined) throw zoneError(file, { line, column: i - lineStart + 1 }, 'unbalanced parentheses: ")" without "("');
      openParen = undefined;
      i++;
    } else if (code === QUOTE) {
      const at = { line, column: i - lineStart + 1 };
      let j = i + 1;
      for (;;) {
        if (j >= length || text.charCodeAt(j) === LF) throw zoneError(file, at, 'unterminated quoted string');
        const c = text.charCodeAt(j);
        if (c === QUOTE) break;
        // An escaped newline would hide the end of the line; BIND refuses it too.
        if (c === BACKSLASH && text.charCodeAt(j + 1) === LF) throw zoneError(file, at, 'unterminated quoted string');
        j += c === BACKSLASH ? 2 : 1;
      }
      if (tokens.length === 0) start = { line, column: 1, indented: lineIndented };
      tokens.push({ text: text.slice(i + 1, j), quoted: true, line, column: at.column });
      i = j + 1;
    } else {
      let j = i;
      while (j < length) {
        const c = text.charCodeAt(j);
        if (c === BACKSLASH && j + 1 < length && text.charCodeAt(j + 1) !== LF) j += 2;
        else if (isDelimiter(c)) break;
        else j++;
      }
      if (tokens.length === 0) start = { line, column: 1, indented: lineIndented };
      tokens.push({ text: text.slice(i, j), quoted: false, line, column: i - lineStart + 1 });
      i = j;
    }
  }
  if (openParen !== undefined) throw zoneError(file, openParen, 'unbalanced parentheses: "(" is never closed');
  if (tokens.length > 0) yield { tokens, indented: start.indented, line: start.line, column: start.column };
}
