// Every --json shape has a schema in schema/, and these are real outputs of every command, validated
// against them: results against a real BIND, and errors (a bad flag, a silent server, bad input) as the
// one JSON error object, with the exit status they have without --json.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { bindMissing, startBind, type BindServer } from '../helpers/bind.js';

const ROOT = path.join(import.meta.dirname, '../..');
const ZONES = path.join(ROOT, 'zones');
const ZONE_TEXT = readFileSync(path.join(ZONES, 'example.test.zone'), 'utf8');

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();
function schema(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'schema', `${name}.schema.json`), 'utf8')) as object);
    validators.set(name, v);
  }
  return v;
}

/** The value, checked against schema/NAME.schema.json; the failure message lists ajv's errors. */
function expectValid(name: string, value: unknown): void {
  const validate = schema(name);
  const ok = validate(value);
  expect(ok, `${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 400)}`).toBe(true);
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo({ SOURCE_DATE_EPOCH: '1780000000' }, ROOT);
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe.skipIf(bindMissing())('--json outputs match their schemas', () => {
  let bind: BindServer;
  let dir: string;
  beforeAll(async () => {
    bind = await startBind({ zones: [{ name: 'example.test', text: ZONE_TEXT }] });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-json-'));
  });
  afterAll(async () => {
    await bind?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['lookup', ['lookup', '_vlmcs._tcp.example.test', 'SRV'], 0],
    ['lookup', ['lookup', 'nothing.example.test', 'A'], 1],
    ['discover', ['discover', '--domain', 'example.test', '--probe', 'none', '--seed', '1'], 0],
    ['findings', ['doctor', 'example.test', '--authoritative', 'SERVER', '--no-probe'], 0],
    ['publish', ['publish', '--plan', 'zones/example.plan.json', '--dry-run', '--timeout', '3000'], 0],
  ])('%s %j (exit %i)', async (name, args, exitCode) => {
    const withServer = args.map((a) => (a === 'SERVER' ? bind.address : a));
    const r = await cli([...withServer, '--server', bind.address, '--json']);
    expect(r.code, r.err).toBe(exitCode);
    expectValid(name, JSON.parse(r.out));
  });

  it('audit: every line is one domain', async () => {
    const list = path.join(dir, 'domains.txt');
    await fs.writeFile(list, 'example.test\nmissing.example.test\n');
    const r = await cli(['audit', list, '--server', bind.address, '--json', '--no-progress']);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { domain: string });
    expect(lines.map((l) => l.domain).sort()).toEqual(['example.test', 'missing.example.test']);
    for (const line of lines) expectValid('audit', line);
  });

  it.each([
    ['check-zone', ['check-zone', 'zones/example.test.zone'], 'findings', 0],
    ['explain', ['explain', '0xC004F074'], 'explain', 0],
    ['avma key', ['avma', 'key', '--version', '2022', '--edition', 'standard'], 'avma', 0],
    ['avma matrix', ['avma', 'matrix'], 'avma', 0],
    ['avma check', ['avma', 'check', '--host', '2019', '--guest', '2022'], 'avma', 1],
    ['avma event', ['avma', 'event', '12310'], 'avma', 0],
    ['order', ['order', '--records', 'zones/example.records.json', '--count', '3', '--seed', '1'], 'order', 0],
    ['order --stats', ['order', '--records', 'zones/example.records.json', '--stats', '--count', '500', '--seed', '1'], 'order', 0],
    ['simulate', ['simulate', '--records', 'zones/example.records.json', '--clients', '20', '--days', '30', '--seed', '1', '--outage', 'kms1.example.test.@2-40'], 'simulate', 0],
    ['generate to stdout', ['generate', 'zone', '--plan', 'zones/example.plan.json', '--domain', 'example.test'], 'generate', 0],
    ['generate --list', ['generate', '--list'], 'generate', 0],
  ])('%s', async (_label, args, name, exitCode) => {
    const r = await cli([...args, '--json']);
    expect(r.code, r.err).toBe(exitCode);
    expectValid(name, JSON.parse(r.out));
  });

  it('generate to a file says what it wrote, and the file holds those bytes', async () => {
    const target = path.join(dir, 'example.zone');
    const r = await cli(['generate', 'zone', '--plan', 'zones/example.plan.json', '--domain', 'example.test', '-o', target, '--json']);
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out) as { path: string; bytes: number; content?: string };
    expectValid('generate', json);
    expect(json.path).toBe(target);
    expect(json.content).toBeUndefined();
    expect(json.bytes).toBe((await fs.stat(target)).size);
  });

  it('generate --output-dir says which host files it wrote, each with its size on disk', async () => {
    const outputDir = path.join(dir, 'hosts');
    const r = await cli(['generate', 'reg', '--plan', 'zones/example.plan.json', '--output-dir', outputDir, '--json']);
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out) as { outputDir: string; files: Array<{ path: string; bytes: number }> };
    expectValid('generate', json);
    expect(json.outputDir).toBe(outputDir);
    expect(json.files.map((f) => path.basename(f.path)).sort()).toEqual((await fs.readdir(outputDir)).sort());
    expect(json.files.length).toBeGreaterThan(1);
    for (const file of json.files) expect(file.bytes).toBe((await fs.stat(file.path)).size);
  });

  it('serve: a ready line, then a stopped line after SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/cli/bin.js', 'serve', 'zones/example.test.zone', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    for await (const line of reader) {
      lines.push(line);
      if (lines.length === 1) {
        const ready = JSON.parse(line) as { ready: { address: string } };
        // The line says where it listens: a lookup there answers.
        const r = await cli(['lookup', '_vlmcs._tcp.example.test', '--server', ready.ready.address, '--json']);
        expect(r.code, r.err).toBe(0);
        child.kill('SIGTERM');
      }
    }
    expect(await closed).toBe(0);
    expect(lines).toHaveLength(2);
    for (const line of lines) expectValid('serve', JSON.parse(line));
    expect(JSON.parse(lines[1]!)).toEqual({ stopped: { signal: 'SIGTERM', queries: 1 } });
  });
});

describe('--json errors are one JSON object on stdout, with the usual exit status', () => {
  let silent: dgram.Socket;
  let silentAddress: string;
  beforeAll(async () => {
    // A loopback UDP socket that reads queries and never answers: a DNS server that has gone quiet.
    silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    silentAddress = `127.0.0.1:${silent.address().port}`;
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  it.each([
    ['a timeout (lookup)', ['lookup', 'example.test', '--server', 'SILENT', '--timeout', '100', '--attempts', '1'], 3, 'DNS_TIMEOUT'],
    ['an unknown option', ['lookup', 'example.test', '--no-such-flag'], 2, 'USAGE'],
    ['a bad choice', ['order', '--records', 'zones/example.records.json', '--profile', 'xp'], 2, 'USAGE'],
    ['a missing file', ['check-zone', 'no-such.zone'], 2, 'FILE_READ'],
    ['an unknown code', ['explain', '0x1234'], 1, 'UNKNOWN_CODE'],
    ['an invalid plan', ['generate', 'zone', '--plan', 'zones/example.records.json'], 2, 'PLAN_INVALID'],
  ])('%s', async (_label, args, exitCode, code) => {
    const r = await cli([...args.map((a) => (a === 'SILENT' ? silentAddress : a)), '--json']);
    expect(r.code).toBe(exitCode);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(r.out) as { error: { code: string; message: string } };
    expectValid('error', json);
    expect(json.error.code).toBe(code);
    // The same failure without --json: the same exit status, the message on stderr.
    const text = await cli(args.map((a) => (a === 'SILENT' ? silentAddress : a)));
    expect(text.code).toBe(exitCode);
    expect(text.out).toBe('');
    expect(text.err).toContain(json.error.message.split('\n')[0]!.slice(0, 40));
  });
});
