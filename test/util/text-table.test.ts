import { describe, expect, it } from 'vitest';
import { alignColumns, formatTable, percent, plural } from '../../src/util/text-table.js';

describe('alignColumns', () => {
  it.each([
    ['left by default, two spaces apart', [['a', 'bb'], ['ccc', 'd']], {}, 'a    bb\nccc  d\n'],
    ['right where asked', [['1', 'x'], ['100', 'y']], { align: ['right'] as const }, '  1  x\n100  y\n'],
    ['indent before every line', [['a', 'b'], ['cc', 'd']], { indent: '  ' }, '  a   b\n  cc  d\n'],
    ['no trailing spaces after a short last cell', [['a', 'long'], ['b', '']], {}, 'a  long\nb\n'],
    ['rows of different lengths', [['a', 'b', 'c'], ['dd']], {}, 'a   b  c\ndd\n'],
  ])('%s', (_, rows, options, expected) => {
    expect(alignColumns(rows, options)).toBe(expected);
  });
});

describe('formatTable', () => {
  it('widens columns to the header as well as the cells', () => {
    expect(formatTable(['target', 'n'], [['k', '10']], ['left', 'right'])).toBe('target   n\nk       10\n');
  });
});

describe('percent', () => {
  it.each([
    [0.125, 2, '12.50%'],
    [1 / 3, 1, '33.3%'],
    [0, 0, '0%'],
    [Number.NaN, 2, '-'],
  ])('%s with %i digits is %s', (share, digits, expected) => {
    expect(percent(share, digits)).toBe(expected);
  });
});

describe('plural', () => {
  it.each([
    [0, 'SRV record', undefined, '0 SRV records'],
    [1, 'SRV record', undefined, '1 SRV record'],
    [2, 'error', undefined, '2 errors'],
    [1, 'entry', 'entries', '1 entry'],
    [3, 'entry', 'entries', '3 entries'],
  ])('%i %s', (count, singular, pluralForm, expected) => {
    expect(plural(count, singular, pluralForm)).toBe(expected);
  });
});
