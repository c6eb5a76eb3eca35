// One spelling and one order for names: canonical form (lower case, absolute), equality, and the
// DNSSEC canonical order (RFC 4034 §6.1) every sorted listing uses.
import { splitLabels } from './presentation.js';

/** Presentation form with exactly one trailing dot, as dig prints names ("." for the root). */
export function absoluteName(name: string): string {
  if (name === '' || name === '.') return '.';
  return name.endsWith('.') ? name : `${name}.`;
}

/** Lower case, absolute: the form two names are compared in (DNS case folding is ASCII's). */
export function canonicalName(name: string): string {
  return absoluteName(name).toLowerCase();
}

/** Lower case without trailing dot: the form plans and their rendered records are written in. */
export function normaliseName(name: string): string {
  return (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
}

/** True when `a` and `b` are one name (case and the trailing dot aside). */
export function sameName(a: string, b: string): boolean {
  return a === b || canonicalName(a) === canonicalName(b);
}

/** Octets of each label, ASCII case-folded, rightmost label first (RFC 4034 §6.1). */
function reversedLowerLabels(name: string): number[][] {
  return splitLabels(name)
    .labels.map((label) => label.map((octet) => (octet >= 0x41 && octet <= 0x5a ? octet + 0x20 : octet)))
    .reverse();
}

function withoutFinalDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * A string whose plain comparison is RFC 4034 §6.1 canonical order: labels from the right,
 * case-folded, joined by a 0 that sorts before the octets. (A label holding octet 0 itself, written
 * \000, may sort slightly off; no real zone has one.)
 */
export function canonicalSortKey(name: string): string {
  if (!name.includes('\\')) {
    return withoutFinalDot(name.toLowerCase()).split('.').reverse().join('\0');
  }
  return reversedLowerLabels(name)
    .map((label) => String.fromCharCode(...label))
    .join('\0');
}

/** RFC 4034 §6.1 canonical order: compare labels from the right, octet by octet, case-folded. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const x = canonicalSortKey(a);
  const y = canonicalSortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when `name` is `apex` or below it (case-insensitive). */
export function isAtOrBelow(name: string, apex: string): boolean {
  if (!name.includes('\\') && !apex.includes('\\')) {
    // Without escapes a label is the text between two dots, so the label test below is this suffix
    // test on the same lower-case text, without building the sort keys (the audit asks it per domain).
    const n = withoutFinalDot(name.toLowerCase());
    const z = withoutFinalDot(apex.toLowerCase());
    return z === '' || n === z || (n.length > z.length && n.endsWith(z) && n.charCodeAt(n.length - z.length - 1) === 0x2e);
  }
  const n = canonicalSortKey(name);
  const z = canonicalSortKey(apex);
  return z === '' || n === z || n.startsWith(`${z}\0`);
}
