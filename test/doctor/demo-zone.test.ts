// zones/broken.test.zone, served by the in-process responder as `kms-srv serve` does: doctor finds
// exactly the mistakes its "; doctor:" comments name (probes off: which local ports are open varies).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startResponder, type RunningResponder } from '../../src/dns/responder.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { formatDoctorText } from '../../src/doctor/text.js';
import { parseZoneFile } from '../../src/zonefile/parse.js';

const ZONE = 'zones/broken.test.zone';

function marked(): string[] {
  const ids = [...readFileSync(ZONE, 'utf8').matchAll(/; doctor: ([a-z0-9-]+(?:, [a-z0-9-]+)*)\s*$/gm)].flatMap((m) => m[1]!.split(', '));
  return [...new Set(ids)].sort();
}

describe('doctor on the bundled broken demo zone', () => {
  let responder: RunningResponder;
  beforeAll(async () => {
    responder = await startResponder({ zones: await parseZoneFile(ZONE) });
  });
  afterAll(async () => {
    await responder?.stop();
  });

  it('reports exactly the marked mistakes, and exit 1', async () => {
    const result = await runDoctor({ domains: ['broken.test'], servers: [responder.address], authoritative: [responder.address], probe: 'none', timeoutMs: 1000, attempts: 1 });
    expect(marked().length).toBeGreaterThanOrEqual(5);
    expect([...new Set(result.report.findings.map((f) => f.id))].sort()).toEqual(marked());
    expect(result.exitCode).toBe(1);
    expect(formatDoctorText(result)).toContain('kms1.broken.test.broken.test.');
    // Counts in words: the SRV set as the recursive server and as the authoritative one answered it.
    const records = result.report.facts.domains[0]!.records.length;
    expect(records).toBeGreaterThan(1);
    const text = formatDoctorText(result);
    expect(text).toContain(`NOERROR, ${records} SRV records from ${responder.address}`);
    expect(text).toContain(`${responder.address}: NOERROR, ${records} SRV records`);
    expect(text).not.toContain('(s)');
  });
});
