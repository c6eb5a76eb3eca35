// The zone files the BIND agreement test walks, and each one's origin (see
// test/fixtures/zones/README.md): `; origin: NAME` on the first line; else the owner of the SOA
// when the file names it absolutely (generated zones such as example.example-test.zone); else the
// file name without `.zone`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ZONE_DIRS = [path.resolve('zones'), path.resolve('test/fixtures/zones'), path.resolve('test/fixtures/broken-zones')];

// The check-zone fixtures are all written under `$ORIGIN example.test.` (test/checks/broken-zones.test.ts).
const DIRECTORY_ORIGIN = new Map([[path.resolve('test/fixtures/broken-zones'), 'example.test']]);

export interface ZoneFixture {
  file: string;
  origin: string;
}

export function originOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  const declared = /^;\s*origin:\s*(\S+)/.exec(text.split('\n', 1)[0] ?? '');
  if (declared) return declared[1] as string;
  const absoluteSoa = /^(\S+\.)\s+(?:\S+\s+)*?SOA\s/im.exec(text);
  if (absoluteSoa) return (absoluteSoa[1] as string).replace(/\.$/, '');
  return DIRECTORY_ORIGIN.get(path.dirname(file)) ?? path.basename(file).replace(/\.zone$/, '');
}

export function zoneFixtures(): ZoneFixture[] {
  return ZONE_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.zone'))
      .sort()
      .map((name) => path.join(dir, name)),
  ).map((file) => ({ file, origin: originOf(file) }));
}
