// Every command example in README.md and docs/ is the command's real output: each block is run again
// here and compared. On a mismatch: npm run build && node scripts/gen-docs-examples.mjs
import { beforeAll, describe, expect, it } from 'vitest';
import { allExamples, normaliseOutput, runExamples, splitWords, type DocExample } from '../../scripts/docs-examples.mjs';

const examples = allExamples();

describe('the examples in the docs', () => {
  let bodies: Map<DocExample, string>;
  beforeAll(async () => {
    bodies = await runExamples(examples);
  }, 240_000);

  it('there are examples for every command page', () => {
    const files = new Set(examples.map((example) => example.file));
    for (const page of ['README.md', 'docs/commands/generate.md', 'docs/commands/lookup.md', 'docs/commands/doctor.md']) expect(files).toContain(page);
  });

  it.each(examples.map((example) => [`${example.file}:${example.line} ${example.command}`, example] as const))('%s', (_name, example) => {
    expect(example.body, `${example.file}:${example.line} drifted; regenerate with node scripts/gen-docs-examples.mjs`).toBe(bodies.get(example));
  });
});

describe('normaliseOutput', () => {
  it('maps the server, temp directories, instants and measured durations, and nothing else', () => {
    const text = 'from 127.0.0.1:41234 over UDP in 17 ms\n/tmp/kms-srv-demo-aB3xZ9/state.json 2026-11-25T19:43:15.696Z\n  answered  12 ms\ntimeout after 2000 ms (5 attempts)\n{"elapsedMs": 3.5}\n412/s';
    expect(normaliseOutput(text, { server: '127.0.0.1:41234' })).toBe(
      'from 127.0.0.1:15353 over UDP in 1 ms\n/tmp/kms-srv-demo-XXXXXX/state.json 2026-01-01T00:00:00.000Z\n  answered  1 ms\ntimeout after 2000 ms (5 attempts)\n{"elapsedMs": 1}\n1000/s',
    );
  });

  it("makes audit's summary timing and its slowest table repeatable", () => {
    const text = 'audited 2 domains in 0.15 s (20 per second, 256 at a time)\n\nslowest 2:\n ms  domain        verdict\n109  example.test  ok\n 75  other.test    ok\n';
    expect(normaliseOutput(text)).toBe('audited 2 domains in 0.01 s (100 per second, 256 at a time)\n\nslowest 2:\nms  domain        verdict\n 1  example.test  ok\n 1  other.test    ok\n');
  });

  it('shows CRLF line ends as LF', () => {
    expect(normaliseOutput('REM one\r\ndnscmd . /recordadd\r\n')).toBe('REM one\ndnscmd . /recordadd\n');
  });

  it('with ports, numbers ephemeral ports in order of appearance and keeps other numbers', () => {
    expect(normaliseOutput('127.0.0.1:45001 :38000 port 45001 ttl 3600 count 100000', { ports: true })).toBe('127.0.0.1:50001 :50002 port 50001 ttl 3600 count 100000');
  });

  it('splits a command line as a shell would for plain words and quotes', () => {
    expect(splitWords(`kms-srv explain "0xC004F074" --x 'a b'`)).toEqual(['kms-srv', 'explain', '0xC004F074', '--x', 'a b']);
  });
});
