// The audit's input: one domain per line, `#` starts a comment, blank lines are skipped. Read as a
// stream so a million-line file costs no more memory than a short one.
import readline from 'node:readline';
import { VLMCS_PREFIX_OCTETS } from '../names/kms-service.js';
import { nameProblem } from '../names/validate.js';
import type { DomainLine } from './types.js';

/** Why `domain` is not a domain name, or undefined when it is one. */
function domainProblem(domain: string): string | undefined {
  if (/\s/.test(domain)) return 'more than one word (one domain per line)';
  // Room is kept for the `_vlmcs._tcp.` the audit puts in front.
  return nameProblem(domain, 'domain', VLMCS_PREFIX_OCTETS);
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
