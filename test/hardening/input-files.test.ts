// Issue 10, items 1 and 3: every input file must be a regular file within documented bounds
// (docs/behaviour.md#input-limits), and a message quotes at most a bounded excerpt of any input.
// FIFOs are made with mkfifo; every test has a time bound, so a reader that blocks fails instead of hanging.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDomainLines } from '../../src/audit/domains.js';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { loadResolvConf } from '../../src/dns/resolv-conf.js';
import { loadHostCache } from '../../src/kms/host-cache.js';
import { parsePlan } from '../../src/plan/load.js';
import { readReg } from '../../src/regfile/read.js';
import { loadTsigKeys } from '../../src/update/tsig-key.js';
import { EXCERPT_LENGTH, excerpt } from '../../src/util/excerpt.js';
import { parseZoneText } from '../../src/zonefile/index.js';

const BOUND_MS = 10_000;
const PLAN = path.resolve('zones/example.plan.json');

// Made when the file is collected: the test tables below name these paths.
const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-inputs-'));
const fifo = path.join(dir, 'pipe');
const sub = path.join(dir, 'a-directory');
beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  await fs.mkdir(sub);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = memoryIo(env, dir);
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** The three non-regular paths every reader must refuse, with the words it must use. */
const special = [
  { what: 'a FIFO', file: fifo, words: 'is a FIFO (named pipe), not a regular file' },
  { what: '/dev/zero', file: '/dev/zero', words: 'is a character device, not a regular file' },
  { what: 'a directory', file: sub, words: 'is a directory, not a regular file' },
];

describe('every input reader refuses what is not a regular file (exit 2, named)', () => {
  const cases: Array<[string, (file: string) => string[]]> = [
    ['check-zone', (file) => ['check-zone', file]],
    ['generate --plan', (file) => ['generate', 'bind', '--plan', file]],
    ['generate --key', (file) => ['generate', 'named-conf', '--plan', PLAN, '--key', file]],
    ['audit', (file) => ['audit', file, '--server', '127.0.0.1:9', '--timeout', '100', '--attempts', '1']],
    ['discover --state', (file) => ['discover', '--kms-host', '127.0.0.1:9', '--probe', 'none', '--state', file]],
    ['doctor --client-reg', (file) => ['doctor', 'corp.test', '--server', '127.0.0.1:9', '--client-reg', file]],
    ['order --records', (file) => ['order', '--records', file]],
  ];
  for (const [name, args] of cases) {
    it.each(special)(`${name}: $what`, async ({ file, words }) => {
      const r = await cli(args(file));
      expect(r.code).toBe(2);
      expect(r.err).toContain(file);
      expect(r.err).toContain(words);
      expect(r.err).not.toMatch(/\n\s+at /);
    }, BOUND_MS);
  }

  it.each(special)('resolv.conf: $what', async ({ file, words }) => {
    await expect(loadResolvConf({ path: file })).rejects.toMatchObject({ code: 'FILE_READ', message: `cannot read ${file}: ${words}` });
  }, BOUND_MS);

  it.each(special)('an include of $what fails fast at the include line', async ({ file, words }) => {
    const zone = path.join(dir, 'include.zone');
    await fs.writeFile(zone, `$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n$INCLUDE ${file}\n`);
    const started = Date.now();
    const r = await cli(['check-zone', zone, '--origin', 'corp.test']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kms-srv: ${zone}:5:10: cannot read $INCLUDE file ${file}: ${words}\n`);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, BOUND_MS);
});

describe('sizes and line lengths are bounded', () => {
  it('a zone line over 64 KiB is refused by file and line, without echoing it', async () => {
    const zone = path.join(dir, 'long-line.zone');
    await fs.writeFile(zone, `$TTL 60\n${'a'.repeat(2 * 1024 * 1024)} A 192.0.2.1\n`);
    const r = await cli(['check-zone', zone, '--origin', 'corp.test']);
    expect(r.code).toBe(2);
    // The zone is streamed: the line is refused where it is met, in the zone error format.
    expect(r.err).toBe(`kms-srv: ${zone}:2:1: line is longer than 65536 bytes\n`);
  }, BOUND_MS);

  it('an $INCLUDEd file with an over-long line is refused at its own line', async () => {
    const inc = path.join(dir, 'long.inc');
    await fs.writeFile(inc, `x TXT "${'b'.repeat(70 * 1024)}"\n`);
    const zone = path.join(dir, 'main.zone');
    await fs.writeFile(zone, `$TTL 60\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE long.inc\n`);
    const r = await cli(['check-zone', zone, '--origin', 'corp.test']);
    expect(r.code).toBe(2);
    // Named as the user sees it: relative to the working directory the command ran in (`dir`).
    expect(r.err).toBe(`kms-srv: ${path.relative(dir, inc)}:1:1: line is longer than 65536 bytes\n`);
  }, BOUND_MS);

  it('a plan over 4 MiB is refused before it is parsed', async () => {
    const plan = path.join(dir, 'big.plan.json');
    await fs.writeFile(plan, `{"hosts": []${' '.repeat(4 * 1024 * 1024)}}`);
    const r = await cli(['generate', 'bind', '--plan', plan]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`kms-srv: cannot read plan ${plan}: is larger than the limit of 4 MiB\n`);
  }, BOUND_MS);

  it('a key file over 64 KiB is refused', async () => {
    const key = path.join(dir, 'big.key');
    await fs.writeFile(key, `# ${'x'.repeat(65 * 1024)}\n`);
    await expect(loadTsigKeys(key)).rejects.toMatchObject({ code: 'FILE_READ', message: `cannot read key file ${key}: is larger than the limit of 64 KiB` });
  });

  it('a host cache over 1 MiB is refused, and left alone', async () => {
    const state = path.join(dir, 'big-state.json');
    await fs.writeFile(state, ' '.repeat(1024 * 1024 + 1));
    await expect(loadHostCache(state)).rejects.toMatchObject({ code: 'FILE_READ', message: `cannot read state file ${state}: is larger than the limit of 1 MiB` });
    expect((await fs.stat(state)).size).toBe(1024 * 1024 + 1);
  });
});

describe('messages quote a bounded excerpt of the input', () => {
  const HUGE = 2 * 1024 * 1024;
  const bounded = (message: string) => expect(message.length).toBeLessThan(EXCERPT_LENGTH + 400);

  it('excerpt keeps short text, cuts long text and says how much is left out', () => {
    expect(excerpt('kms1.corp.test')).toBe('kms1.corp.test');
    expect(excerpt('x'.repeat(EXCERPT_LENGTH + 12345))).toBe(`${'x'.repeat(EXCERPT_LENGTH)}…(12345 more characters)`);
    // A surrogate pair is never cut in half.
    const emoji = `${'x'.repeat(EXCERPT_LENGTH - 1)}😀tail`;
    expect(excerpt(emoji)).toBe(`${'x'.repeat(EXCERPT_LENGTH - 1)}…(6 more characters)`);
  });

  it('zone parser: a 500 kB bad token', () => {
    const error = (() => {
      try {
        // Half a megabyte: under the 1 Mi-character record bound, so the token itself is judged and quoted.
        parseZoneText(`$TTL 60\nkms A ${'9'.repeat(500_000)}\n`, { origin: 'corp.test', file: 'z' });
      } catch (e) {
        return e as Error;
      }
      throw new Error('parsed');
    })();
    expect(error.message).toMatch(/^z:2:7: bad IPv4 address "9{256}…\(499744 more characters\)": expected/);
    bounded(error.message);
  });

  it('plan: a 2 MB host name', () => {
    const text = JSON.stringify({ hosts: [{ name: `${'a'.repeat(HUGE)}.corp.test`, ipv4: ['192.0.2.1'] }] });
    let message = '';
    try {
      parsePlan(text, 'p.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/more characters\)/);
    bounded(message);
  });

  it('.reg: a 2 MB line that is no value', () => {
    let message = '';
    try {
      readReg(`Windows Registry Editor Version 5.00\r\n\r\n[HKEY_USERS\\A]\r\n${'?'.repeat(HUGE)}\r\n`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^line 4, column 1: expected .*found "\?{256}…\(2096896 more characters\)"$/);
  });

  it('key file: a 60 KB token', async () => {
    const file = path.join(dir, 'long-token.key');
    await fs.writeFile(file, `key "kms" {\n\talgorithm ${'x'.repeat(60 * 1024)};\n};\n`);
    const error = (await loadTsigKeys(file).then(() => new Error('accepted'), (e: unknown) => e)) as Error;
    expect(error.message).toMatch(/:2: key "kms": algorithm "x{256}…\(61184 more characters\)" is not supported/);
    bounded(error.message);
  });

  it('generate: a 2 MB --domain and --host', async () => {
    for (const flag of ['--domain', '--host']) {
      const r = await cli(['generate', 'bind', '--plan', PLAN, flag, `${'d'.repeat(HUGE)}.test`]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^kms-srv: ${flag} d{256}…\\(2096901 more characters\\)`));
      bounded(r.err);
    }
  });

  it('audit: a 20 MB line on standard input is one short invalid line, exit 2', async () => {
    const io = memoryIo({}, dir);
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    io.stdin = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield chunk;
      yield Buffer.from('\n');
    })());
    const code = await run(['audit', '-', '--server', '127.0.0.1:9', '--timeout', '100', '--attempts', '1', '--no-progress'], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^kms-srv: audit: line 1: "a{256}…" is not a domain name: the line is 20971520 bytes long; the limit is 65536\n$/);
  }, BOUND_MS);

  it('audit: a 64 MB line is read without holding it (memory grows by far less than the line)', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const stream = Readable.from((function* () {
      for (let i = 0; i < 64; i++) yield chunk;
      yield Buffer.from('\nok.test\n');
    })());
    const before = process.memoryUsage();
    const lines = [];
    for await (const line of readDomainLines(stream)) lines.push(line);
    const after = process.memoryUsage();
    expect(lines.map((l) => [l.line, l.error === undefined])).toEqual([[1, false], [2, true]]);
    // readline would have held the 64 MB line as one string (128 MB of UTF-16) and more.
    expect(after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers)).toBeLessThan(32 * 1024 * 1024);
  }, BOUND_MS);
});
