// The bundled CLI (scripts/bundle.mjs, what npm's bin runs and the single executables hold), bundled
// from the current source and copied alone into an empty folder: what the tsc build reads beside its
// modules (the JSON schemas, the demo's zones) must be inside the one file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../scripts/bundle.mjs';
import { VERSION } from '../../src/cli/version.js';
import { runAsync, type RanProgram } from '../helpers/run-async.js';

let dir = '';
let bundle = '';

function runBundle(args: string[]): Promise<RanProgram> {
  return runAsync(process.execPath, [bundle, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-bundle-'));
  ({ path: bundle } = await bundleCli(path.join(dir, 'kms-srv.cjs')));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the bundled CLI alone in a folder', () => {
  it('is one CommonJS file that answers --version', async () => {
    expect(readFileSync(bundle, 'utf8').startsWith('#!/usr/bin/env node\n"use strict";')).toBe(true);
    const r = await runBundle(['--version']);
    expect(r).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('validates a plan against the schema it carries', async () => {
    writeFileSync(path.join(dir, 'plan.json'), JSON.stringify({ hosts: [{ name: 'kms1.example.test', addresses: ['192.0.2.1'] }], colour: 'blue' }));
    const r = await runBundle(['generate', 'zone', '--plan', 'plan.json', '--domain', 'example.test']);
    expect(r.stderr).toContain('/colour: unknown field "colour"');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });

  it('validates a host cache against the schema it carries', async () => {
    writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ version: 1, hosts: { x: {} } }));
    const r = await runBundle(['discover', '--kms-host', '127.0.0.1:1', '--state', 'state.json', '--probe', 'none']);
    expect(r.stderr).toMatch(/state file state\.json is not a kms-srv host cache: .*\/hosts\/x must have required property/);
    expect(r.status).toBe(2);
    expect(JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8'))).toEqual({ version: 1, hosts: { x: {} } });
  });

  it('runs the demo on the zones it carries', async () => {
    const r = await runBundle(['demo']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/zone example\.test\., 10 records/);
    expect(r.stdout).toContain('[srv-target-no-address]');
    expect(r.status).toBe(0);
  }, 60_000);
});
