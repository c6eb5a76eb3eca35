// $INCLUDE: paths relative to the including file, origin argument, cycles, depth, read failures.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseZoneFile, parseZoneText, type ParseZoneOptions } from '../../src/zonefile/index.js';

/** A reader over an in-memory tree, recording what was asked for. */
function memoryFiles(files: Record<string, string>): { readInclude: (absPath: string) => string; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readInclude(absPath) {
      reads.push(absPath);
      const text = files[absPath];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${absPath}'`);
      return text;
    },
  };
}

function parseMain(main: string, files: Record<string, string>, extra: Partial<ParseZoneOptions> = {}) {
  const fs = memoryFiles(files);
  const zone = parseZoneText(main, { origin: 'contoso.com', file: '/z/main.zone', readInclude: fs.readInclude, ...extra });
  return { zone, reads: fs.reads };
}

const HEAD = '$TTL 60\n@ SOA ns1 hm 1 2 3 4 5\n';

describe('$INCLUDE', () => {
  it('resolves paths relative to the including file, nested', () => {
    const { zone, reads } = parseMain(`${HEAD}$INCLUDE sub/hosts.inc\n`, {
      '/z/sub/hosts.inc': 'kms1 A 192.0.2.1\n$INCLUDE more.inc\n',
      '/z/sub/more.inc': 'kms2 A 192.0.2.2\n',
    });
    expect(reads).toEqual(['/z/sub/hosts.inc', '/z/sub/more.inc']);
    expect(zone.files).toEqual(['/z/main.zone', '/z/sub/hosts.inc', '/z/sub/more.inc']);
    expect(zone.records.map((record) => [record.owner, record.source.file, record.source.line])).toEqual([
      ['contoso.com.', '/z/main.zone', 2],
      ['kms1.contoso.com.', '/z/sub/hosts.inc', 1],
      ['kms2.contoso.com.', '/z/sub/more.inc', 1],
    ]);
  });

  it('keeps an absolute path as it is', () => {
    const { reads } = parseMain(`${HEAD}$INCLUDE /etc/zones/hosts.inc\n`, { '/etc/zones/hosts.inc': 'kms1 A 192.0.2.1\n' });
    expect(reads).toEqual(['/etc/zones/hosts.inc']);
  });

  it('reads the file under the origin given, then restores origin and owner; $TTL carries on', () => {
    const { zone } = parseMain(`${HEAD}outer A 192.0.2.9\n$INCLUDE "site.inc" branch\n  TXT "after"\nlast A 192.0.2.10\n`, {
      '/z/site.inc': '  TXT "continues outer"\n$TTL 99\nkms A 192.0.2.1\n$ORIGIN elsewhere.\n',
    });
    expect(zone.records.map((record) => `${record.owner} ${record.ttl} ${record.type}`)).toEqual([
      'contoso.com. 60 SOA',
      'outer.contoso.com. 60 A',
      'outer.contoso.com. 60 TXT',
      'kms.branch.contoso.com. 99 A',
      'outer.contoso.com. 99 TXT',
      'last.contoso.com. 99 A',
    ]);
  });

  it.each([
    ['a file including itself', { '/z/a.inc': '$INCLUDE a.inc\n' }, '/z/a.inc:1:10: $INCLUDE cycle: /z/main.zone -> /z/a.inc -> /z/a.inc'],
    ['a longer cycle', { '/z/a.inc': '$INCLUDE b.inc\n', '/z/b.inc': '\n$INCLUDE ./a.inc\n' }, '/z/b.inc:2:10: $INCLUDE cycle: /z/main.zone -> /z/a.inc -> /z/b.inc -> /z/a.inc'],
    ['back to the main file', { '/z/a.inc': '$INCLUDE main.zone\n' }, '/z/a.inc:1:10: $INCLUDE cycle: /z/main.zone -> /z/a.inc -> /z/main.zone'],
  ])('detects %s', (_what, files, message) => {
    expect(() => parseMain(`${HEAD}$INCLUDE a.inc\n`, files)).toThrow(expect.objectContaining({ code: 'ZONE_SYNTAX', message }));
  });

  it('limits the depth and names the chain', () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 5; i++) files[`/z/${i}.inc`] = `$INCLUDE ${i + 1}.inc\n`;
    const run = () => parseMain(`${HEAD}$INCLUDE 1.inc\n`, files, { maxIncludeDepth: 3 });
    expect(run).toThrow(expect.objectContaining({ message: '/z/3.inc:1:10: $INCLUDE nested deeper than 3: /z/main.zone -> /z/1.inc -> /z/2.inc -> /z/3.inc -> /z/4.inc' }));
    expect(run).toThrow(expect.objectContaining({ details: { file: '/z/3.inc', line: 1, column: 10 } }));
  });

  it('allows exactly the maximum depth', () => {
    const { zone } = parseMain(`${HEAD}$INCLUDE 1.inc\n`, { '/z/1.inc': '$INCLUDE 2.inc\n', '/z/2.inc': 'deep A 192.0.2.1\n' }, { maxIncludeDepth: 2 });
    expect(zone.records.at(-1)?.owner).toBe('deep.contoso.com.');
  });

  it('reports a file it cannot read at the $INCLUDE line', () => {
    expect(() => parseMain(`${HEAD}$INCLUDE missing.inc\n`, {})).toThrow(
      expect.objectContaining({ code: 'FILE_READ', message: "/z/main.zone:3:10: cannot read $INCLUDE file /z/missing.inc: ENOENT: no such file, open '/z/missing.inc'" }),
    );
  });

  it('reports errors inside an included file with its own name and line', () => {
    expect(() => parseMain(`${HEAD}$INCLUDE bad.inc\n`, { '/z/bad.inc': '; fine\nkms A 192.0.2.300\n' })).toThrow(
      expect.objectContaining({ message: '/z/bad.inc:2:7: bad IPv4 address "192.0.2.300": expected four decimal numbers 0-255 like 192.0.2.1' }),
    );
  });
});

describe('parseZoneFile', () => {
  const fixture = path.join('test', 'fixtures', 'zones', 'includes.test.zone');

  it('reads includes beside the file, not beside the working directory', async () => {
    const zone = await parseZoneFile(fixture, { origin: 'includes.test' });
    expect(zone.files).toEqual([fixture, ...['includes-hosts.inc', 'includes-leaf.inc', 'includes-site.inc'].map((name) => path.join(path.dirname(fixture), name))]);
    expect(zone.records.find((record) => record.owner === 'kms-branch.branch.includes.test.')?.source.file).toBe(path.join(path.dirname(fixture), 'includes-site.inc'));
  });

  it('names a missing file', async () => {
    await expect(parseZoneFile('test/fixtures/zones/no-such.zone')).rejects.toMatchObject({ code: 'FILE_READ', details: { file: 'test/fixtures/zones/no-such.zone' } });
  });
});
