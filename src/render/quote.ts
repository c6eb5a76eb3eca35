// One quoting rule per target language, so that a value reaching a script or a configuration file
// is read there as data and never as syntax (issue 10). Each either quotes the value whole or
// refuses it with INPUT_INVALID naming it; none passes text through unchecked.
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';

function refuse(text: string, language: string, why: string): never {
  throw new KmsSrvError('INPUT_INVALID', `cannot quote ${JSON.stringify(excerpt(text))} for ${language}: ${why}`, { details: { value: excerpt(text), language } });
}

/**
 * A single-quoted PowerShell string: nothing expands inside; a quote is doubled. PowerShell also
 * takes the typographic quotes U+2018..U+201B as single quotes, so those are doubled too.
 */
export function psQuote(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** cmd.exe has no escape inside double quotes for `"`, and `%` expands in batch files: refuse both. */
export function cmdQuote(text: string): string {
  if (/["%\r\n]/.test(text) || text.endsWith('\\')) refuse(text, 'cmd.exe', 'a quote, percent sign, line break or trailing backslash');
  return `"${text}"`;
}

/** A cmd.exe argument: bare when it holds only characters cmd.exe gives no meaning to, else quoted. */
export function cmdArg(text: string): string {
  return /^[A-Za-z0-9._:-]+$/.test(text) ? text : cmdQuote(text);
}

/**
 * A named.conf quoted string (BIND's lexer: a backslash escapes the next character). Control
 * characters and line breaks have no business in a name or path there, so they are refused.
 */
export function confString(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) refuse(text, 'named.conf', 'a control character or line break');
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * One token of an nsupdate command line. nsupdate splits on blanks and has no quoting for names and
 * servers, so only characters of names and address literals pass.
 */
export function nsupdateToken(text: string): string {
  if (!/^[A-Za-z0-9._:-]+$/.test(text)) refuse(text, 'nsupdate', 'only letters, digits and . _ : - can stand in an nsupdate command');
  return text;
}
