// The demo (`npm start`) end to end, in-process: it must show a failover and the host cache at work.
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

describe('kms-srv demo discovery step', () => {
  it('fails over past the dead host and then answers from the host cache', async () => {
    const io = memoryIo();
    const code = await run(['demo'], io);
    const out = io.out();
    const [first, second] = out.split('-- Second run').map((part) => part.slice(part.indexOf('First run') >= 0 ? part.indexOf('First run') : 0));
    expect(first).toMatch(/1\.\s+kms1\.lab\.test:\d+\s+127\.0\.0\.1\s+failed: connection refused/);
    expect(first).toMatch(/2\.\s+kms2\.lab\.test:\d+\s+127\.0\.0\.1\s+answered/);
    expect(first).toMatch(/Selected: kms2\.lab\.test:\d+ at 127\.0\.0\.1 \(from DNS; now cached\)/);
    expect(second).toMatch(/Selected: kms2\.lab\.test:\d+ at 127\.0\.0\.1 \(from the host cache\)/);
    expect(second).not.toContain('DNS lookups');
    expect(io.err()).toBe('');
    expect(code).toBe(0);
  });
});

describe('kms-srv demo doctor step', () => {
  it('ends with findings and fixes for the bundled broken zone', async () => {
    const io = memoryIo();
    await run(['demo'], io);
    const doctorPart = io.out().slice(io.out().indexOf('Diagnose zones/broken.test.zone'));
    for (const id of ['srv-target-relative', 'srv-target-no-address', 'weight-zero-starved', 'port-nonstandard']) {
      expect(doctorPart).toContain(`[${id}]`);
    }
    expect(doctorPart).toMatch(/fix: /);
    expect(doctorPart).toMatch(/A Windows client would show: 0x[0-9A-F]{8}/);
  });
});
