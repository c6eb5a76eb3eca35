// The audit's input: one domain per line, `#` starts a comment, blank lines are skipped. Read as a
// stream so a million-line file costs no more memory than a short one, and a line is never held
// past MAX_LINE_BYTES: a 300 MB line costs 64 KiB, not gigabytes (docs/behaviour.md#input-limits).
import { EXCERPT_LENGTH, excerpt } from '../util/excerpt.js';
import { VLMCS_PREFIX_OCTETS } from '../names/kms-service.js';
import { nameProblem } from '../names/validate.js';
import type { DomainLine } from './types.js';

/** The longest input line read whole; a longer one is an invalid line, skipped without being kept. */
export const MAX_LINE_BYTES = 64 * 1024;

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
  // An invalid "domain" is echoed in messages and JSON: only its start.
  return error === undefined ? { line, domain } : { line, domain: excerpt(domain), error };
}

/** A line's text without its LF: a CR before the LF is dropped. */
function parseLineText(text: string, line: number): DomainLine | undefined {
  return parseDomainLine(text.endsWith('\r') ? text.slice(0, -1) : text, line);
}

/** The domain lines of a byte stream, one at a time; lines end at LF (a CR before it is dropped). */
export async function* readDomainLines(input: AsyncIterable<unknown>, maxLineBytes: number = MAX_LINE_BYTES): AsyncGenerator<DomainLine> {
  let parts: Buffer[] = [];
  let kept = 0;
  let length = 0;
  let number = 0;
  const finish = (): DomainLine | undefined => {
    number++;
    const bytes = Buffer.concat(parts, kept);
    const over = length > maxLineBytes;
    const total = length;
    parts = [];
    kept = 0;
    length = 0;
    if (over) {
      const start = bytes.subarray(0, EXCERPT_LENGTH * 4).toString('utf8').slice(0, EXCERPT_LENGTH);
      return { line: number, domain: `${start}…`, error: `the line is ${total} bytes long; the limit is ${maxLineBytes}` };
    }
    const text = bytes.toString('utf8');
    return parseLineText(text, number);
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    while (start < buffer.length) {
      const lf = buffer.indexOf(10, start);
      const end = lf < 0 ? buffer.length : lf;
      if (lf >= 0 && length === 0 && end - start <= maxLineBytes) {
        // The usual line, whole inside this chunk: decoded in place, without the copies below.
        number++;
        const text = buffer.toString('utf8', start, end);
        const parsed = parseLineText(text, number);
        if (parsed) yield parsed;
        start = lf + 1;
        continue;
      }
      // Keep at most maxLineBytes of a line; past that, only count what goes by.
      const room = Math.max(0, maxLineBytes - kept);
      if (room > 0) {
        const piece = buffer.subarray(start, Math.min(end, start + room));
        // A copy: holding a slice would keep the whole chunk alive.
        parts.push(Buffer.from(piece));
        kept += piece.length;
      }
      length += end - start;
      if (lf < 0) break;
      const parsed = finish();
      if (parsed) yield parsed;
      start = lf + 1;
    }
  }
  if (length > 0) {
    const parsed = finish();
    if (parsed) yield parsed;
  }
}
