import { describe, expect, it } from 'vitest';
import { KmsSrvError } from '../../src/util/errors.js';
import { TSIG_ALGORITHMS, loadTsigKeys, parseTsigKeys, selectTsigKey, type TsigAlgorithm } from '../../src/update/tsig-key.js';
import { bindMissing, runTool } from '../helpers/bind.js';

function errorOf(fn: () => unknown): KmsSrvError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KmsSrvError) return error;
    throw error;
  }
  throw new Error('expected a KmsSrvError');
}

describe.skipIf(bindMissing('tsig-keygen'))('key files written by the real tsig-keygen', () => {
  it.each(Object.keys(TSIG_ALGORITHMS) as TsigAlgorithm[])('reads a %s key', (alg) => {
    const r = runTool('tsig-keygen', ['-a', alg, `Key-${alg}.Example`]);
    expect(r.status, r.stderr).toBe(0);
    const secret = /secret "([^"]+)"/.exec(r.stdout)?.[1];
    const [key, ...rest] = parseTsigKeys(r.stdout);
    expect(rest).toEqual([]);
    expect(key?.name).toBe(`key-${alg}.example`);
    expect(key?.algorithm).toBe(alg);
    expect(key?.secret.toString('base64')).toBe(secret);
  });
});

describe('parseTsigKeys', () => {
  it('reads several keys with every comment style', () => {
    const text = [
      '# a hash comment',
      'key "one" { // trailing comment',
      '  algorithm HMAC-SHA512; /* block',
      '  comment */ secret "AAEC";',
      '};',
      'key two. { algorithm hmac-md5; secret "/w==";};',
    ].join('\n');
    expect(parseTsigKeys(text).map((k) => [k.name, k.algorithm, [...k.secret]])).toEqual([
      ['one', 'hmac-sha512', [0, 1, 2]],
      ['two', 'hmac-md5', [255]],
    ]);
  });

  it.each([
    ['', 1, 'no key clause found'],
    ['options { };', 1, 'expected a "key" clause, found "options"'],
    ['key "k" {\n algorithm hmac-sha256;\n secret "AAAA"\n};', 4, 'expected ";", found "}"'],
    ['key "k" {\n algorithm hmac-sha999;\n secret "AAAA";\n};', 2, 'algorithm "hmac-sha999" is not supported'],
    ['key "k" {\n algorithm hmac-sha256;\n secret "not base64!";\n};', 3, 'secret is not valid base64'],
    ['key "k" {\n algorithm hmac-sha256;\n};', 1, 'key "k" has no secret'],
    ['key "k" {\n secret "AAAA";\n};', 1, 'key "k" has no algorithm'],
    ['key "k" {\n algorithm hmac-sha256;\n secret "AAAA";\n keyid 3;\n};', 4, 'unknown statement "keyid"'],
    ['key "k" { algorithm hmac-sha256; secret "AAAA"; };\nkey "K" { algorithm hmac-sha1; secret "AAAA"; };', 2, 'key "k" is defined twice'],
    ['\n/* never closed\nkey "k" {', 2, 'comment opened with /* is never closed'],
    ['key "k\n" {};', 1, 'quoted string is not closed on the same line'],
    ['key "bad name" { algorithm hmac-sha256; secret "AAAA"; };', 1, 'is not a valid DNS name'],
    ['key "k" {\n algorithm hmac-sha256;\n secret "AAAA";\n}', 4, 'unexpected end of file, expected ";"'],
  ])('rejects %j at line %i', (text, line, message) => {
    const error = errorOf(() => parseTsigKeys(text, 'k.key'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain(`k.key:${line}: `);
    expect(error.message).toContain(message);
  });
});

describe('selectTsigKey', () => {
  const keys = parseTsigKeys('key a { algorithm hmac-sha256; secret "AAAA"; }; key b { algorithm hmac-sha1; secret "AAAA"; };');

  it.each([
    ['B.', 'b'],
    ['a', 'a'],
  ])('finds %s', (wanted, name) => {
    expect(selectTsigKey(keys, wanted).name).toBe(name);
  });

  it('takes the only key when none is named', () => {
    expect(selectTsigKey(keys.slice(1), undefined).name).toBe('b');
  });

  it.each([
    [undefined, 'holds several keys (a, b)'],
    ['c', 'key "c" named by the plan is not in the key file (it holds: a, b)'],
  ])('refuses %s', (wanted, message) => {
    const error = errorOf(() => selectTsigKey(keys, wanted));
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain(message);
  });
});

describe('loadTsigKeys', () => {
  it('an unreadable key file is FILE_READ, naming the file and why in words', async () => {
    const file = 'test/fixtures/no-such-dir/tsig.key';
    await expect(loadTsigKeys(file)).rejects.toMatchObject({ code: 'FILE_READ', message: `cannot read key file ${file}: no such file`, details: { file } });
  });
});
