// The audit's input: one domain per line, `#` starts a comment, blank lines are skipped. Read as a
// stream so a million-line file costs no more memory than a short one.
import readline from 'node:readline';
import type { DomainLine } from './types.js';

// `_vlmcs._tcp.` (12 bytes) is prepended, and a wire name holds at most 255 bytes (RFC 1035 §2.3.4).
const MAX_DOMAIN_LENGTH = 253 - '_vlmcs._tcp.'.length;
const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/** Why `domain` is not a domain name, or undefined when it is one. */
function domainProblem(domain: string): string | undefined {
  if (/\s/.test(domain)) return 'more than one word (one domain per line)';
  if (/[^\x21-\x7e]/.test(domain)) return 'non-ASCII characters (write internationalised names in their xn-- form)';
  if (domain.length > MAX_DOMAIN_LENGTH) return `longer than ${MAX_DOMAIN_LENGTH} characters, too long once _vlmcs._tcp. is added`;
  for (const label of domain.split('.')) {
    if (label === '') return 'empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `label "${label.slice(0, 20)}…" is longer than 63 characters`;
    if (!LABEL.test(label)) return `label "${label}" has characters other than letters, digits, "-" and "_", or starts or ends with "-"`;
  }
  return undefined;
}

/** One input line: undefined for blank and comment-only lines. */
export function parseDomainLine(text: string, line: number): DomainLine | undefined {
  const hash = text.indexOf('#');
  const content = (hash >= 0 ? text.slice(0, hash) : text).trim();
  if (content === '') return undefined;
  const domain = content.endsWith('.') && content !== '.' ? content.slice(0, -1) : content;
  const error = domainProblem(domain);
  return error === undefined ? { line, domain } : { line, domain, error };
}

/** The domain lines of a text stream, one at a time; readline pauses the stream while we are busy. */
export async function* readDomainLines(input: NodeJS.ReadableStream): AsyncGenerator<DomainLine> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of lines) {
      number++;
      const parsed = parseDomainLine(text, number);
      if (parsed) yield parsed;
    }
  } finally {
    lines.close();
  }
}
