// The AVMA data module against Microsoft's AVMA table, restated here cell by cell, and `avma check`
// over every host/guest pair.
import { describe, expect, it } from 'vitest';
import {
  AVMA_EDITIONS, AVMA_MATRIX, AVMA_NOTIFICATIONS, AVMA_RELEASES, AVMA_VERSIONS, avmaKey, checkAvma, parseAvmaEdition,
  parseAvmaVersion, parseNotification, type AvmaEdition, type AvmaVersion,
} from '../../src/knowledge/avma.js';
import { KmsSrvError } from '../../src/util/errors.js';

/** The AVMA keys, one row per version: datacenter, azure, standard, essentials (null = no key). */
const KEY_TABLE: Array<[string, string | null, string | null, string | null, string | null]> = [
  ['2025', 'YQB4H-NKHHJ-Q6K4R-4VMY6-VCH67', '6NMQ9-T38WF-6MFGM-QYGYM-88J4F', 'WWVGQ-PNHV9-B89P4-8GGM9-9HPQ4', null],
  ['2022', 'W3GNR-8DDXR-2TFRP-H8P33-DV9BG', 'F7TB6-YKN8Y-FCC6R-KQ484-VMK3J', 'YDFWN-MJ9JR-3DYRK-FXXRW-78VHK', null],
  ['2019', 'H3RNG-8C32Q-Q8FRX-6TDXV-WMBMW', null, 'TNK62-RXVTB-4P47B-2D623-4GF74', '2CTP7-NHT64-BP62M-FV6GG-HFV28'],
  ['1909', 'H3RNG-8C32Q-Q8FRX-6TDXV-WMBMW', null, 'TNK62-RXVTB-4P47B-2D623-4GF74', null],
  ['1903', 'H3RNG-8C32Q-Q8FRX-6TDXV-WMBMW', null, 'TNK62-RXVTB-4P47B-2D623-4GF74', null],
  ['1809', 'H3RNG-8C32Q-Q8FRX-6TDXV-WMBMW', null, 'TNK62-RXVTB-4P47B-2D623-4GF74', null],
  ['1803', 'TMJ3Y-NTRTM-FJYXT-T22BY-CWG3J', null, 'C3RCX-M6NRP-6CXC9-TW2F2-4RHYD', null],
  ['1709', 'TMJ3Y-NTRTM-FJYXT-T22BY-CWG3J', null, 'C3RCX-M6NRP-6CXC9-TW2F2-4RHYD', null],
  ['2016', 'TMJ3Y-NTRTM-FJYXT-T22BY-CWG3J', null, 'C3RCX-M6NRP-6CXC9-TW2F2-4RHYD', 'B4YNW-62DX9-W8V6M-82649-MHBKQ'],
  ['2012r2', 'Y4TGP-NPTV9-HTC2H-7MGQ3-DV4TW', null, 'DBGBW-NPF86-BJVTX-K3WKJ-MTB6V', 'K2XGM-NMBT3-2R6Q8-WF2FK-P36R2'],
];
const COLUMNS: AvmaEdition[] = ['datacenter', 'azure', 'standard', 'essentials'];
const KEY_CELLS = KEY_TABLE.flatMap(([version, ...keys]) => COLUMNS.map((edition, i) => [version, edition, keys[i] ?? null] as const));

/** Host → guests, as Microsoft's AVMA table lists them. */
const MATRIX_TEXT = '2025 → 2025, 2022, 2019, 2016, 2012 R2; 2022 → 2022, 2019, 2016, 2012 R2; 2019 → 2019, 2016, 2012 R2; 2016 → 2016, 2012 R2; 2012 R2 → 2012 R2';

function parseMatrix(text: string): Map<string, string[]> {
  const norm = (v: string) => v.trim().replace(' R2', 'r2');
  return new Map(text.split(';').map((row) => {
    const [host, guests] = row.split('→');
    return [norm(host!), guests!.split(',').map(norm)];
  }));
}

/** Semi-Annual Channel guests are judged as the release whose keys they share (the module's stated assumption). */
const SAC_AS: Record<string, string> = { '1709': '2016', '1803': '2016', '1809': '2019', '1903': '2019', '1909': '2019' };

describe('AVMA data against the table restated here', () => {
  it('has the host → guest matrix, cell by cell', () => {
    const matrix = parseMatrix(MATRIX_TEXT);
    expect([...matrix.keys()].sort()).toEqual([...AVMA_RELEASES].sort());
    for (const host of AVMA_RELEASES) {
      for (const guest of AVMA_RELEASES) {
        expect(AVMA_MATRIX[host].includes(guest), `${host} → ${guest}`).toBe(matrix.get(host)!.includes(guest));
      }
    }
  });

  it.each(KEY_CELLS)('key %s %s is %s', (version, edition, key) => {
    expect(avmaKey(version as AvmaVersion, edition) ?? null).toBe(key);
  });

  it('covers every version and edition in the table', () => {
    expect(KEY_TABLE.map(([v]) => v).sort()).toEqual([...AVMA_VERSIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...AVMA_EDITIONS].sort());
  });

  it('has the four 12309 notifications', () => {
    const names = ['AVMA Success', 'Invalid Host', 'Invalid Data', 'Activation Denied'];
    expect(AVMA_NOTIFICATIONS.map((n) => n.name)).toEqual(names);
    for (const n of names) expect(parseNotification(n.toLowerCase()).name).toBe(n);
    expect(parseNotification('invalid-data').name).toBe('Invalid Data');
    expect(() => parseNotification('Maybe')).toThrow(KmsSrvError);
  });
});

describe('parsing versions and editions', () => {
  it.each([
    ['2012 R2', '2012r2'], ['2012r2', '2012r2'], ['2012-R2', '2012r2'], ['Windows Server 2019', '2019'], ['ws2022', '2022'],
    ['version 1809', '1809'], ['1709', '1709'], ['2025', '2025'],
  ])('%s → %s', (text, version) => {
    expect(parseAvmaVersion(text)).toBe(version);
  });

  it.each([
    ['Datacenter', 'datacenter'], ['standard', 'standard'], ['Essentials', 'essentials'], ['azure', 'azure'],
    ['Datacenter: Azure Edition', 'azure'], ['ServerDatacenter', 'datacenter'],
  ])('%s → %s', (text, edition) => {
    expect(parseAvmaEdition(text)).toBe(edition);
  });

  it.each([['2008', parseAvmaVersion], ['2012', parseAvmaVersion], ['enterprise', parseAvmaEdition]])('rejects %s with a usage error naming the choices', (text, parse) => {
    const error = (() => { try { parse(text); } catch (e) { return e; } })() as KmsSrvError;
    expect(error).toBeInstanceOf(KmsSrvError);
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain(text);
  });
});

const PAIRS = AVMA_VERSIONS.flatMap((host) => AVMA_VERSIONS.map((guest) => [host, guest] as const));

describe('checkAvma over every host/guest pair', () => {
  const matrix = parseMatrix(MATRIX_TEXT);
  const expectedSupported = (host: string, guest: string) => matrix.get(host)?.includes(SAC_AS[guest] ?? guest) ?? false;

  it.each(PAIRS)('host %s, guest %s', (host, guest) => {
    const supported = expectedSupported(host, guest);
    const verdict = checkAvma(host, guest);
    expect(verdict.supported).toBe(supported);
    expect(verdict.key).toBeNull();
    expect(verdict.reason.length).toBeGreaterThan(20);
    for (const [version, edition, key] of KEY_CELLS.filter(([v]) => v === guest)) {
      const withEdition = checkAvma(host, version as AvmaVersion, edition);
      expect(withEdition.supported).toBe(supported && key !== null);
      expect(withEdition.key).toBe(supported ? key : null);
      if (withEdition.supported) expect(withEdition.steps.join('\n')).toContain(`slmgr /ipk ${key}`);
    }
  });

  it('gives the activation steps for a supported pair', () => {
    const steps = checkAvma('2022', '2019', 'datacenter').steps.join('\n');
    for (const part of ['Datacenter', 'Hyper-V', 'activated', 'cluster', 'Data Exchange', 'DISM /online /Get-CurrentEdition',
      '/Get-TargetEditions', '/Set-Edition', 'slmgr /ipk H3RNG-8C32Q-Q8FRX-6TDXV-WMBMW', 'slmgr /dlv']) {
      expect(steps).toContain(part);
    }
  });

  it.each<[AvmaEdition | undefined, string]>([
    ['datacenter', '/Set-Edition:ServerDatacenter '],
    ['standard', '/Set-Edition:ServerStandard '],
    ['essentials', '/Set-Edition:<edition ID as /Get-TargetEditions lists it> '],
    ['azure', '/Set-Edition:<edition ID as /Get-TargetEditions lists it> '],
    [undefined, '/Set-Edition:<edition ID as /Get-TargetEditions lists it> '],
  ])('the DISM step for %s names a real edition ID or a placeholder: %s', (edition, expected) => {
    const guest: AvmaVersion = edition === 'essentials' ? '2019' : '2022';
    const steps = checkAvma('2025', guest, edition).steps;
    expect(steps.filter((s) => s.includes('/Set-Edition:'))).toEqual([expect.stringContaining(expected)]);
  });

  it('names the guest versions a host does activate in one readable list', () => {
    expect(checkAvma('2019', '2022').reason).toContain('activates only Windows Server 2019, 2016 and 2012 R2 guests, not Windows Server 2022');
    expect(checkAvma('2012r2', '2016').reason).toContain('activates only Windows Server 2012 R2 guests, not Windows Server 2016');
  });
});
