import { describe, expect, it } from 'vitest';
import { parseZoneText } from '../../src/zonefile/index.js';

const HEAD = '$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 300\n';

describe('parseZoneText basics', () => {
  it('reads the bundled example shape', () => {
    const zone = parseZoneText(`${HEAD}_vlmcs._tcp IN SRV 0 0 1688 kms1\n`, { origin: 'contoso.com' });
    const srv = zone.records[1];
    expect(srv?.owner).toBe('_vlmcs._tcp.contoso.com.');
    expect(srv?.data).toEqual({ type: 'SRV', priority: 0, weight: 0, port: 1688, target: 'kms1.contoso.com.' });
    expect(srv?.relativeNames).toEqual(['owner', 'target']);
  });
});
