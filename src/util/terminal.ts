// Untrusted text on its way to a terminal or a log line. A DNS server, a zone file, a .reg file or an
// audit input line can hold ESC (colour, cursor moves, title changes), a newline (a forged output
// line), NUL, C1 controls (8-bit CSI), bidirectional overrides or a lone surrogate. Each is shown as
// an escape instead, while ordinary Unicode stays as it is. JSON output needs none of this: it keeps
// the exact value, and JSON.stringify escapes the controls itself.

// C0 controls but tab and newline, DEL, C1 controls; line and paragraph separators and bidirectional
// embedding, override and isolate controls (text that reorders or breaks what follows it); then, as
// code units, lone surrogates.
const CONTROLS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSAFE = new RegExp(`[\\t\\n${CONTROLS}]|${LONE_SURROGATE}`, 'g');
// Newline and tab stay in text the program laid out in lines itself.
const UNSAFE_IN_LAYOUT = new RegExp(`[${CONTROLS}]|${LONE_SURROGATE}`, 'g');

function shown(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character shown as `\xHH` (`\u202e` above U+00FF), so it cannot act on the
 * terminal. With `layout`, newlines and tabs stay: for whole text whose lines the program built.
 */
export function escapeForTerminal(text: string, layout = false): string {
  const pattern = layout ? UNSAFE_IN_LAYOUT : UNSAFE;
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, shown) : text;
}
