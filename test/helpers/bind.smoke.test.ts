import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindMissing, runTool, startBind, type BindServer } from './bind.js';

describe.skipIf(bindMissing())('BIND test harness', () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBind({ zones: [{ name: 'example.test', text: readFileSync('zones/example.test.zone', 'utf8') }] });
  });
  afterAll(async () => bind?.stop());

  it('serves the example zone on a free loopback port', () => {
    const r = runTool('dig', ['+short', '-p', String(bind.port), '@127.0.0.1', '_vlmcs._tcp.example.test', 'SRV']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      '0 40 1688 kms2.example.test.',
      '0 60 1688 kms1.example.test.',
      '10 0 1688 kms3.example.test.',
    ]);
  });
});
