// The zones the demo serves, as text. Read from zones/ (three levels above both src/cli/demo and
// dist/cli/demo); the bundled CLI and the single executables have no zones/ beside them, so
// scripts/bundle.mjs replaces this module with one that holds the same files' text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHIPPED_DEMO_ZONES = ['example.test.zone', 'broken.test.zone'] as const;
export type ShippedDemoZone = (typeof SHIPPED_DEMO_ZONES)[number];

export function shippedZoneText(name: ShippedDemoZone): string {
  return readFileSync(new URL(`../../../zones/${name}`, import.meta.url), 'utf8');
}

/** Where the package's zones/ directory is on this machine (the Examples in --help name it). */
export function shippedZonesDir(): string {
  return fileURLToPath(new URL('../../../zones', import.meta.url));
}
