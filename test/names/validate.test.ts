import { describe, expect, it } from 'vitest';
import { nameProblem } from '../../src/names/validate.js';

describe('nameProblem', () => {
  it.each([
    ['kms1.example.test', 'host'],
    ['kms1.example.test.', 'host'],
    ['KMS-1.Example.Test', 'host'],
    [`${'a'.repeat(63)}.example.test`, 'host'],
    ['_msdcs.example.test', 'domain'],
    ['test', 'domain'],
    ['xn--bcher-kva.example', 'domain'],
  ] as const)('accepts %s as %s', (name, kind) => {
    expect(nameProblem(name, kind)).toBeUndefined();
  });

  it.each([
    ['kms_1.example.test', 'host', /underscores are not allowed in host names/],
    ['kms1', 'host', /not fully qualified/],
    ['a..b', 'domain', /empty label/],
    ['.a.b', 'domain', /empty label/],
    [`${'a'.repeat(64)}.test`, 'domain', /label of 64 octets/],
    ['-a.test', 'domain', /starts or ends with a hyphen/],
    ['a-.test', 'domain', /starts or ends with a hyphen/],
    ['a\nb.test', 'domain', /control character \(U\+000A\)/],
    ['a b.test', 'domain', /whitespace \(U\+0020\)/],
    ['a"b.test', 'domain', /double quote/],
    ["a'b.test", 'domain', /single quote/],
    ['a;b.test', 'domain', /semicolon/],
    ['a(b.test', 'domain', /parenthesis/],
    ['a\\b.test', 'domain', /backslash/],
    ['$ORIGIN.test', 'domain', /dollar sign/],
    ['bücher.test', 'domain', /xn--/],
    ['a*b.test', 'domain', /"\*" is not allowed/],
    ['192.0.2.1', 'host', /IP address/],
    ['', 'domain', /empty/],
  ] as const)('rejects %j as %s', (name, kind, why) => {
    expect(nameProblem(name, kind)).toMatch(why);
  });

  it('counts the 253-octet limit without the trailing dot, less what a prefix needs', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name).toHaveLength(253);
    expect(nameProblem(name, 'domain')).toBeUndefined();
    expect(nameProblem(`${name}.`, 'domain')).toBeUndefined();
    expect(nameProblem(`x.${name}`, 'domain')).toMatch(/255 octets long; the limit is 253/);
    expect(nameProblem(name, 'domain', 12)).toMatch(/limit is 241/);
  });

  /** A name of exactly `octets` octets (without the trailing dot): three 63-octet labels and the rest. */
  const nameOf = (octets: number) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(octets - 3 * 64)}`;

  it.each([
    [241, 12, undefined],
    [242, 12, 'is 242 octets long; the limit is 241 (253 less the 12 of "_vlmcs._tcp.")'],
    [253, 0, undefined],
    [254, 0, 'is 254 octets long; the limit is 253'],
    [255, 0, 'is 255 octets long; the limit is 253'],
  ])('a name of %i octets with %i reserved: %s', (octets, reserve, problem) => {
    const name = nameOf(octets);
    expect(name).toHaveLength(octets);
    expect(nameProblem(name, 'domain', reserve)).toBe(problem);
    expect(nameProblem(`${name}.`, 'domain', reserve)).toBe(problem);
  });
});
