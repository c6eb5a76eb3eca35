// Domain names in presentation form (RFC 1035 §5.1): escapes decoded to octets, lengths checked
// (label ≤ 63, name ≤ 255 octets on the wire), then written back the way BIND prints them, so
// two spellings of one name (`a\066` and `aB`) end up as the same string.

import { labelText, NameError, splitLabels } from '../names/presentation.js';
import { excerpt } from '../util/excerpt.js';

const MAX_LABEL = 63;
const MAX_NAME = 255;
/** Tokens made only of these need no escape handling: split on dots and done. */
const PLAIN_NAME = /^[A-Za-z0-9_*/+=-]+(?:\.[A-Za-z0-9_*/+=-]+)*\.?$/;

export interface ParsedName {
  /** Absolute name in canonical presentation form, trailing dot ("." for the root). */
  name: string;
  /** True when the text had no trailing dot and the origin was appended. */
  relative: boolean;
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
    labels = split.labels.map((label) => labelText(label));
    octetLengths = split.labels.map((label) => label.length);
  }
  let suffix = '';
  if (!absolute) {
    if (origin === undefined) throw new NameError(`relative name "${excerpt(text)}" but no origin is set ($ORIGIN or the origin option)`);
    if (origin !== '.') suffix = origin;
  }
  checkLengths(labels, octetLengths, suffix === '' ? 0 : originWire(suffix));
  if (labels.length === 0) return { name: suffix || '.', relative: !absolute };
  // One join, not a template: the name is then one flat string, not a pair a reader keeps (or flattens) later.
  labels.push(suffix);
  return { name: labels.join('.'), relative: !absolute };
}
