// Inputs as Windows saves them (Notepad's UTF-8 with a byte order mark and "Unicode", i.e. UTF-16LE
// with a mark; regedit; PowerShell 5's `>`), with CRLF line ends, through every reader: whole files,
// the streamed zone reader (chunk boundaries anywhere) and the audit's streamed domain list.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDomainLines } from '../../src/audit/domains.js';
import { isKmsSrvError } from '../../src/util/errors.js';
import { readInputText } from '../../src/util/input-file.js';
import { decodeInputText, utf8Chunks, Utf8Input } from '../../src/util/text-encoding.js';
import { ZONE_READ_CHUNK_BYTES } from '../../src/zonefile/file-lines.js';
import { parseZoneFile } from '../../src/zonefile/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-encoding-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf8Bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
// Beyond the BMP too: a surrogate pair split across chunks must come out whole.
const SAMPLE = 'kms1.contoso.test\r\nzürich.example\r\n; 🔑 comment\r\n';

describe('Utf8Input', () => {
  it.each([
    ['UTF-8', Buffer.from(SAMPLE, 'utf8')],
    ['UTF-8 with a byte order mark', utf8Bom(SAMPLE)],
    ['UTF-16LE with a byte order mark', utf16(SAMPLE)],
  ])('%s gives the same text whole and cut into pieces at every offset', (_name, bytes) => {
    expect(decodeInputText(bytes, 'x')).toBe(SAMPLE);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const size of [1, 2, 3]) {
        const input = new Utf8Input('x');
        const parts = [input.push(bytes.subarray(0, cut))];
        for (let at = cut; at < bytes.length; at += size) parts.push(input.push(bytes.subarray(at, at + size)));
        parts.push(input.end());
        expect(Buffer.concat(parts).toString('utf8')).toBe(SAMPLE);
      }
    }
  });

  it('refuses UTF-16 big-endian by name instead of reading it as garbage', () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a\n', 'utf16le').swap16()]);
    let error: unknown;
    try {
      decodeInputText(bytes, 'list.txt');
    } catch (caught) {
      error = caught;
    }
    expect(isKmsSrvError(error) && error.code).toBe('FILE_READ');
    expect((error as Error).message).toBe('cannot read list.txt: it is UTF-16 big-endian; save it as UTF-8 or UTF-16 (little-endian, as Notepad\'s "Unicode")');
  });

  it('keeps a file shorter than a byte order mark', () => {
    expect(decodeInputText(Buffer.from('a'), 'x')).toBe('a');
    expect(decodeInputText(Buffer.alloc(0), 'x')).toBe('');
  });
});

describe('the readers', () => {
  it('readInputText takes UTF-16LE and a UTF-8 mark (plans, keys, state files)', async () => {
    const file = path.join(tmp, 'plan.json');
    writeFileSync(file, utf16('{"a": 1}\r\n'));
    expect(JSON.parse(await readInputText(file, { maxBytes: 1024 }))).toEqual({ a: 1 });
    writeFileSync(file, utf8Bom('{"a": 2}\r\n'));
    expect(JSON.parse(await readInputText(file, { maxBytes: 1024 }))).toEqual({ a: 2 });
  });

  it('a UTF-16 zone file with CRLF longer than several read chunks gives the records its UTF-8 twin gives', async () => {
    const lines = ['$TTL 300', '@ SOA ns1 hm 1 2 3 4 5', '  NS ns1', 'ns1 A 192.0.2.1'];
    // Enough records that the UTF-16 file spans several chunks of the reader.
    for (let i = 0; lines.join('\r\n').length * 2 < 3 * ZONE_READ_CHUNK_BYTES; i++) lines.push(`_vlmcs._tcp SRV 0 0 1688 kms${i}.zürich.test.`);
    const text = `${lines.join('\r\n')}\r\n`;
    const plain = path.join(tmp, 'plain.zone');
    const wide = path.join(tmp, 'wide.zone');
    writeFileSync(plain, text.replaceAll('\r\n', '\n'));
    writeFileSync(wide, utf16(text));
    const [a, b] = await Promise.all([parseZoneFile(plain, { origin: 'example.test' }), parseZoneFile(wide, { origin: 'example.test' })]);
    expect(b.records.length).toBe(lines.length - 1);
    expect(b.records.map((r) => [r.owner, r.type, r.data])).toEqual(a.records.map((r) => [r.owner, r.type, r.data]));
  });

  it('the audit list: UTF-16 with CRLF gives the same domains as plain text', async () => {
    const text = 'contoso.test\r\n# comment\r\nfabrikam.test\r\n';
    async function* chunks(bytes: Buffer) {
      for (let at = 0; at < bytes.length; at += 5) yield bytes.subarray(at, at + 5);
    }
    const domains = async (bytes: Buffer) => {
      const out: string[] = [];
      for await (const line of readDomainLines(utf8Chunks(chunks(bytes), 'list'))) out.push(`${line.line} ${line.domain}`);
      return out;
    };
    expect(await domains(utf16(text))).toEqual(['1 contoso.test', '3 fabrikam.test']);
    expect(await domains(utf8Bom(text))).toEqual(['1 contoso.test', '3 fabrikam.test']);
  });
});
