// The package root, imported by name through package.json "exports" (Node's self-reference), exposes
// the API the README names.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('package entry point', () => {
  it('exports the main functions of every area by package name', () => {
    const names = ['Resolver', 'parseZoneFile', 'orderRecords', 'firstPickShares', 'loadPlan', 'getRenderer', 'runChecks', 'runDoctor', 'runDiscover', 'readReg', 'runUpdate', 'simulate', 'startResponder', 'run'];
    const script = `import('kms-srv').then((m) => console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof m[n] !== 'function'))))`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
