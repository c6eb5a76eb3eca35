// Every file reader under 100,000 seeded mutations of a valid file each: zone files, plans in JSON and
// YAML, .reg files, audit domain lists, host-cache files. Each input ends accepted or refused with the
// reader's typed error; nothing else escapes (`npm run fuzz` runs 1,000,000 each).
import { describe, expect, it } from 'vitest';
import { FILE_READERS, fuzzFileReader, mutateText } from '../../src/cli/fuzz-files.js';
import { mulberry32 } from '../../src/dns/fuzz.js';

describe('file readers under mutation', () => {
  it.each(FILE_READERS)('%s: 100,000 mutations, zero escapes, both outcomes reached', async (reader) => {
    const stats = await fuzzFileReader(reader, 100_000, 21);
    expect(stats.firstEscape).toBeUndefined();
    expect(stats.escaped).toBe(0);
    expect(stats.accepted + stats.refused).toBe(100_000);
    // The seed itself is valid and most mutations break it: both branches of every reader are reached.
    expect(stats.accepted).toBeGreaterThan(0);
    expect(stats.refused).toBeGreaterThan(0);
    // The YAML plan reader costs about 0.4 ms an input on an idle machine (40 s for 100,000); the bound
    // leaves room for a machine several times busier without letting a hang go unnoticed.
  }, 900_000);

  it('mutations are reproducible from the seed and bounded in size', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    const text = 'x'.repeat(1000);
    for (let i = 0; i < 1000; i++) {
      const one = mutateText(text, a);
      expect(one).toBe(mutateText(text, b));
      expect(one.length).toBeLessThanOrEqual(64 * 1024);
    }
  });
});
