// jsonPieces writes exactly what JSON.stringify(value, null, 2) writes, in pieces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../src/util/json-text.js';

const join = (value: unknown, depth?: number) => [...jsonPieces(value, depth)].join('');

describe('jsonPieces', () => {
  it.each([
    ['empty containers', { a: [], b: {}, c: [[], {}] }],
    ['undefined and functions', { a: undefined, b: [undefined, () => 1], c: 1 }],
    ['only undefined', { a: undefined }],
    ['strings with line feeds and quotes', { 'k"\n': ['a\nb', 'c"d'], n: null, t: true }],
    ['a date', { at: new Date(0) }],
    ['a report-like shape', { facts: { domains: [{ records: [{ source: { file: 'f', line: 1 }, targetAddresses: ['192.0.2.1'] }] }] }, findings: [] }],
  ])('%s', (_name, value) => {
    expect(join(value)).toBe(JSON.stringify(value, null, 2));
    expect(join(value, 1)).toBe(JSON.stringify(value, null, 2));
  });

  it('agrees with JSON.stringify on generated values at every depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, depth) => {
        expect(join(value, depth)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });
});
