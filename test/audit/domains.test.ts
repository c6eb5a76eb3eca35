// The input format: one domain per line, comments, blank lines, and what makes a line malformed.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseDomainLine, readDomainLines } from '../../src/audit/domains.js';
import { AuditTally } from '../../src/audit/tally.js';

describe('parseDomainLine', () => {
  it.each([
    ['contoso.com', 'contoso.com'],
    ['  Contoso.COM.  ', 'Contoso.COM'],
    ['fabrikam.test # branch office', 'fabrikam.test'],
    ['_sub.example.test', '_sub.example.test'],
  ])('%j is the domain %j', (text, domain) => {
    expect(parseDomainLine(text, 1)).toEqual({ line: 1, domain });
  });

  it.each(['', '   ', '# only a comment', '\t# indented comment'])('%j is skipped', (text) => {
    expect(parseDomainLine(text, 1)).toBeUndefined();
  });

  it.each([
    ['a b.test', /more than one word/],
    ['a..test', /empty label/],
    ['.test', /empty label/],
    ['-a.test', /starts or ends with a hyphen/],
    ['a*.test', /"\*" is not allowed/],
    ['bücher.test', /xn-- \(punycode\) form/],
    [`${'a'.repeat(64)}.test`, /the limit is 63/],
    [Array.from({ length: 70 }, () => 'abc').join('.'), /the limit is 241 \(253 less the 12 of "_vlmcs._tcp\."\)/],
  ])('%j is malformed: %s', (text, reason) => {
    expect(parseDomainLine(text, 7)?.error).toMatch(reason);
  });
});

describe('readDomainLines', () => {
  it('streams lines with their numbers, CRLF or LF', async () => {
    const lines = [];
    for await (const line of readDomainLines(Readable.from(['a.test\r\n# x\r\n\r\nb.te', 'st\nc..test\n']))) lines.push(line);
    expect(lines.map((l) => [l.line, l.domain, l.error !== undefined])).toEqual([
      [1, 'a.test', false],
      [4, 'b.test', false],
      [5, 'c..test', true],
    ]);
  });
});

describe('AuditTally', () => {
  it('keeps the ten slowest, slowest first, and the first ten failing', () => {
    const tally = new AuditTally();
    for (let i = 0; i < 30; i++) {
      tally.add({ domain: `d${i}.test`, verdict: i % 2 ? 'nodata' : 'ok', hosts: [], errorCode: null, rcode: 'NOERROR', server: '127.0.0.1:53', elapsedMs: (i * 7) % 31 }, i + 1);
    }
    const expected = Array.from({ length: 30 }, (_, i) => (i * 7) % 31).sort((a, b) => b - a).slice(0, 10);
    expect(tally.slowest.map((e) => e.elapsedMs)).toEqual(expected);
    expect(tally.failing.map((e) => e.line)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect([tally.total, tally.count('ok'), tally.notOk]).toEqual([30, 15, 15]);
    const all = new AuditTally({ keepAllFailing: true });
    for (let i = 0; i < 30; i++) all.add({ domain: `d${i}.test`, verdict: i % 2 ? 'nodata' : 'ok', hosts: [], errorCode: null, rcode: 'NOERROR', server: null, elapsedMs: 1 }, i + 1);
    expect(all.failing.map((e) => e.line)).toEqual(Array.from({ length: 15 }, (_, i) => 2 * i + 2));
  });
});
