// The streaming core: records reach the sink in file order, a file read in chunks gives what its
// text gives, and the documented bounds (records per zone, bytes per line, characters per record)
// stop the read with one located error instead of growing without end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { factsFromZone, ZoneFactsBuilder } from '../../src/checks/from-zone.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { isKmsSrvError, type KmsSrvError } from '../../src/util/errors.js';
import { MAX_ZONE_LINE_BYTES, ZONE_READ_CHUNK_BYTES } from '../../src/zonefile/file-lines.js';
import { MAX_LOGICAL_LINE_CHARS } from '../../src/zonefile/lexer.js';
import { MAX_ZONE_RECORDS, parseZoneFile, parseZoneText, streamZone, streamZoneFile, type ZoneRecord } from '../../src/zonefile/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const HEAD = '$TTL 300\n@ SOA ns1 hm 1 2 3 4 5\n  NS ns1\nns1 A 192.0.2.1\n';

function errorOf(action: () => unknown): KmsSrvError {
  try {
    action();
  } catch (error) {
    if (isKmsSrvError(error)) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('streamZone', () => {
  it('hands every record to the sink in file order, the same records parseZoneText keeps', () => {
    const text = `${HEAD}_vlmcs._tcp SRV 0 0 1688 kms1\nkms1 ( A\n 192.0.2.10 ) ; split over two lines\n`;
    const seen: ZoneRecord[] = [];
    const summary = streamZone(text, { origin: 'example.test', file: 'z.db' }, (r) => seen.push(r));
    expect(summary).toEqual({ origin: 'example.test.', files: ['z.db'], records: 5 });
    expect(seen).toEqual(parseZoneText(text, { origin: 'example.test', file: 'z.db' }).records);
    expect(seen.map((r) => `${r.source.line} ${r.type}`)).toEqual(['2 SOA', '3 NS', '4 A', '5 SRV', '6 A']);
  });

  it('takes the text as physical lines too', () => {
    const text = `${HEAD}a "x y" ; not a comment inside quotes? it is outside\n`.replace('a "x y"', 'a TXT "x;y"');
    const fromText = parseZoneText(text, { origin: 'example.test' });
    expect(parseZoneText(text.split('\n'), { origin: 'example.test' })).toEqual(fromText);
    expect(fromText.records.at(-1)?.data).toEqual({ type: 'TXT', strings: ['x;y'] });
  });

  it('stops past maxRecords with a located error, $INCLUDEd records counted', () => {
    const text = `${HEAD}$INCLUDE more.db\n`;
    const readInclude = () => 'a A 192.0.2.2\nb A 192.0.2.3\n';
    expect(streamZone(text, { origin: 'example.test', file: 'z.db', readInclude, maxRecords: 5 }, () => undefined).records).toBe(5);
    const error = errorOf(() => streamZone(text, { origin: 'example.test', file: 'z.db', readInclude, maxRecords: 4 }, () => undefined));
    expect(error.code).toBe('ZONE_SYNTAX');
    expect(error.message).toBe('more.db:2:1: more than 4 records: the limit of one zone (split it, or check its parts one by one)');
    expect(MAX_ZONE_RECORDS).toBe(10_000_000);
  });

  it('refuses a record longer than MAX_LOGICAL_LINE_CHARS (an unclosed "(" reading on)', () => {
    const line = ` ${'0123456789 '.repeat(100)}\n`;
    const text = `${HEAD}a TXT (\n${line.repeat(Math.ceil(MAX_LOGICAL_LINE_CHARS / 1000) + 1)}`;
    const error = errorOf(() => parseZoneText(text, { origin: 'example.test', file: 'z.db' }));
    expect(error.message).toBe(`z.db:5:1: record is longer than ${MAX_LOGICAL_LINE_CHARS} characters (is a "(" left open?)`);
  });
});

describe('streamZoneFile', () => {
  it('reads a file across chunk boundaries as its text reads (CRLF, multi-byte text, no final line feed)', async () => {
    const rows: string[] = [];
    let length = 0;
    for (let i = 0; length < 3 * ZONE_READ_CHUNK_BYTES; i++) {
      const pair = [`h${i} TXT "caf\u00e9 ${i}"\r`, `_vlmcs._tcp.d${i % 7} SRV ${i % 3} 0 1688 h${i}`];
      rows.push(...pair);
      length += pair.join('\n').length + 1;
    }
    const text = `${HEAD}${rows.join('\n')}`;
    const file = path.join(tmp, 'chunks.zone');
    writeFileSync(file, text);
    const expected = parseZoneText(text, { origin: 'example.test', file });
    expect(await parseZoneFile(file, { origin: 'example.test' })).toEqual(expected);
    const builder = new ZoneFactsBuilder();
    const summary = streamZoneFile(file, { origin: 'example.test' }, (r) => builder.add(r));
    expect(summary.records).toBe(expected.records.length);
    expect(builder.facts(summary)).toEqual(factsFromZone(expected));
  });

  it.each(['broken.test.zone', 'example.test.zone', 'lab.test.zone'])('check-zone facts from the stream equal the facts of the whole zone: %s', async (name) => {
    const file = path.resolve('zones', name);
    const builder = new ZoneFactsBuilder();
    const summary = streamZoneFile(file, {}, (r) => builder.add(r));
    expect(builder.facts(summary)).toEqual(factsFromZone(await parseZoneFile(file)));
  });

  it('refuses a line longer than MAX_ZONE_LINE_BYTES: check-zone exits 2 with file:line:column', async () => {
    const file = path.join(tmp, 'long.zone');
    writeFileSync(file, `${HEAD}a TXT "${'x'.repeat(MAX_ZONE_LINE_BYTES)}"\n`);
    const error = errorOf(() => streamZoneFile(file, { origin: 'example.test' }, () => undefined));
    expect(error.message).toBe(`${file}:5:1: line is longer than ${MAX_ZONE_LINE_BYTES} bytes`);
    const io = memoryIo();
    expect(await run(['check-zone', file, '--origin', 'example.test'], io)).toBe(2);
    expect(io.err()).toContain(`long.zone:5:1: line is longer than ${MAX_ZONE_LINE_BYTES} bytes`);
    expect(io.err()).not.toMatch(/\n\s+at /);
    rmSync(file);
  });
});
