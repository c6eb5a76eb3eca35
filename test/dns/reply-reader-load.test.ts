// The reply reader reads its type codes from the one type table when it loads. Imported inside the test,
// so a table that lacks one of them fails this test instead of the file's collection.
import { describe, expect, it } from 'vitest';

describe('reply-reader at load', () => {
  it('has the type codes of RFC 1035 (A 1, NS 2, SOA 6), RFC 3596 (AAAA 28), RFC 2782 (SRV 33), RFC 6891 (OPT 41)', async () => {
    const reader = await import('../../src/dns/reply-reader.js');
    expect([reader.TYPE_A, reader.TYPE_NS, reader.TYPE_SOA, reader.TYPE_AAAA, reader.TYPE_SRV, reader.TYPE_OPT]).toEqual([1, 2, 6, 28, 33, 41]);
  });
});
