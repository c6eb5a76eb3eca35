// THE acceptance test of the parser: for every zone in zones/ and test/fixtures/zones/, the
// records we parse are the records `named-checkzone -D -o - ORIGIN FILE` dumps, its dump read as plain
// text (our parser reads it only in the order and byte-for-byte tests).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAtOrBelow } from '../../src/names/canonical.js';
import { bindComparableLines, formatZone, parseBindDump, parseZoneFile, sortRecords } from '../../src/zonefile/index.js';
import { bindMissing, runTool } from '../helpers/bind.js';
import { zoneFixtures } from './zone-fixtures.js';

const fixtures = zoneFixtures();

function bindDump(file: string, origin: string): string {
  // -w: named-checkzone reads $INCLUDE relative to its working directory, ours relative to the file.
  const result = runTool('named-checkzone', ['-w', path.dirname(file), '-D', '-o', '-', origin, file]);
  if (result.status !== 0) throw new Error(`named-checkzone refused ${file}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Owner and type of each RRset in dump order, lower-cased. */
function rrsetSequence(records: { owner: string; type: string }[]): string[] {
  const sequence: string[] = [];
  for (const { owner, type } of records) {
    const key = `${owner.toLowerCase()} ${type}`;
    if (sequence[sequence.length - 1] !== key) sequence.push(key);
  }
  return sequence;
}

/**
 * RDATA with the quotes taken off each character-string that needs none (no blank, quote, backslash or
 * ";"): BIND quotes every one, we quote TXT always and CAA or HINFO fields only when needed (RFC 1035
 * §5.1 allows both). Applied to both sides, so only the presentation differs, never a value.
 */
function bareStrings(rdata: string): string {
  return (rdata.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? []).map((token) => (/^"[^\s"\\;]+"$/.test(token) ? token.slice(1, -1) : token)).join(' ');
}

/** One record line, "owner TTL class type RDATA", its owner lower-cased and its RDATA through `bareStrings`. */
function comparable(line: string): string {
  const fields = /^(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
  if (!fields) throw new Error(`not a record line: ${line}`);
  const [, owner, ttl, klass, type, rdata] = fields as unknown as [string, string, string, string, string, string];
  return `${owner.toLowerCase()} ${ttl} ${klass} ${type} ${bareStrings(rdata)}`;
}

/** named-checkzone's dump read as plain text, without our parser: one record a line. */
function dumpLines(dump: string): string[] {
  return dump
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith(';'))
    .map(comparable)
    .sort();
}

describe.skipIf(bindMissing('named-checkzone'))('the parser agrees with named-checkzone -D', () => {
  it('finds the zones to check', () => {
    expect(fixtures.map((fixture) => path.basename(fixture.file))).toContain('example.test.zone');
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });

  it.each(fixtures.map((fixture) => [path.relative(process.cwd(), fixture.file), fixture] as const))('%s: same records', async (_name, { file, origin }) => {
    const ours = bindComparableLines(await parseZoneFile(file, { origin })).map(comparable).sort();
    const theirs = dumpLines(bindDump(file, origin));
    expect(ours.length).toBeGreaterThan(2);
    expect(ours).toEqual(theirs);
  });

  it.each(fixtures.map((fixture) => [path.relative(process.cwd(), fixture.file), fixture] as const))('%s: same RRset order', async (_name, { file, origin }) => {
    const zone = await parseZoneFile(file, { origin });
    const ours = sortRecords(zone.records.filter((record) => isAtOrBelow(record.owner, zone.origin)));
    const theirs = parseBindDump(bindDump(file, origin), origin).records;
    expect(rrsetSequence(ours)).toEqual(rrsetSequence(theirs));
  });

  it.each(fixtures.map((fixture) => [path.relative(process.cwd(), fixture.file), fixture] as const))('%s: formatZone writes BIND\'s dump byte for byte', (_name, { file, origin }) => {
    const dump = bindDump(file, origin);
    expect(formatZone(parseBindDump(dump, origin))).toBe(dump);
  });
});
