// Reads BIND key files as `tsig-keygen` writes them:
//   key "name" { algorithm hmac-sha256; secret "base64"; };
// Several keys per file are allowed; comments may be `//`, `#` or `/* */` (named.conf syntax).
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { KIB, readInputText, type InputLimits } from '../util/input-file.js';

/** HMAC algorithms of RFC 8945 §6 that Node's crypto can compute. */
export const TSIG_ALGORITHMS = {
  'hmac-md5': { wireName: 'hmac-md5.sig-alg.reg.int.', digest: 'md5', macLength: 16 },
  'hmac-sha1': { wireName: 'hmac-sha1.', digest: 'sha1', macLength: 20 },
  'hmac-sha224': { wireName: 'hmac-sha224.', digest: 'sha224', macLength: 28 },
  'hmac-sha256': { wireName: 'hmac-sha256.', digest: 'sha256', macLength: 32 },
  'hmac-sha384': { wireName: 'hmac-sha384.', digest: 'sha384', macLength: 48 },
  'hmac-sha512': { wireName: 'hmac-sha512.', digest: 'sha512', macLength: 64 },
} as const;

export type TsigAlgorithm = keyof typeof TSIG_ALGORITHMS;

export interface TsigKey {
  /** Key name, lower case, without trailing dot. */
  name: string;
  algorithm: TsigAlgorithm;
  secret: Buffer;
}

interface Token {
  text: string;
  quoted: boolean;
  line: number;
}

/** A key name as `TsigKey.name` holds it: lower case, without the trailing dot. */
function keyName(text: string): string {
  return text.toLowerCase().replace(/\.$/, '');
}

function syntaxError(file: string, line: number, what: string): KmsSrvError {
  return new KmsSrvError('INPUT_INVALID', `${file}:${line}: ${what}`, { details: { file, line } });
}

/** Splits key-file text into words, quoted strings and the punctuation `{ } ;`, dropping comments. */
function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\n') {
      line++;
      i++;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#' || text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw syntaxError(file, line, 'comment opened with /* is never closed');
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end + 2;
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) throw syntaxError(file, line, 'quoted string is not closed on the same line');
      tokens.push({ text: text.slice(i + 1, end), quoted: true, line });
      i = end + 1;
    } else if (ch === '{' || ch === '}' || ch === ';') {
      tokens.push({ text: ch, quoted: false, line });
      i++;
    } else {
      let j = i;
      while (j < text.length && !/[\s{};"#]/.test(text[j] as string) && !text.startsWith('//', j) && !text.startsWith('/*', j)) j++;
      tokens.push({ text: text.slice(i, j), quoted: false, line });
      i = j;
    }
  }
  return tokens;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses every `key` clause of a BIND key file. `file` only names the source in messages. */
export function parseTsigKeys(text: string, file = 'key file'): TsigKey[] {
  const tokens = tokenize(text, file);
  const keys: TsigKey[] = [];
  let pos = 0;
  const lastLine = (): number => tokens[tokens.length - 1]?.line ?? 1;
  const next = (expected: string): Token => {
    const tok = tokens[pos++];
    if (!tok) throw syntaxError(file, lastLine(), `unexpected end of file, expected ${expected}`);
    return tok;
  };
  const expectPunct = (p: string): void => {
    const tok = next(`"${p}"`);
    if (tok.quoted || tok.text !== p) throw syntaxError(file, tok.line, `expected "${p}", found "${excerpt(tok.text)}"`);
  };

  while (pos < tokens.length) {
    const kw = next('"key"');
    if (kw.quoted || kw.text !== 'key') throw syntaxError(file, kw.line, `expected a "key" clause, found "${excerpt(kw.text)}"`);
    const nameTok = next('a key name');
    if (!nameTok.quoted && /^[{};]$/.test(nameTok.text)) throw syntaxError(file, nameTok.line, 'key name missing after "key"');
    const name = keyName(nameTok.text);
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) {
      throw syntaxError(file, nameTok.line, `key name "${excerpt(nameTok.text)}" is not a valid DNS name`);
    }
    expectPunct('{');
    let algorithm: TsigAlgorithm | undefined;
    let secret: Buffer | undefined;
    for (;;) {
      const stmt = next('"algorithm", "secret" or "}"');
      if (!stmt.quoted && stmt.text === '}') break;
      const value = next(`a value after "${excerpt(stmt.text)}"`);
      if (stmt.text === 'algorithm') {
        const alg = value.text.toLowerCase();
        if (!(alg in TSIG_ALGORITHMS)) {
          throw syntaxError(file, value.line, `key "${excerpt(name)}": algorithm "${excerpt(value.text)}" is not supported (use one of ${Object.keys(TSIG_ALGORITHMS).join(', ')})`);
        }
        algorithm = alg as TsigAlgorithm;
      } else if (stmt.text === 'secret') {
        const b64 = value.text.replace(/\s+/g, '');
        if (!BASE64.test(b64) || b64.length % 4 !== 0) throw syntaxError(file, value.line, `key "${excerpt(name)}": secret is not valid base64`);
        secret = Buffer.from(b64, 'base64');
      } else {
        throw syntaxError(file, stmt.line, `key "${excerpt(name)}": unknown statement "${excerpt(stmt.text)}" (expected algorithm or secret)`);
      }
      expectPunct(';');
    }
    expectPunct(';');
    if (!algorithm) throw syntaxError(file, nameTok.line, `key "${excerpt(name)}" has no algorithm`);
    if (!secret) throw syntaxError(file, nameTok.line, `key "${excerpt(name)}" has no secret`);
    if (keys.some((k) => k.name === name)) throw syntaxError(file, nameTok.line, `key "${excerpt(name)}" is defined twice`);
    keys.push({ name, algorithm, secret });
  }
  if (keys.length === 0) throw syntaxError(file, 1, 'no key clause found');
  return keys;
}

/** docs/behaviour.md#input-limits: a tsig-keygen file is a few hundred bytes. */
export const TSIG_KEY_FILE_LIMITS = { what: 'key file', maxBytes: 64 * KIB } as const satisfies InputLimits;

export async function loadTsigKeys(file: string): Promise<TsigKey[]> {
  return parseTsigKeys(await readInputText(file, TSIG_KEY_FILE_LIMITS), file);
}

/**
 * Picks the key to sign with: the one named (flag or plan), or the only one in the file.
 * `source` says where the wanted name came from, for the message.
 */
export function selectTsigKey(keys: readonly TsigKey[], wanted: string | undefined, source = 'the plan'): TsigKey {
  const names = keys.map((k) => k.name).join(', ');
  if (wanted !== undefined) {
    const name = keyName(wanted);
    const found = keys.find((k) => k.name === name);
    if (!found) throw new KmsSrvError('USAGE', `key "${wanted}" named by ${source} is not in the key file (it holds: ${names})`);
    return found;
  }
  if (keys.length > 1) throw new KmsSrvError('USAGE', `the key file holds several keys (${names}); choose one with --key-name`);
  return keys[0] as TsigKey;
}
