// Every broken zone of test/fixtures/broken-zones: check-zone reports exactly the findings its
// "; expect:" comments list, on those lines; the JSON matches schema/findings.schema.json; and a
// real BIND loads each zone (doctor serves them from BIND), agreeing on targets without addresses.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkById } from '../../src/checks/catalogue.js';
import type { CheckReport } from '../../src/checks/report.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { bindMissing, findBinary } from '../helpers/bind.js';

const DIR = 'test/fixtures/broken-zones';
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.zone')).sort();
const schema = JSON.parse(readFileSync('schema/findings.schema.json', 'utf8')) as object;
const validate = new Ajv2020.default({ allErrors: true, strict: true }).compile(schema);

/** "file:line id" for each id of each "; expect:" comment, in the zone and the files it $INCLUDEs. */
function expectedFindings(zoneFile: string): string[] {
  const files = [zoneFile];
  const text = readFileSync(path.join(DIR, zoneFile), 'utf8');
  for (const m of text.matchAll(/^\$INCLUDE\s+(\S+)/gm)) files.push(m[1]!);
  const expected: string[] = [];
  for (const file of files) {
    readFileSync(path.join(DIR, file), 'utf8').split('\n').forEach((line, i) => {
      const marker = /; expect: ([a-z0-9-]+(?:, [a-z0-9-]+)*)\s*$/.exec(line);
      for (const id of marker?.[1]?.split(', ') ?? []) expected.push(`${DIR}/${file}:${i + 1} ${id}`);
    });
  }
  return expected.sort();
}

async function checkZoneJson(file: string, ...flags: string[]): Promise<{ code: number; report: CheckReport }> {
  const io = memoryIo();
  const code = await run(['check-zone', file, '--json', ...flags], io);
  return { code, report: JSON.parse(io.out()) as CheckReport };
}

describe('check-zone on the broken zones', () => {
  it('has the fixtures the issue lists', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(15);
    expect(FIXTURES.flatMap(expectedFindings).length).toBeGreaterThan(FIXTURES.length);
  });

  it.each(FIXTURES)('%s: exactly the marked findings, on the marked lines', async (fixture) => {
    const { code, report } = await checkZoneJson(`${DIR}/${fixture}`);
    const found = report.findings.map((f) => `${f.file}:${f.line} ${f.id}`).sort();
    const expected = expectedFindings(fixture);
    expect(found).toEqual(expected);
    const anyError = expected.some((e) => checkById(e.split(' ')[1]!)?.severity === 'error');
    // The status agrees with the client's code too (a zone whose only target is "." has no error finding).
    expect(code).toBe(anyError || report.clientErrorCode !== null ? 1 : 0);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(FIXTURES)('%s: --strict exits 1 on warnings too', async (fixture) => {
    const { code, report } = await checkZoneJson(`${DIR}/${fixture}`, '--strict');
    expect(code).toBe(report.summary.error + report.summary.warning > 0 ? 1 : 0);
  });

  it('prints findings grouped by severity with file:line, fix and summary', async () => {
    const io = memoryIo();
    const code = await run(['check-zone', `${DIR}/target-relative.zone`], io);
    expect(code).toBe(1);
    const [line] = expectedFindings('target-relative.zone')[0]!.split(' ');
    expect(io.out()).toContain(`Errors (2)`);
    expect(io.out()).toContain(`${line}: [srv-target-relative]`);
    expect(io.out()).toContain(`fix: ${checkById('srv-target-relative')!.fix}`);
    expect(io.out()).toMatch(/^2 errors, 0 warnings, 0 notices, 0 info$/m);
  });

  it('honours --profile vista (no starvation by weight, weights still flagged as ignored)', async () => {
    const { report } = await checkZoneJson(`${DIR}/weight-zero.zone`, '--profile', 'vista');
    const ids = report.findings.map((f) => f.id);
    expect(ids).toContain('vista-ignores-weights');
    expect(ids).not.toContain('weight-zero-starved');
    expect(report.facts.profile).toBe('vista');
  });
});

describe('the JSON schema', () => {
  it('lists exactly the catalogue\'s IDs', async () => {
    const { CHECK_IDS } = await import('../../src/checks/catalogue.js');
    const ids = (schema as { $defs: { finding: { properties: { id: { enum: string[] } } } } }).$defs.finding.properties.id.enum;
    expect([...ids].sort()).toEqual([...CHECK_IDS].sort());
  });

  it('rejects a report missing clientErrorCode or with an unknown severity', async () => {
    const { report } = await checkZoneJson(`${DIR}/port-zero.zone`);
    const { clientErrorCode: _dropped, ...missing } = report;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...report, findings: [{ ...report.findings[0], severity: 'fatal' }] })).toBe(false);
  });
});

describe.skipIf(bindMissing('named-checkzone'))('BIND loads every broken zone', () => {
  const checkzone = findBinary('named-checkzone', ['/usr/sbin/named-checkzone', '/usr/bin/named-checkzone'])!;

  it.each(FIXTURES)('%s loads in named-checkzone, and BIND agrees on targets without addresses and CNAME targets', async (fixture) => {
    const r = spawnSync(checkzone, ['example.test', fixture], { cwd: DIR, encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/loaded serial \d+/);
    const bare = (name: string) => name.replace(/\.$/, '').toLowerCase();
    const bindNoAddress = [...r.stdout.matchAll(/SRV '([^']+)' has no address records/g)].map((m) => m[1]!.toLowerCase()).sort();
    const bindCname = [...r.stdout.matchAll(/SRV '([^']+)' is a CNAME/g)].map((m) => m[1]!.toLowerCase()).sort();
    const { report } = await checkZoneJson(`${DIR}/${fixture}`);
    const records = report.facts.domains.flatMap((d) => d.records);
    expect(records.filter((s) => s.targetAddresses?.length === 0).map((s) => bare(s.target)).sort()).toEqual(bindNoAddress);
    expect(records.filter((s) => s.targetCname !== undefined).map((s) => bare(s.target)).sort()).toEqual(bindCname);
  });
});
