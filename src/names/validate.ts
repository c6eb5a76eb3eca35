// The one rule for a domain or host name typed by a person (a plan, an argument, an audit line):
// letters, digits, hyphens and underscores (RFC 1035 §2.3.1, RFC 1123 §2.1; RFC 2181 §11 allows any
// octet, `_` is the one in use, e.g. `_msdcs`), labels of 1-63 octets that neither start nor end with
// a hyphen, at most 253 octets. Names read from DNS replies are not checked here: a server may send any
// octet, and src/names/presentation.ts escapes them.
import { VLMCS_LABELS } from './kms-service.js';

export type NameKind = 'host' | 'domain';

// Characters that could break out of a zone file, a named.conf string, a shell or a .reg line.
const FORBIDDEN: Record<string, string> = {
  '"': 'double quote',
  "'": 'single quote',
  '`': 'backquote',
  ';': 'semicolon',
  '(': 'parenthesis',
  ')': 'parenthesis',
  '\\': 'backslash',
  $: 'dollar sign',
};

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
  if (/\s/u.test(ch)) return `whitespace (${hex})`;
  return `a ${FORBIDDEN[ch] ?? 'character'} "${ch}"`;
}

// Control characters, any Unicode whitespace, and FORBIDDEN: one scan for the common, clean case.
// eslint-disable-next-line no-control-regex
const ANY_FORBIDDEN = /[\u0000-\u001f\u007f\s"'`;()\\$]/u;

/** The first character that may not appear in any name, described, or undefined. */
export function forbiddenCharacter(value: string): string | undefined {
  if (!ANY_FORBIDDEN.test(value)) return undefined;
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || /\s/u.test(ch) || ch in FORBIDDEN) return describeChar(ch);
  }
  return undefined;
}

/**
 * Problems with a host or domain name. Host names follow RFC 1123 (letters, digits, hyphens) and need
 * two labels; domains may also hold underscores (RFC 2181 §11 allows any octet; `_` is the one
 * in use, e.g. `_msdcs`). `reserve` octets are kept free for a prefix such as `_vlmcs._tcp.`.
 */
export function nameProblem(raw: string, kind: NameKind, reserve = 0): string | undefined {
  const bad = forbiddenCharacter(raw);
  if (bad) return `contains ${bad}; names may hold only letters, digits, hyphens${kind === 'domain' ? ', underscores' : ''} and dots`;
  if (/[^\x21-\x7e]/.test(raw)) return 'contains a non-ASCII character; write internationalised names in their xn-- (punycode) form';
  const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  if (name === '') return 'is empty (the root) where a name is needed';
  const labels = name.split('.');
  if (labels.some((l) => l === '')) return 'has an empty label (two dots in a row, or a leading dot)';
  const long = labels.find((l) => l.length > 63);
  if (long) return `has a label of ${long.length} octets ("${long.slice(0, 20)}…"); the limit is 63`;
  const allowed = kind === 'host' ? /^[A-Za-z0-9-]+$/ : /^[A-Za-z0-9_-]+$/;
  for (const label of labels) {
    if (!allowed.test(label)) {
      const ch = [...label].find((c) => !allowed.test(c)) ?? '';
      const why = ch === '_' ? 'underscores are not allowed in host names' : `"${ch}" is not allowed`;
      return `has label "${label}", in which ${why}; use letters, digits${kind === 'domain' ? ', underscores' : ''} and hyphens`;
    }
    if (label.startsWith('-') || label.endsWith('-')) return `has label "${label}", which starts or ends with a hyphen`;
  }
  if (kind === 'host' && labels.length < 2) return 'is not fully qualified: a host name needs a domain (e.g. kms1.example.test)';
  if (kind === 'host' && /^\d+$/.test(labels[labels.length - 1] as string)) return 'looks like an IP address or ends in an all-numeric label; a host name is needed';
  const limit = 253 - reserve;
  if (name.length > limit) return `is ${name.length} octets long; the limit is ${limit}${reserve ? ` (253 less the ${reserve} of "${VLMCS_LABELS}.")` : ''}`;
  return undefined;
}
