// CSV cells as RFC 4180 wants them, and never a formula when a spreadsheet opens the file.
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from '../../src/util/csv.js';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['with,comma', '"with,comma"'],
    ['with "quotes"', '"with ""quotes"""'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['', ''],
  ])('%j -> %j (RFC 4180 §2: quoted only when needed, quotes doubled)', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('a cell a spreadsheet would run as a formula, %j, is prefixed: %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('writes numbers as they are and null as an empty cell', () => {
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
  });

  it('ends a record with CRLF', () => {
    expect(csvRecord(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });
});
