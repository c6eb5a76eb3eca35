import { describe, expect, it } from 'vitest';
import { canonicalName, canonicalSortKey, compareNames, isAtOrBelow, normaliseName, sameName } from '../../src/names/canonical.js';
import { seededRng } from '../../src/util/random.js';
import { VLMCS_PREFIX_OCTETS, vlmcsOwner } from '../../src/names/kms-service.js';

describe('compareNames', () => {
  // The example order of RFC 4034 §6.1.
  const ordered = ['example.', 'a.example.', 'yljkjljk.a.example.', 'Z.a.example.', 'zABC.a.EXAMPLE.', 'z.example.', '\\001.z.example.', '*.z.example.', '\\200.z.example.'];

  it('sorts the RFC 4034 §6.1 example into its order', () => {
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareNames)).toEqual(ordered);
  });

  it('ignores case and the root sorts first', () => {
    expect(compareNames('KMS1.contoso.com.', 'kms1.CONTOSO.com.')).toBe(0);
    expect(compareNames('.', 'com.')).toBeLessThan(0);
  });

  it('orders parents before children, label by label from the right', () => {
    expect(['b.a.test', 'a.test', 'z.test', 'c.a.test'].sort(compareNames)).toEqual(['a.test', 'b.a.test', 'c.a.test', 'z.test']);
  });
});

describe('canonical form', () => {
  it('folds ASCII case and writes one trailing dot', () => {
    expect(canonicalName('KMS1.Contoso.COM')).toBe('kms1.contoso.com.');
    expect(canonicalName('kms1.contoso.com.')).toBe('kms1.contoso.com.');
    expect(canonicalName('')).toBe('.');
    expect(normaliseName('KMS1.Contoso.COM.')).toBe('kms1.contoso.com');
  });

  it('sameName ignores case and the trailing dot, not the labels', () => {
    expect(sameName('KMS1.contoso.com', 'kms1.CONTOSO.com.')).toBe(true);
    expect(sameName('a\\.b.test.', 'a.b.test.')).toBe(false);
  });

  it('isAtOrBelow compares whole labels', () => {
    expect(isAtOrBelow('kms1.Contoso.com.', 'contoso.com.')).toBe(true);
    expect(isAtOrBelow('kms1.notcontoso.com.', 'contoso.com.')).toBe(false);
    // `a\.contoso` is one label: an escaped dot does not make the name one below contoso.com.
    expect(isAtOrBelow('a\\.contoso.com.', 'contoso.com.')).toBe(false);
    expect(isAtOrBelow('x.a\\.b.test.', 'a\\.b.test.')).toBe(true);
    expect(isAtOrBelow('anything.', '.')).toBe(true);
  });

  it('isAtOrBelow without escapes (a suffix test on the text) agrees with the label test of the sort keys', () => {
    // Names from few labels, mixed case, with and without the final dot, so that many pairs are related.
    const rng = seededRng(14);
    const labels = ['a', 'A', 'ab', 'b', 'kms', 'Kms', 'x-1', ''];
    const name = () => {
      const parts = Array.from({ length: 1 + rng.int(4) }, () => labels[rng.int(labels.length)] as string);
      return `${parts.join('.')}${rng.int(2) === 0 ? '.' : ''}`;
    };
    let below = 0;
    for (let i = 0; i < 20_000; i++) {
      const [n, z] = [name(), name()];
      const [kn, kz] = [canonicalSortKey(n), canonicalSortKey(z)];
      const expected = kz === '' || kn === kz || kn.startsWith(`${kz}\0`);
      expect(isAtOrBelow(n, z), `${JSON.stringify(n)} under ${JSON.stringify(z)}`).toBe(expected);
      if (expected) below++;
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(below).toBeGreaterThan(1_000);
    expect(below).toBeLessThan(19_000);
  });
});

describe('vlmcsOwner', () => {
  it('puts the KMS service labels in front of the domain', () => {
    expect(vlmcsOwner('contoso.com')).toBe('_vlmcs._tcp.contoso.com');
    expect(vlmcsOwner('contoso.com.')).toBe('_vlmcs._tcp.contoso.com.');
    expect(vlmcsOwner('.')).toBe('_vlmcs._tcp.');
    expect(VLMCS_PREFIX_OCTETS).toBe('_vlmcs._tcp.'.length);
  });
});
