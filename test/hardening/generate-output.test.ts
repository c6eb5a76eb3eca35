// Issue 10, items 6 and 7: where `generate -o` writes. Secrets are created 0600 and stay 0600 when
// replaced; only a regular file is written (a FIFO, a device or a directory is refused before it is
// opened); the temp file of an interrupted write is removed on SIGTERM/SIGINT. The CLI is spawned
// from dist/ for the signal tests; every wait is bounded.
import { execFileSync, spawn } from 'node:child_process';
import { constants, mkdtempSync, promises as fs, readdirSync, watch } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

const PLAN = path.resolve('zones/example.plan.json');
const BIN = path.resolve('dist/cli/bin.js');
const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-output-'));
const key = path.join(dir, 'kms-update.key');
const fifo = path.join(dir, 'pipe');
beforeAll(async () => {
  await fs.writeFile(key, `key "kms-update" {\n\talgorithm hmac-sha256;\n\tsecret "${SECRET}";\n};\n`);
  execFileSync('mkfifo', [fifo]);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function generate(args: string[]) {
  const io = memoryIo({ SOURCE_DATE_EPOCH: '1767225600' }, dir);
  const code = await run(['generate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const modeOf = async (file: string) => (await fs.stat(file)).mode & 0o777;

describe('files holding secrets are 0600', () => {
  it('named-conf --key is created 0600', async () => {
    const out = path.join(dir, 'new.conf');
    const r = await generate(['named-conf', '--plan', PLAN, '--key', key, '-o', out]);
    expect(r.code).toBe(0);
    expect(await fs.readFile(out, 'utf8')).toContain(SECRET);
    expect(await modeOf(out)).toBe(0o600);
  });

  it.each([0o600, 0o644])('--force over a %o file leaves a 0600 file', async (before) => {
    const out = path.join(dir, `replaced-${before.toString(8)}.conf`);
    await fs.writeFile(out, 'old\n');
    await fs.chmod(out, before);
    const r = await generate(['named-conf', '--plan', PLAN, '--key', key, '-o', out, '--force']);
    expect(r.code).toBe(0);
    expect(await modeOf(out)).toBe(0o600);
  });

  it('the temp file is created 0600 with O_EXCL, before a byte of the secret is in it', async () => {
    const open = vi.spyOn(fs, 'open');
    const out = path.join(dir, 'spied.conf');
    await writeFileAtomic(out, `secret "${SECRET}";\n`, { mode: 0o600 });
    const [temp, flags, mode] = open.mock.calls[0] ?? [];
    expect(path.basename(String(temp))).toMatch(new RegExp(`^\\.spied\\.conf\\.kms-srv-tmp-${process.pid}-\\d+$`));
    const exclusive = constants.O_CREAT | constants.O_EXCL;
    expect(Number(flags) & exclusive).toBe(exclusive);
    expect(mode).toBe(0o600);
    expect(await modeOf(out)).toBe(0o600);
  });

  it('other outputs keep the mode of the file they replace', async () => {
    const out = path.join(dir, 'kept.bind');
    await fs.writeFile(out, 'old\n');
    await fs.chmod(out, 0o640);
    expect((await generate(['bind', '--plan', PLAN, '-o', out, '--force'])).code).toBe(0);
    expect(await modeOf(out)).toBe(0o640);
  });
});

describe('only a regular file is written', () => {
  it.each([
    ['a FIFO', () => fifo, 'it is a FIFO (named pipe)'],
    ['/dev/zero', () => '/dev/zero', 'it is a device'],
    ['a directory', () => dir, 'it is a directory'],
  ])('-o %s is refused at once, with and without --force, for zone (which reads the old serial) and bind', async (_what, target, words) => {
    for (const args of [['zone', '--domain', 'example.test'], ['bind'], ['bind', '--force'], ['zone', '--domain', 'example.test', '--force']]) {
      const started = Date.now();
      const r = await generate([...args, '--plan', PLAN, '-o', target()]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`kms-srv: cannot write ${target()}: ${words}; only a regular file is written or replaced\n`);
      expect(Date.now() - started).toBeLessThan(3_000);
    }
    const stat = await fs.stat(fifo);
    expect(stat.isFIFO()).toBe(true);
  }, 20_000);
});

/** A plan of `count` hosts in one domain: a `bind` output of several MB. */
async function bigPlan(count: number): Promise<string> {
  const hosts = Array.from({ length: count }, (_, i) => ({ name: `kms${i}.big.test`, ipv4: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`] }));
  const file = path.join(dir, 'big.plan.json');
  await fs.writeFile(file, JSON.stringify({ hosts }));
  return file;
}

interface Interrupted {
  /** The write was caught with its temp file present and the target not yet there. */
  caught: boolean;
  signal: NodeJS.Signals | null;
  left: string[];
}

/**
 * Spawns the CLI writing a large file, stops it (SIGSTOP) the moment its temp file appears, sends
 * `signal`, lets it go on (SIGCONT), and lists what it left in its directory.
 */
async function interruptWrite(plan: string, signal: NodeJS.Signals): Promise<Interrupted> {
  const sub = await fs.mkdtemp(path.join(dir, 'signal-'));
  const child = spawn(process.execPath, [BIN, 'generate', 'bind', '--plan', plan, '-o', path.join(sub, 'out.bind')], { stdio: 'ignore' });
  let caught = false;
  let seen = false;
  const watcher = watch(sub, () => {
    if (seen) return;
    const names = readdirSync(sub);
    if (names.length === 0) return;
    seen = true;
    child.kill('SIGSTOP');
    caught = !names.includes('out.bind');
    child.kill(signal);
    child.kill('SIGCONT');
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  clearTimeout(guard);
  watcher.close();
  return { caught, signal: exit, left: readdirSync(sub).filter((n) => n !== 'out.bind') };
}

describe('an interrupted write leaves no temp file', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s while the temp file is being written', async (signal) => {
    const plan = await bigPlan(80_000);
    // The window is a few milliseconds wide; a run that misses it (caught false) is tried again, at most 5 times.
    let result: Interrupted | undefined;
    for (let attempt = 0; attempt < 5 && !result?.caught; attempt++) result = await interruptWrite(plan, signal);
    expect(result?.caught).toBe(true);
    expect(result?.signal).toBe(signal);
    expect(result?.left).toEqual([]);
  }, 120_000);
});
