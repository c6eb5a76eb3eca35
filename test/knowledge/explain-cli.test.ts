import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { CODES, formatCode, signedValue } from '../../src/knowledge/codes.js';

async function explain(...args: string[]) {
  const io = memoryIo();
  const code = await run(['explain', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('kms-srv explain', () => {
  it.each(CODES.map((e) => [formatCode(e), e] as const))('explains %s: meaning, causes, checks, commands', async (text, entry) => {
    const r = await explain(text);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${text}  ${entry.title}`);
    expect(r.out).toContain(entry.meaning);
    expect(r.out).toContain('Likely causes:');
    expect(r.out).toContain('What to check:');
    for (const c of entry.commands) expect(r.out).toContain(c);
    // Codes the host decides after contact (count, clock, host key) are beyond any kms-srv command: it says so.
    expect(r.out.includes('Shown by: no kms-srv command')).toBe(entry.commands.length === 0);
  });

  it.each(CODES.filter((e) => e.kind === 'hresult').map((e) => [formatCode(e), e] as const))('reads %s as lower-case hex, signed and unsigned decimal', async (hex, entry) => {
    for (const form of [hex.slice(2).toLowerCase(), String(signedValue(entry.value)), String(entry.value)]) {
      const r = await explain(form);
      expect(r.code, form).toBe(0);
      expect(r.out.startsWith(hex)).toBe(true);
    }
  });

  it('reads Win32 9003 as 0x8007232B and shows the relation', async () => {
    const r = await explain('9003');
    expect(r.out).toMatch(/^0x8007232B /);
    expect(r.out).toContain('Win32 9003');
  });

  it('prints JSON with the meaning, causes, checks and commands', async () => {
    const r = await explain('0xc004f074', '--json');
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(json).toMatchObject({ code: '0xC004F074', kind: 'hresult', decimal: 3221549172, signed: -1073418124 });
    for (const key of ['meaning', 'causes', 'checks', 'commands', 'relatedChecks']) expect(json).toHaveProperty(key);
    const event = JSON.parse((await explain('12293', '--json')).out) as Record<string, unknown>;
    expect(event).toMatchObject({ code: '12293', kind: 'event' });
  });

  it.each([['0xC004F075', '0xC004F074'], ['12311', '12310'], ['KMS_COUNT_TO_LOW', '0xC004F038']])('says %s is unknown, lists %s among the nearest, exits 1', async (input, near) => {
    const r = await explain(input);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`unknown code or event "${input}"`);
    expect(r.err).toContain(near);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it.each(['', '   '])('an empty code %j is a usage error (exit 2), not an unknown code', async (input) => {
    const r = await explain(input);
    expect(r.code).toBe(2);
    expect(r.err).toBe('kms-srv: explain needs a code or an event ID, e.g. 0xC004F074, 8007232b, 9003 or 12293\n');
  });

  // Facts checked against Microsoft's volume activation error reference; each must reach the user.
  const FACTS: Array<{ code: string; must: RegExp[]; mustNot?: RegExp[] }> = [
    { code: '0xC004F035', must: [/Windows marker/, /BIOS/, /ACPI_SLIC/, /MAK or a retail key/], mustNot: [/install the matching KMS client setup key/] },
    { code: '0x8007007B', must: [/^0x8007007B {2}DNS name does not exist$/m, /syntax is incorrect/, /DNS name the client needs does not exist/], mustNot: [/Invalid name/] },
    { code: '0xC004F039', must: [/^0xC004F039 {2}The Key Management Service \(KMS\) is not enabled$/m], mustNot: [/did not respond$/m] },
    { code: '0x8004FE21', must: [/[Ll]anguage packs/, /not licensed for additional languages/] },
    { code: '0xC004F074', must: [/older than the client/, /CSVLK/] },
    { code: '0x8007232A', must: [/no DNS server answered/, /could not contact one/] },
    { code: '12294', must: [/home domain is always used/, /deployment guide that setting the list suspends publishing there/] },
  ];
  it.each(FACTS)('$code says what Microsoft documents', async ({ code, must, mustNot = [] }) => {
    const r = await explain(code);
    expect(r.code).toBe(0);
    for (const pattern of must) expect(r.out).toMatch(pattern);
    for (const pattern of mustNot) expect(r.out).not.toMatch(pattern);
  });
});
