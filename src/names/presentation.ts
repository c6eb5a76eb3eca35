// Domain names in presentation form (RFC 1035 §5.1), the one form names take inside the program:
// labels joined by dots, with a dot, a backslash or a special character inside a label escaped
// (`\.`, `\\`, `\"` …) and any octet outside printable ASCII written `\DDD`, the way BIND prints
// them. So a label holding ESC, a newline or a literal dot can neither reach a terminal raw nor
// be mistaken for two labels.

/** Why a name's text was refused; callers turn it into their own located or usage error. */
export class NameError extends Error {}

/** Octets BIND prints with a backslash in front rather than as \DDD. */
const ESCAPED_PRINTABLE = new Set(['.', '\\', '"', '(', ')', ';', '@', '$'].map((c) => c.charCodeAt(0)));

/** 1 for the octets a label shows as themselves; a table, since wire readers ask for every octet. */
const PLAIN_OCTET = new Uint8Array(256).map((_, octet) => (octet > 0x20 && octet < 0x7f && !ESCAPED_PRINTABLE.has(octet) ? 1 : 0));

/** Each octet as a label shows it: itself, `\X` or `\DDD`; a table, since names from the wire can be any bytes. */
const OCTET_TEXT = Array.from({ length: 256 }, (_, octet) =>
  PLAIN_OCTET[octet] ? String.fromCharCode(octet) : ESCAPED_PRINTABLE.has(octet) ? `\\${String.fromCharCode(octet)}` : `\\${String(octet).padStart(3, '0')}`,
);

/** Presentation text of one label given as octets (`octets[start, end)`, all of them by default). */
export function labelText(octets: ArrayLike<number>, start = 0, end = octets.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += OCTET_TEXT[octets[i] as number] as string;
  return out;
}

/** True when the octets of `buf[start, end)` show as themselves, so the label needs no escape. */
export function plainLabel(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!PLAIN_OCTET[buf[i] as number]) return false;
  return true;
}

/** Splits escaped presentation text into labels of octets. `\DDD` and `\X` stay inside the label. */
export function splitLabels(text: string): { labels: number[][]; absolute: boolean } {
  const labels: number[][] = [];
  let current: number[] = [];
  let absolute = false;
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x5c /* \ */) {
      const d = bytes.subarray(i + 1, i + 4).toString('latin1');
      if (/^\d{3}$/.test(d)) {
        const value = Number(d);
        if (value > 255) throw new NameError(`escape \\${d} is above 255`);
        current.push(value);
        i += 3;
      } else if (i + 1 < bytes.length) {
        current.push(bytes[i + 1] as number);
        i += 1;
      } else {
        throw new NameError('name ends with a lone backslash');
      }
    } else if (byte === 0x2e /* . */) {
      if (current.length === 0) {
        if (i === bytes.length - 1 && labels.length === 0 && bytes.length === 1) return { labels, absolute: true };
        throw new NameError('empty label (two dots in a row, or a leading dot)');
      }
      labels.push(current);
      current = [];
      if (i === bytes.length - 1) absolute = true;
    } else {
      current.push(byte);
    }
  }
  if (current.length > 0) labels.push(current);
  return { labels, absolute };
}

/** The labels of a name in presentation form as octets, none for the root ("." or ""). */
export function labelOctets(text: string): Uint8Array[] {
  if (text === '.' || text === '') return [];
  if (text.includes('\\')) return splitLabels(text).labels.map((label) => Uint8Array.from(label));
  // The common case, no escapes: split on dots.
  return (text.endsWith('.') ? text.slice(0, -1) : text).split('.').map((label) => {
    if (label === '') throw new NameError('empty label (two dots in a row, or a leading dot)');
    return Buffer.from(label, 'utf8');
  });
}
