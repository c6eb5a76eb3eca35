// The package's entries, imported by name through package.json "exports" (Node's self-reference): the
// root has the library's main functions and none of the CLI's or the lab's internals; the lab tools are
// under kms-srv/testing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The names of `specifier` (of those given) whose runtime type is not `type`. */
function notOfType(specifier: string, names: string[], type: string): string[] {
  const script = `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof m[n] !== ${JSON.stringify(type)}))))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as string[];
}

describe('package entry points', () => {
  it('kms-srv exports the main functions of every area, the audit functions among them', () => {
    const names = ['Resolver', 'runDiscover', 'orderRecords', 'firstPickShares', 'simulate', 'loadPlan', 'getRenderer', 'runUpdate', 'runDoctor', 'runChecks', 'factsFromZone', 'parseZoneFile', 'findCode', 'readReg', 'auditDomain', 'runAudit', 'readDomainLines', 'parseDomainLine', 'KmsSrvError', 'DnsError'];
    expect(notOfType('kms-srv', names, 'function')).toEqual([]);
  });

  it('kms-srv does not export the CLI, the lab responder or low-level helpers', () => {
    const internals = ['run', 'memoryIo', 'processIo', 'startResponder', 'startKmsStandIn', 'chiSquareCritical', 'encodeRegUtf16', 'writeFileAtomic', 'fuzzValidate'];
    expect(notOfType('kms-srv', internals, 'undefined')).toEqual([]);
  });

  it('kms-srv/testing exports the responder, the stand-in and the fuzzers', () => {
    const names = ['startResponder', 'startKmsStandIn', 'fuzzValidate', 'fuzzOverSockets', 'fuzzFileReader'];
    expect(notOfType('kms-srv/testing', names, 'function')).toEqual([]);
  });
});
