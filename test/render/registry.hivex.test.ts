// The generated .reg files checked by an independent parser: hivexregedit merges them into a copy of an
// empty hive (built by test/helpers/empty-hive.ts), hivexget reads the values back, and our reader
// reads hivexregedit's own export.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBinary } from '../helpers/bind.js';
import { emptyHive } from '../helpers/empty-hive.js';
import { readReg } from '../../src/regfile/read.js';
import { writeReg } from '../../src/regfile/write.js';
import type { RegValue } from '../../src/regfile/types.js';
import { regClientRenderer, regRenderer } from '../../src/render/registry/reg.js';
import type { Renderer, RenderContext } from '../../src/render/types.js';
import { NOW, registryPlan } from './registry-fixtures.js';

const PREFIX = 'HKEY_LOCAL_MACHINE\\SOFTWARE';
const HIVEXREGEDIT = findBinary('hivexregedit');
const HIVEXGET = findBinary('hivexget');

function hivexMissing(): boolean {
  const missing = [
    HIVEXREGEDIT ? '' : 'hivexregedit (apt-get install libwin-hivex-perl)',
    HIVEXGET ? '' : 'hivexget (apt-get install libhivex-bin)',
  ].filter(Boolean);
  if (missing.length === 0) return false;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI=true but missing: ${missing.join(', ')}`);
  process.stderr.write(`\n*** SKIPPING the hivex .reg import tests: missing ${missing.join(', ')} ***\n\n`);
  return true;
}

const plan = registryPlan();
const manualPlan = registryPlan({ publishing: 'manual' });
const cases: [string, Renderer, typeof plan, RenderContext][] = [
  ['reg kms1', regRenderer, plan, { ...NOW, host: 'kms1.contoso.com' }],
  ['reg kms2 (port 1689)', regRenderer, plan, { ...NOW, host: 'kms2.fabrikam.com' }],
  ['reg manual kms1', regRenderer, manualPlan, { ...NOW, host: 'kms1.contoso.com' }],
  ['reg legacy kms1', regRenderer, plan, { ...NOW, host: 'kms1.contoso.com', legacy: true }],
  ['reg-client', regClientRenderer, plan, NOW],
];

describe.skipIf(hivexMissing())('generated .reg files imported with hivexregedit', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-hivex-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;

  /** A fresh hive holding the parent keys hivexregedit needs, then `regText` merged in. */
  function importIntoHive(regText: string): string {
    const id = counter++;
    const hive = path.join(dir, `h${id}.regf`);
    writeFileSync(hive, emptyHive());
    const parents = ['Microsoft', 'Microsoft\\Windows NT', 'Microsoft\\Windows NT\\CurrentVersion'];
    const parentFile = path.join(dir, `p${id}.reg`);
    writeFileSync(parentFile, writeReg({ keys: parents.map((p) => ({ path: `${PREFIX}\\${p}`, values: [] })) }));
    const file = path.join(dir, `f${id}.reg`);
    writeFileSync(file, regText);
    for (const f of [parentFile, file]) execFileSync(HIVEXREGEDIT!, ['--merge', hive, '--prefix', PREFIX, f], { stdio: 'pipe' });
    return hive;
  }

  function hivexget(hive: string, key: string, name: string): string {
    return execFileSync(HIVEXGET!, [hive, key, name], { encoding: 'utf8' });
  }

  function expectedOutput(value: RegValue): string {
    switch (value.type) {
      case 'REG_MULTI_SZ':
        // hivexget prints every NUL-separated piece, so the list's final empty string (the double NUL
        // terminator) shows as a last empty line: its presence checks the terminator too.
        return `${value.data.map((s) => `${s}\n`).join('')}\n`;
      case 'REG_DWORD':
      case 'REG_SZ':
        return `${value.data}\n`;
      default:
        throw new Error(`unexpected ${value.type}`);
    }
  }

  it.each(cases)('%s: every value reads back from the hive equal to the plan', (_label, renderer, p, context) => {
    const text = renderer.render(p, context).text;
    const [key] = readReg(text).keys;
    expect(key).toBeDefined();
    const hive = importIntoHive(text);
    const below = key!.path.slice(PREFIX.length + 1);
    expect(key!.values.length).toBeGreaterThan(0);
    for (const value of key!.values) expect(hivexget(hive, below, value.name)).toBe(expectedOutput(value));
  });

  it.each(cases)('%s: readReg reads hivexregedit --export back to the same values', (_label, renderer, p, context) => {
    const text = renderer.render(p, context).text;
    const [key] = readReg(text).keys;
    const hive = importIntoHive(text);
    const below = key!.path.slice(PREFIX.length + 1);
    const exported = execFileSync(HIVEXREGEDIT!, ['--export', '--prefix', PREFIX, hive, below], { encoding: 'utf8' });
    const back = readReg(exported).keys.find((k) => k.path.toLowerCase() === key!.path.toLowerCase());
    const byName = (a: RegValue, b: RegValue) => a.name.localeCompare(b.name);
    expect([...(back?.values ?? [])].sort(byName)).toEqual([...key!.values].sort(byName));
  });
});
