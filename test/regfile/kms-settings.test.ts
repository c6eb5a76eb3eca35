import { describe, expect, it } from 'vitest';
import { parsePublishEntry, readKmsClientSettings, SL_KEY, SPP_KEY } from '../../src/regfile/kms-settings.js';
import { writeReg } from '../../src/regfile/write.js';
import type { RegKey } from '../../src/regfile/types.js';

const APP = '55c92734-d682-4d71-983e-d6ec3f16059f';
const SKU = 'ae2ee509-1b34-41c0-acb7-6d4650168915';

function settingsOf(keys: RegKey[]) {
  return readKmsClientSettings(writeReg({ keys }));
}

describe('readKmsClientSettings', () => {
  it('reads the client and host values of the SoftwareProtectionPlatform key', () => {
    const s = settingsOf([
      {
        path: SPP_KEY,
        values: [
          { name: 'KeyManagementServiceName', type: 'REG_SZ', data: 'kms1.contoso.com' },
          { name: 'KeyManagementServicePort', type: 'REG_SZ', data: '1689' },
          { name: 'KeyManagementServiceLookupDomain', type: 'REG_SZ', data: 'contoso.com' },
          { name: 'DisableKeyManagementServiceHostCaching', type: 'REG_DWORD', data: 1 },
          { name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: ['contoso.com, 10, 20', 'fabrikam.com'] },
          { name: 'DisableDnsPublishing', type: 'REG_DWORD', data: 0 },
          { name: 'EnableKmsLowPriority', type: 'REG_DWORD', data: 1 },
          { name: 'VLActivationInterval', type: 'REG_DWORD', data: 60 },
          { name: 'VLRenewalInterval', type: 'REG_DWORD', data: 10080 },
        ],
      },
    ]);
    expect(s).toEqual({
      legacyKey: false,
      keyManagementServiceName: 'kms1.contoso.com',
      keyManagementServicePort: 1689,
      lookupDomain: 'contoso.com',
      hostCachingDisabled: true,
      dnsDomainPublishList: [
        { entry: 'contoso.com, 10, 20', domain: 'contoso.com', priority: 10, weight: 20 },
        { entry: 'fabrikam.com', domain: 'fabrikam.com', priority: 0, weight: 0 },
      ],
      disableDnsPublishing: false,
      enableKmsLowPriority: true,
      activationInterval: 60,
      renewalInterval: 10080,
      pinned: [],
      problems: [],
    });
  });

  it('lists per-SKU settings before per-AppID ones and applies deletions in file order', () => {
    const s = settingsOf([
      { path: `${SPP_KEY}\\${APP}`, values: [{ name: 'KeyManagementServiceName', type: 'REG_SZ', data: 'app.contoso.com' }] },
      { path: `${SPP_KEY}\\${APP}\\${SKU}`, values: [{ name: 'KeyManagementServiceName', type: 'REG_SZ', data: 'sku.contoso.com' }] },
      { path: SPP_KEY, values: [{ name: 'KeyManagementServiceName', type: 'REG_SZ', data: 'old' }] },
      { path: SPP_KEY.toUpperCase(), values: [{ name: 'keymanagementservicename', type: 'DELETE' }] },
    ]);
    expect(s.keyManagementServiceName).toBeUndefined();
    expect(s.pinned).toEqual([
      { appId: APP, skuId: SKU, keyManagementServiceName: 'sku.contoso.com' },
      { appId: APP, keyManagementServiceName: 'app.contoso.com' },
    ]);
  });

  it('drops a deleted subtree', () => {
    const s = settingsOf([
      { path: `${SPP_KEY}\\${APP}`, values: [{ name: 'KeyManagementServiceName', type: 'REG_SZ', data: 'app.contoso.com' }] },
      { path: `${SPP_KEY}\\${APP}`, delete: true, values: [] },
    ]);
    expect(s.pinned).toEqual([]);
  });

  it('reads Vista\'s SL key when SoftwareProtectionPlatform is absent', () => {
    const s = settingsOf([{ path: SL_KEY, values: [{ name: 'DnsDomainPublishList', type: 'REG_MULTI_SZ', data: ['contoso.com'] }] }]);
    expect(s.legacyKey).toBe(true);
    expect(s.dnsDomainPublishList?.map((e) => e.domain)).toEqual(['contoso.com']);
  });

  it('reports values of the wrong type or form instead of guessing', () => {
    const s = settingsOf([
      {
        path: SPP_KEY,
        values: [
          { name: 'KeyManagementServicePort', type: 'REG_SZ', data: 'http' },
          { name: 'DisableDnsPublishing', type: 'REG_SZ', data: '1' },
          { name: 'DnsDomainPublishList', type: 'REG_SZ', data: 'contoso.com' },
        ],
      },
    ]);
    expect(s.problems).toEqual([
      'SoftwareProtectionPlatform\\KeyManagementServicePort is "http", not a port number 1-65535',
      'SoftwareProtectionPlatform\\DisableDnsPublishing is REG_SZ, not REG_DWORD',
      'SoftwareProtectionPlatform\\DnsDomainPublishList is REG_SZ, not REG_MULTI_SZ',
    ]);
    expect(s.keyManagementServicePort).toBeUndefined();
  });

  it.each([
    ['contoso.com', 'contoso.com', 0, 0],
    ['contoso.com,5', 'contoso.com', 5, 0],
    [' contoso.com , 5 , 7 ', 'contoso.com', 5, 7],
    ['contoso.com, x, 7', 'contoso.com', 0, 7],
  ])('parses the publish entry %j', (entry, domain, priority, weight) => {
    expect(parsePublishEntry(entry)).toEqual({ entry, domain, priority, weight });
  });
});
