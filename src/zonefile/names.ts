// Domain names in presentation form (RFC 1035 §5.1): escapes decoded to octets, lengths checked
// (label ≤ 63, name ≤ 255 octets on the wire), then written back the way BIND prints them, so
// two spellings of one name (`a\066` and `aB`) end up as the same string.

import { excerpt } from '../util/excerpt.js';

/** Why a name was refused; the parser turns it into a located ZONE_SYNTAX error. */
export class NameError extends Error {}

const MAX_LABEL = 63;
const MAX_NAME = 255;
/** Tokens made only of these need no escape handling: split on dots and done. */
const PLAIN_NAME = /^[A-Za-z0-9_*/+=-]+(?:\.[A-Za-z0-9_*/+=-]+)*\.?$/;
/** Octets BIND prints with a backslash in front rather than as \DDD. */
const ESCAPED_PRINTABLE = new Set(['.', '\\', '"', '(', ')', ';', '@', '$'].map((c) => c.charCodeAt(0)));

export interface ParsedName {
  /** Absolute name in canonical presentation form, trailing dot ("." for the root). */
  name: string;
  /** True when the text had no trailing dot and the origin was appended. */
  relative: boolean;
}

/** Presentation text of one label given as octets. */
function labelText(octets: number[]): string {
  let out = '';
  for (const octet of octets) {
    if (octet <= 0x20 || octet >= 0x7f) out += `\\${String(octet).padStart(3, '0')}`;
    else if (ESCAPED_PRINTABLE.has(octet)) out += `\\${String.fromCharCode(octet)}`;
    else out += String.fromCharCode(octet);
  }
  return out;
}

/** Splits escaped presentation text into labels of octets. `\DDD` and `\X` stay inside the label. */
function splitLabels(text: string): { labels: number[][]; absolute: boolean } {
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

function checkLengths(labels: string[], octetLengths: number[], suffixWire: number): void {
  let wire = 1 + suffixWire;
  for (let i = 0; i < octetLengths.length; i++) {
    const length = octetLengths[i] as number;
    if (length > MAX_LABEL) throw new NameError(`label "${excerpt(labels[i] as string)}" is ${length} octets; the limit is ${MAX_LABEL}`);
    wire += length + 1;
  }
  if (wire > MAX_NAME) throw new NameError(`name is ${wire} octets long; the limit is ${MAX_NAME}`);
}

/** Wire octets of an origin's labels (root excluded); remembered, since one origin serves many names. */
let memoOrigin = '.';
let memoOriginWire = 0;
function originWire(origin: string): number {
  if (origin !== memoOrigin) {
    memoOriginWire = splitLabels(origin).labels.reduce((sum, label) => sum + label.length + 1, 0);
    memoOrigin = origin;
  }
  return memoOriginWire;
}

/**
 * Turns a name token into an absolute canonical name. `@` is the origin; a name without a trailing
 * dot gets the origin appended. `origin` is absolute canonical text, or undefined when none is set.
 */
export function parseName(text: string, origin: string | undefined): ParsedName {
  if (text === '@') {
    if (origin === undefined) throw new NameError('"@" used but no origin is set ($ORIGIN or the origin option)');
    return { name: origin, relative: false };
  }
  let labels: string[];
  let octetLengths: number[];
  let absolute: boolean;
  if (PLAIN_NAME.test(text)) {
    absolute = text.endsWith('.');
    labels = (absolute ? text.slice(0, -1) : text).split('.');
    octetLengths = labels.map((label) => label.length);
  } else {
    const split = splitLabels(text);
    absolute = split.absolute;
    labels = split.labels.map(labelText);
    octetLengths = split.labels.map((label) => label.length);
  }
  let suffix = '';
  if (!absolute) {
    if (origin === undefined) throw new NameError(`relative name "${excerpt(text)}" but no origin is set ($ORIGIN or the origin option)`);
    if (origin !== '.') suffix = origin;
  }
  checkLengths(labels, octetLengths, suffix === '' ? 0 : originWire(suffix));
  if (labels.length === 0) return { name: suffix || '.', relative: !absolute };
  return { name: `${labels.join('.')}.${suffix}`, relative: !absolute };
}

/** Octets of each label, ASCII case-folded, rightmost label first (RFC 4034 §6.1). */
function reversedLowerLabels(name: string): number[][] {
  return splitLabels(name)
    .labels.map((label) => label.map((octet) => (octet >= 0x41 && octet <= 0x5a ? octet + 0x20 : octet)))
    .reverse();
}

/**
 * A string whose plain comparison is RFC 4034 §6.1 canonical order: labels from the right,
 * case-folded, joined by a 0 that sorts before the octets. (A label holding octet 0 itself, written
 * \000, may sort slightly off; no real zone has one.)
 */
export function canonicalSortKey(name: string): string {
  if (!name.includes('\\')) {
    const lower = name.toLowerCase();
    return (lower.endsWith('.') ? lower.slice(0, -1) : lower).split('.').reverse().join('\0');
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
  const n = canonicalSortKey(name);
  const z = canonicalSortKey(apex);
  return z === '' || n === z || n.startsWith(`${z}\0`);
}
