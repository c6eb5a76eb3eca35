import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRegUtf16 } from '../../src/regfile/bytes.js';
import { readReg } from '../../src/regfile/read.js';
import { writeReg } from '../../src/regfile/write.js';
import type { RegDocument, RegKey, RegValue } from '../../src/regfile/types.js';
import { KmsSrvError } from '../../src/util/errors.js';

const H5 = 'Windows Registry Editor Version 5.00';

function regError(text: string, fileName?: string): KmsSrvError {
  try {
    readReg(text, fileName === undefined ? {} : { fileName });
  } catch (error) {
    if (error instanceof KmsSrvError) return error;
    throw error;
  }
  throw new Error('no error');
}

const nameArb = fc.string({ maxLength: 20, unit: 'binary' }).filter((s) => !/[\r\n]/.test(s));
const textArb = fc.string({ maxLength: 30, unit: 'binary' }).filter((s) => !s.includes('\0'));
const itemArb = fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }).filter((s) => !s.includes('\0'));
const bytesArb = fc.uint8Array({ maxLength: 90 });
const valueArb: fc.Arbitrary<RegValue> = fc.oneof(
  fc.record({ name: nameArb, type: fc.constantFrom('REG_SZ' as const, 'REG_EXPAND_SZ' as const), data: textArb }),
  fc.record({ name: nameArb, type: fc.constant('REG_MULTI_SZ' as const), data: fc.array(itemArb, { maxLength: 8 }) }),
  fc.record({ name: nameArb, type: fc.constant('REG_DWORD' as const), data: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ name: nameArb, type: fc.constant('REG_QWORD' as const), data: fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }) }),
  fc.record({ name: nameArb, type: fc.constant('REG_BINARY' as const), data: bytesArb }),
  fc.record({ name: nameArb, type: fc.constant('REG_HEX' as const), typeCode: fc.constantFrom(0, 5, 6, 8, 9, 10, 0x20), data: bytesArb }),
  fc.record({ name: nameArb, type: fc.constant('DELETE' as const) }),
);
const segmentArb = fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }).filter((s) => !/[\\\r\n]/.test(s));
const keyArb: fc.Arbitrary<RegKey> = fc.oneof(
  fc.record(
    {
      path: fc.array(segmentArb, { minLength: 0, maxLength: 4 }).map((parts) => ['HKEY_LOCAL_MACHINE', ...parts].join('\\')),
      comments: fc.array(fc.string({ maxLength: 20 }).filter((s) => !/[\r\n]/.test(s) && s.trimEnd() === s && !s.startsWith(' '))),
      values: fc.array(valueArb, { maxLength: 6 }),
    },
    { requiredKeys: ['path', 'values'] },
  ),
  fc.record({ path: segmentArb.map((s) => `HKEY_CURRENT_USER\\${s}`), delete: fc.constant(true), values: fc.constant<RegValue[]>([]) }),
);

describe('readReg round trip', () => {
  it('reads back exactly what writeReg wrote (random documents)', () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 5 }), (keys) => {
        const doc: RegDocument = { keys };
        const back = readReg(writeReg(doc));
        expect(back).toEqual({ keys: keys.map((k) => (k.comments?.length ? k : withoutComments(k))) });
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same document from UTF-16LE with a BOM, UTF-8 with a BOM, and LF line ends', () => {
    const doc: RegDocument = {
      keys: [{ path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Ünïcode', values: [{ name: 'M', type: 'REG_MULTI_SZ', data: ['ä, 1, 2', 'b'] }] }],
    };
    const text = writeReg(doc);
    expect(readReg(encodeRegUtf16(text))).toEqual(doc);
    expect(readReg(new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])))).toEqual(doc);
    expect(readReg(text.replace(/\r\n/g, '\n'))).toEqual(doc);
  });
});

function withoutComments(key: RegKey): RegKey {
  const { comments: _comments, ...rest } = key;
  return rest;
}

describe('readReg on what regedit exports', () => {
  it('handles REGEDIT4, comments, blank lines, @, upper-case hex, indented continuations and comments after data', () => {
    const text = [
      'REGEDIT4',
      '',
      '; exported',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]',
      '@="default"',
      '"Bin"=hex:DE,AD,\\',
      '    BE,EF ; trailing comment',
      '"M"=hex(7):61,62,00,63,00,00',
      '"E"=hex(2):25,70,25,00',
      '"Dw" = dword:1F',
      '',
    ].join('\r\n');
    expect(readReg(text)).toEqual({
      keys: [
        {
          path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\A',
          comments: ['exported'],
          values: [
            { name: '', type: 'REG_SZ', data: 'default' },
            { name: 'Bin', type: 'REG_BINARY', data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) },
            { name: 'M', type: 'REG_MULTI_SZ', data: ['ab', 'c'] },
            { name: 'E', type: 'REG_EXPAND_SZ', data: '%p%' },
            { name: 'Dw', type: 'REG_DWORD', data: 0x1f },
          ],
        },
      ],
    });
  });

  it('keeps hex(7) data raw when it does not decode to a clean list', () => {
    const doc = readReg(`${H5}\r\n[HKEY_USERS\\X]\r\n"M"=hex(7):61,00,62\r\n`);
    expect(doc.keys[0]?.values[0]).toEqual({ name: 'M', type: 'REG_HEX', typeCode: 7, data: new Uint8Array([0x61, 0, 0x62]) });
  });
});

describe('readReg errors name the line and column', () => {
  it.each<[string, string]>([
    ['REGEDIT5\r\n', 'line 1, column 1: the first line must be "Windows Registry Editor Version 5.00" or "REGEDIT4", found "REGEDIT5"'],
    [`${H5}\r\n"A"="b"\r\n`, 'line 2, column 1: a value must follow a [KEY] line'],
    [`${H5}\r\n[HKEY_LOCAL_MACHINE\\A\r\n`, 'line 2, column 22: key line has no closing "]"'],
    [`${H5}\r\n[HKLM\\A]\r\n`, 'line 2, column 2: key must start with one of HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG, found "HKLM"'],
    [`${H5}\r\n[HKEY_USERS\\A\\]\r\n`, 'line 2, column 2: key "HKEY_USERS\\A\\" has an empty part (doubled or trailing "\\")'],
    [`${H5}\r\n[-HKEY_USERS\\A]\r\n"x"="y"\r\n`, 'line 3, column 1: values cannot follow the deleted key [-HKEY_USERS\\A]'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x="y"\r\n`, 'line 3, column 5: expected "=" after the value name, found "y""'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"="y\r\n`, 'line 3, column 5: string has no closing quote'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"="a\\nb"\r\n`, 'line 3, column 7: unknown escape "\\n" in string: only \\\\ and \\" are allowed'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"=dword:123456789\r\n`, 'line 3, column 11: dword: needs 1 to 8 hex digits, found "123456789"'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"=dword:\r\n`, 'line 3, column 11: dword: needs 1 to 8 hex digits, found ""'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"=hex:00,0g\r\n`, 'line 3, column 12: expected two hex digits, found "0g"'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"=hex:00 01\r\n`, 'line 3, column 12: expected "," between hex bytes, found "01"'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"=hex:00,\\\r\n  01,zz\r\n`, 'line 4, column 6: expected two hex digits, found "zz"'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"=hex:00,\\`, 'line 3, column 12: the line continues with "\\" but the file ends'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"=word:1\r\n`, 'line 3, column 5: expected "string", dword:, hex:, hex(N): or - after "=", found "word:1"'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\n"x"="y" z\r\n`, 'line 3, column 9: unexpected text after the value: "z"'],
    [`${H5}\r\n[HKEY_USERS\\A]\r\nx=1\r\n`, 'line 3, column 1: expected [KEY], "Name"=…, @=… or a ; comment, found "x=1"'],
  ])('%j', (text, message) => {
    const error = regError(text);
    expect(error.code).toBe('REG_SYNTAX');
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
  });

  it('names the file when given', () => {
    const error = regError('nope', 'host.reg');
    expect(error.message.startsWith('host.reg: line 1, column 1: ')).toBe(true);
    expect(error.details).toEqual({ file: 'host.reg', line: 1, column: 1 });
  });
});
