import { describe, expect, it } from 'vitest';
import { writeReg } from '../../src/regfile/write.js';
import type { RegValue } from '../../src/regfile/types.js';
import { KmsSrvError } from '../../src/util/errors.js';

const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Test';

function valueLines(value: RegValue): string[] {
  const text = writeReg({ keys: [{ path: KEY, values: [value] }] });
  const lines = text.split('\r\n');
  // header, blank, [key], value lines…, blank, ''
  return lines.slice(3, -2);
}

describe('writeReg', () => {
  it('writes the version 5 header, CRLF line ends and a blank line after each key', () => {
    const text = writeReg({ keys: [{ path: KEY, comments: ['made by a test'], values: [] }, { path: `${KEY}\\Old`, delete: true, values: [] }] });
    expect(text).toBe(
      'Windows Registry Editor Version 5.00\r\n\r\n; made by a test\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n\r\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Test\\Old]\r\n\r\n',
    );
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it.each<[RegValue, string]>([
    [{ name: 'Path', type: 'REG_SZ', data: 'C:\\x "y"' }, '"Path"="C:\\\\x \\"y\\""'],
    [{ name: '', type: 'REG_SZ', data: 'default' }, '@="default"'],
    [{ name: 'a"b', type: 'DELETE' }, '"a\\"b"=-'],
    [{ name: 'D', type: 'REG_DWORD', data: 10 }, '"D"=dword:0000000a'],
    [{ name: 'D', type: 'REG_DWORD', data: 0xffffffff }, '"D"=dword:ffffffff'],
    [{ name: 'Q', type: 'REG_QWORD', data: 0x0102030405060708n }, '"Q"=hex(b):08,07,06,05,04,03,02,01'],
    [{ name: 'B', type: 'REG_BINARY', data: new Uint8Array([0, 0xab, 0xff]) }, '"B"=hex:00,ab,ff'],
    [{ name: 'B', type: 'REG_BINARY', data: new Uint8Array([]) }, '"B"=hex:'],
    [{ name: 'E', type: 'REG_EXPAND_SZ', data: '%x%' }, '"E"=hex(2):25,00,78,00,25,00,00,00'],
    [{ name: 'M', type: 'REG_MULTI_SZ', data: ['a', 'bc'] }, '"M"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00'],
    [{ name: 'M', type: 'REG_MULTI_SZ', data: [] }, '"M"=hex(7):00,00'],
    [{ name: 'N', type: 'REG_HEX', typeCode: 0, data: new Uint8Array([1]) }, '"N"=hex(0):01'],
    [{ name: 'S', type: 'REG_SZ', data: 'a\nb' }, '"S"=hex(1):61,00,0a,00,62,00,00,00'],
  ])('%o → %s', (value, line) => {
    expect(valueLines(value)).toEqual([line]);
  });

  // regedit's rule: continuation lines hold exactly 25 bytes ("  " + 75 characters + "\"); the first
  // line ends at the first comma that brings the column to 77 or more.
  it.each([1, 5, 20, 21, 22, 40, 66, 67, 69, 70, 71, 72, 80])('wraps hex data like regedit for a %i-character name', (nameLength) => {
    const name = 'N'.repeat(nameLength);
    const data = Array.from({ length: 40 }, (_, i) => `entry-${i}.example`);
    const lines = valueLines({ name, type: 'REG_MULTI_SZ', data });
    expect(lines.length).toBeGreaterThan(2);
    const [first, ...rest] = lines as [string, ...string[]];
    const last = rest.pop() ?? '';
    expect(first.startsWith(`"${name}"=hex(7):`)).toBe(true);
    expect(first.endsWith(',\\')).toBe(true);
    const firstWidth = first.length - 1;
    expect(firstWidth).toBeGreaterThanOrEqual(77);
    // the comma before the last byte had not yet reached the limit (or the name alone passed it)
    expect(firstWidth - 3 < 77 || first.split(',').length === 2).toBe(true);
    for (const line of rest) expect(line).toMatch(/^ {2}([0-9a-f]{2},){25}\\$/);
    expect(last).toMatch(/^ {2}([0-9a-f]{2},){0,24}[0-9a-f]{2}$/);
    // `"name"=hex(7):` is the name plus 10 characters; up to 76 the first line stays within 80
    if (nameLength + 10 <= 76) expect(first.length).toBeLessThanOrEqual(80);
  });

  it.each<[RegValue | { path: string }, string]>([
    [{ path: 'HKLM\\SOFTWARE' }, 'cannot write .reg: key "HKLM\\SOFTWARE" must start with one of HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG'],
    [{ path: 'HKEY_LOCAL_MACHINE\\\\X' }, 'cannot write .reg: key "HKEY_LOCAL_MACHINE\\\\X" has an empty part or a line break'],
    [{ name: 'M', type: 'REG_MULTI_SZ', data: ['a', ''] }, 'cannot write .reg: value "M" under [HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]: REG_MULTI_SZ entries must be non-empty and without NUL'],
    [{ name: 'D', type: 'REG_DWORD', data: -1 }, 'cannot write .reg: value "D" under [HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]: REG_DWORD must be a whole number 0..4294967295, got -1'],
    [{ name: 'S', type: 'REG_SZ', data: 'a\0b' }, 'cannot write .reg: value "S" under [HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]: REG_SZ data cannot contain NUL'],
  ])('refuses %o', (bad, message) => {
    const doc = 'path' in bad ? { keys: [{ path: bad.path, values: [] }] } : { keys: [{ path: KEY, values: [bad] }] };
    let caught: unknown;
    try {
      writeReg(doc);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KmsSrvError);
    expect((caught as KmsSrvError).code).toBe('INPUT_INVALID');
    expect((caught as KmsSrvError).message).toBe(message);
  });
});
