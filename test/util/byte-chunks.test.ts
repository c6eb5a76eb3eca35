// The byte stores check-zone keeps a large zone in: numbers and strings read back exactly as written,
// across chunk boundaries, at the edges of their ranges.
import { describe, expect, it } from 'vitest';
import { StringList, StringTable, U32Chunks, VarintChunks } from '../../src/util/byte-chunks.js';

describe('VarintChunks', () => {
  it('reads back every number from its position, edges of each byte length included', () => {
    const values = [0, 1, 127, 128, 255, 16383, 16384, 65535, 2 ** 21 - 1, 2 ** 21, 2 ** 32 - 1, 2 ** 32, 2 ** 35 + 3, Number.MAX_SAFE_INTEGER];
    const stream = new VarintChunks();
    const positions = values.map((v) => {
      const at = stream.position;
      stream.write(v);
      return at;
    });
    // 7 bits a byte: 0-127 one byte, 128-16383 two, ... (LEB128).
    expect(positions.slice(0, 7)).toEqual([0, 1, 2, 3, 5, 7, 9]);
    positions.forEach((at, i) => {
      stream.cursor = at;
      expect(stream.read()).toBe(values[i]);
    });
  });

  it('runs on across chunks of 64 KiB: 100,000 numbers of three bytes each', () => {
    const stream = new VarintChunks();
    for (let i = 0; i < 100_000; i++) stream.write(16384 + i);
    expect(stream.position).toBe(300_000);
    stream.cursor = 0;
    let same = 0;
    for (let i = 0; i < 100_000; i++) if (stream.read() === 16384 + i) same++;
    expect(same).toBe(100_000);
  });
});

describe('U32Chunks', () => {
  it('grows by push across chunks and keeps what was set', () => {
    const list = new U32Chunks();
    for (let i = 0; i < 40_000; i++) list.push(i * 3);
    list.set(20_000, 2 ** 32 - 1);
    expect(list.length).toBe(40_000);
    expect([list.get(0), list.get(16_383), list.get(16_384), list.get(20_000), list.get(39_999)]).toEqual([0, 49_149, 49_152, 2 ** 32 - 1, 119_997]);
  });
});

describe('StringList', () => {
  it('gives each string added its own id, an equal one again too, and compares in place', () => {
    const list = new StringList();
    expect(['192.0.2.1', '2001:db8::1', '192.0.2.1'].map((s) => list.add(s))).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((id) => list.text(id))).toEqual(['192.0.2.1', '2001:db8::1', '192.0.2.1']);
    expect([list.holds(0, '192.0.2.1'), list.holds(0, '192.0.2.2'), list.holds(0, '192.0.2.10'), list.holds(1, '2001:db8::1')]).toEqual([true, false, false, true]);
  });
});

describe('StringTable', () => {
  it('gives ids in the order first seen, the same id again for an equal string, and the string back', () => {
    const table = new StringTable();
    expect(['a.', 'kms1.example.test.', 'a.', '', 'A.'].map((s) => table.id(s))).toEqual([0, 1, 0, 2, 3]);
    expect(table.size).toBe(4);
    expect([0, 1, 2, 3].map((id) => table.text(id))).toEqual(['a.', 'kms1.example.test.', '', 'A.']);
    expect(table.find('kms1.example.test.')).toBe(1);
    expect(table.find('kms1.example.test')).toBeUndefined();
    expect(table.find('b.')).toBeUndefined();
  });

  it('keeps characters past U+00FF (a file name), Latin-1 ones and a string longer than a chunk', () => {
    const table = new StringTable();
    const strings = ['/zones/caf\u00e9.db', '/zones/\u6771\u4eac.db', '\u{1F600}.zone', 'x'.repeat(70_000), 'after-the-long-one'];
    const ids = strings.map((s) => table.id(s));
    expect(ids).toEqual([0, 1, 2, 3, 4]);
    expect(ids.map((id) => table.text(id))).toEqual(strings);
    expect(strings.map((s) => table.find(s))).toEqual(ids);
    // Same length, one character apart: not the same string.
    expect(table.find('/zones/\u6771\u4eaa.db')).toBeUndefined();
  });

  it('holds 100,000 distinct names (its index grown many times) and finds each', () => {
    const table = new StringTable();
    for (let i = 0; i < 100_000; i++) table.id(`kms${i}.example.test.`);
    let found = 0;
    for (let i = 0; i < 100_000; i++) if (table.find(`kms${i}.example.test.`) === i && table.text(i) === `kms${i}.example.test.`) found++;
    expect(found).toBe(100_000);
    expect(table.id('kms99999.example.test.')).toBe(99_999);
    expect(table.size).toBe(100_000);
  });
});
