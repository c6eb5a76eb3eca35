import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/checks/catalogue.js';
import { CODES, codeByDecimal, codeByHex, codeByName, editDistance, findCode, formatCode, nearestCodes, signedValue } from '../../src/knowledge/codes.js';

/** The activation codes and events kms-srv documents, written out here so the table cannot drift. */
const EXPECTED = {
  hex: ['0x8007232B', '0x80092328', '0x8007007B', '0x8007232A', '0x8007251D', '0xC004F074', '0x800706BA', '0xC004F038', '0xC004F039',
    '0xC004F041', '0xC004F042', '0xC004F06C', '0x80070005', '0xC004F035', '0x8004FE21', '0x80072338'],
  events: [12293, 12288, 12289, 12290, 12294, 12309, 12310],
};


const TWO_32 = 2 ** 32;

describe('error code registry', () => {
  it('holds every documented code and event and nothing else', () => {
    expect(EXPECTED.hex.length).toBeGreaterThanOrEqual(16);
    expect(EXPECTED.events.length).toBeGreaterThanOrEqual(7);
    expect(CODES.filter((c) => c.kind === 'hresult').map(formatCode).sort()).toEqual([...EXPECTED.hex].sort());
    expect(CODES.filter((c) => c.kind === 'event').map((c) => c.value).sort()).toEqual([...EXPECTED.events].sort());
  });

  it.each(EXPECTED.hex)('%s is found as hex in any case, with or without 0x, and as decimal', (hex) => {
    const value = Number.parseInt(hex.slice(2), 16);
    const entry = codeByHex(hex)!;
    expect(formatCode(entry)).toBe(hex);
    for (const form of [hex, hex.toLowerCase(), hex.slice(2), hex.slice(2).toLowerCase(), `0X${hex.slice(2)}`, String(value), String(value - TWO_32)]) {
      expect(findCode(form), form).toBe(entry);
    }
    expect(findCode(entry.name.toLowerCase())).toBe(entry);
    expect(signedValue(entry.value)).toBe(value >= 2 ** 31 ? value - TWO_32 : value);
  });

  it('reads -1073418124 and 3221549172 as 0xC004F074', () => {
    expect(formatCode(findCode('-1073418124')!)).toBe('0xC004F074');
    expect(formatCode(findCode('3221549172')!)).toBe('0xC004F074');
  });

  it.each([[9002, '0x8007232A'], [9003, '0x8007232B'], [9501, '0x8007251D']])('Win32 %i is %s (facility 7 wraps it)', (win32, hex) => {
    const entry = codeByDecimal(win32)!;
    expect(formatCode(entry)).toBe(hex);
    expect(entry.value & 0xffff).toBe(win32);
    expect(findCode(String(win32))).toBe(entry);
  });

  it('keeps every Win32 code consistent with its HRESULT and every symbol findable', () => {
    for (const entry of CODES) {
      if (entry.win32 !== undefined && (entry.value >>> 16) === 0x8007) expect(entry.value & 0xffff).toBe(entry.win32);
      if (entry.win32Symbol) expect(codeByName(entry.win32Symbol)).toBe(entry);
    }
  });

  it.each(EXPECTED.events)('event %i is found by its number', (id) => {
    const entry = findCode(String(id))!;
    expect(entry.kind).toBe('event');
    expect(entry.value).toBe(id);
  });

  it('gives every entry a meaning, causes, checks, known related checks and kms-srv commands', () => {
    for (const e of CODES) {
      expect(e.meaning.length, e.name).toBeGreaterThan(20);
      expect(e.causes.length).toBeGreaterThan(0);
      expect(e.checks.length).toBeGreaterThan(0);
      for (const id of e.relatedChecks) expect(CHECK_IDS).toContain(id);
      for (const c of e.commands) expect(c).toMatch(/^kms-srv /);
    }
    expect(new Set(CODES.map((c) => c.name)).size).toBe(CODES.length);
  });

  it.each(['0xC004F075', '12311', 'nonsense', '-1', '0x', ''])('does not find %j', (input) => {
    expect(findCode(input)).toBeUndefined();
  });

  it('lists the nearest known codes by number and by spelling', () => {
    expect(formatCode(nearestCodes('0xC004F075')[0]!)).toBe('0xC004F074');
    expect(nearestCodes('12311').map(formatCode)).toContain('12310');
    expect(nearestCodes('8007232C').map(formatCode)).toEqual(expect.arrayContaining(['0x8007232B', '0x8007232A']));
    expect(nearestCodes('KMS_COUNT_TO_LOW').map((e) => e.name)).toContain('KMS_COUNT_TOO_LOW');
    expect(nearestCodes('x', 3)).toHaveLength(3);
  });

  it.each([['', 'abc', 3], ['kitten', 'sitting', 3], ['same', 'same', 0], ['C004F074', 'C004F075', 1]])('edit distance %s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
