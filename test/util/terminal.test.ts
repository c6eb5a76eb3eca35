import { describe, expect, it } from 'vitest';
import { escapeForTerminal } from '../../src/util/terminal.js';

describe('escapeForTerminal', () => {
  it.each([
    ['ESC of a colour sequence', '\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['newline and carriage return', 'a\nb\rc', 'a\\x0ab\\x0dc'],
    ['NUL, tab and DEL', 'a\u0000b\tc\u007f', 'a\\x00b\\x09c\\x7f'],
    ['a C1 control (8-bit CSI)', 'a\u009b31m', 'a\\x9b31m'],
    ['a bidirectional override', 'abc\u202edcba', 'abc\\u202edcba'],
    ['a lone high surrogate', 'a\ud800b', 'a\\ud800b'],
    ['a lone low surrogate', 'a\udc00b', 'a\\udc00b'],
  ])('shows %s visibly', (_what, text, expected) => {
    expect(escapeForTerminal(text)).toBe(expected);
  });

  it.each(['kms1.contoso.com', 'Bücher, 日本語, emoji 😀', 'a\\.b \\027 "quoted"', ''])('keeps %j as it is', (text) => {
    expect(escapeForTerminal(text)).toBe(text);
  });

  it('keeps newlines and tabs of laid-out text, and nothing else', () => {
    expect(escapeForTerminal('line 1\n\tline 2 \u001b[2J\n', true)).toBe('line 1\n\tline 2 \\x1b[2J\n');
  });

  it('leaves no control character behind in any string', () => {
    let all = '';
    for (let code = 0; code < 0x100; code++) all += String.fromCharCode(code);
    // eslint-disable-next-line no-control-regex
    expect(escapeForTerminal(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});
