// Splits master-file text into logical lines of tokens (RFC 1035 §5.1): `;` starts a comment
// outside quotes, parentheses join physical lines, `"…"` is one token, a backslash escapes the
// next character. Escapes are left in the token text; names and strings decode them later.
// It reads one physical line at a time (no token crosses a line end), so a file streams through it.
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

/** Master-file text whole, or its physical lines in order (without their line feeds). */
export type ZoneSource = string | Iterable<string>;

/**
 * Most characters of tokens one logical line may hold: a record's data is at most 65,535 octets on
 * the wire, so a parenthesised group past this is not a record (an unclosed "(" reading on).
 */
export const MAX_LOGICAL_LINE_CHARS = 1 << 20;

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

/** The physical lines of a text, without their line feeds. */
function* textLines(text: string): Generator<string> {
  let from = 0;
  for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', from)) {
    yield text.slice(from, lf);
    from = lf + 1;
  }
  if (from < text.length) yield text.slice(from);
}

/** Yields the logical lines of `source` that hold at least one token. */
export function* logicalLines(source: ZoneSource, file: string): Generator<LogicalLine> {
  let line = 0;
  let openParen: Position | undefined;
  let tokens: Token[] = [];
  let chars = 0;
  let start: Position & { indented: boolean } = { line: 1, column: 1, indented: false };
  const push = (token: Token): void => {
    if (tokens.length === 0) start = { line, column: 1, indented: lineIndented };
    chars += token.text.length;
    if (chars > MAX_LOGICAL_LINE_CHARS) throw zoneError(file, start, `record is longer than ${MAX_LOGICAL_LINE_CHARS} characters (is a "(" left open?)`);
    tokens.push(token);
  };
  let lineIndented = false;
  for (const text of typeof source === 'string' ? textLines(source) : source) {
    line++;
    const length = text.length;
    const first = text.charCodeAt(0);
    lineIndented = first === SPACE || first === TAB;
    let i = 0;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === SPACE || code === TAB || code === CR) {
        i++;
      } else if (code === SEMICOLON) {
        break;
      } else if (code === OPEN) {
        if (openParen !== undefined) throw zoneError(file, { line, column: i + 1 }, 'nested "(": the previous one is not closed yet');
        openParen = { line, column: i + 1 };
        i++;
      } else if (code === CLOSE) {
        if (openParen === undefined) throw zoneError(file, { line, column: i + 1 }, 'unbalanced parentheses: ")" without "("');
        openParen = undefined;
        i++;
      } else if (code === QUOTE) {
        const at = { line, column: i + 1 };
        let j = i + 1;
        for (;;) {
          // A backslash at the end would escape the line feed and hide the end of the line; BIND refuses it too.
          if (j >= length) throw zoneError(file, at, 'unterminated quoted string');
          const c = text.charCodeAt(j);
          if (c === QUOTE) break;
          j += c === BACKSLASH ? 2 : 1;
        }
        push({ text: text.slice(i + 1, j), quoted: true, line, column: at.column });
        i = j + 1;
      } else {
        let j = i;
        while (j < length) {
          const c = text.charCodeAt(j);
          if (c === BACKSLASH && j + 1 < length) j += 2;
          else if (isDelimiter(c)) break;
          else j++;
        }
        push({ text: text.slice(i, j), quoted: false, line, column: i + 1 });
        i = j;
      }
    }
    if (openParen === undefined && tokens.length > 0) {
      yield { tokens, indented: start.indented, line: start.line, column: start.column };
      tokens = [];
      chars = 0;
    }
  }
  if (openParen !== undefined) throw zoneError(file, openParen, 'unbalanced parentheses: "(" is never closed');
}
