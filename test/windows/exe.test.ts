// The single executables of `npm run build:exe`, run as a user runs them: kms-srv.exe under Wine and
// kms-srv-linux-x64 natively, each a copy alone in an empty folder (no Node, no node_modules, no
// schema/ or zones/ beside it), against a loopback BIND serving a zone whose hosts are loopback ports:
// one refused, one listening. Both are built once from the current source (bundle, SEA blob, postject)
// into a temp folder. What they print is compared with the same commands run in-process from src/.
// Without Wine the Windows half is skipped with a visible reason; under CI=true that is a failure.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import type { CheckReport } from '../../src/checks/report.js';
import type { DiscoverJson } from '../../src/kms/types.js';
import { VERSION } from '../../src/cli/version.js';
import { buildExecutables } from '../../scripts/build-exe.mjs';
import { bundleCli } from '../../scripts/bundle.mjs';
import { bindMissing, runTool, startBind, type BindServer } from '../helpers/bind.js';
import { runAsync, type RanProgram } from '../helpers/run-async.js';
import { runWindows, sharedWinePrefix, wineMissing } from '../helpers/wine.mjs';

type Ran = RanProgram;
type Runner = (args: string[]) => Promise<Ran>;

const noWine = wineMissing();
let work = '';
let windowsExe = '';
let linuxExe = '';
let bind: BindServer;
let listener: net.Server;
let livePort = 0;
let deadPort = 0;

async function listen(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

/** The Linux executable, bounded; asynchronous so this process's listener keeps accepting. */
function runLinux(args: string[]): Promise<Ran> {
  return runAsync(linuxExe, args, { cwd: path.dirname(linuxExe), env: { PATH: '/usr/bin:/bin', NO_COLOR: '1' } });
}

/** kms-srv.exe under Wine (stdout and stderr through files; see test/helpers/wine.mjs). */
function runExe(args: string[]): Promise<Ran> {
  const r = runWindows(sharedWinePrefix(), windowsExe, args, { cwd: path.dirname(windowsExe), timeoutMs: 120_000 });
  if (r.timedOut) throw new Error(`kms-srv.exe ${args.join(' ')} did not end within 120 s`);
  return Promise.resolve({ status: r.status, stdout: r.stdout.replaceAll('\r\n', '\n'), stderr: r.stderr });
}

async function inProcess(args: string[]): Promise<Ran> {
  const io = memoryIo();
  const status = await run(args, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

const soa = '$TTL 300\n@ IN SOA ns hostmaster 1 3600 900 1209600 300\n@ IN NS ns\nns IN A 127.0.0.1\n';

describe.skipIf(bindMissing())('the single executables against a loopback BIND', () => {
  beforeAll(async () => {
    listener = await listen();
    livePort = portOf(listener);
    const closed = await listen();
    deadPort = portOf(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // dead has the lower priority: every client tries it first, is refused, and fails over to live.
    const zone = `${soa}_vlmcs._tcp IN SRV 0 0 ${deadPort} dead
_vlmcs._tcp IN SRV 10 100 ${livePort} live
dead IN A 127.0.0.1
live IN A 127.0.0.1
`;
    bind = await startBind({ zones: [{ name: 'exe.test', text: zone }] });

    work = mkdtempSync(path.join(os.tmpdir(), 'kms-srv-exe-'));
    const { path: bundle } = await bundleCli(path.join(work, 'kms-srv.cjs'));
    const built = await buildExecutables({ outDir: path.join(work, 'built'), bundle, ...(noWine ? { only: 'linux' as const } : {}) });
    // Each executable alone in an empty folder, as on a client it was copied to.
    for (const exe of built) {
      const alone = path.join(work, exe.windows ? 'windows' : 'linux');
      mkdirSync(alone);
      const copy = path.join(alone, path.basename(exe.path));
      copyFileSync(exe.path, copy);
      if (exe.windows) windowsExe = copy;
      else linuxExe = copy;
    }
    rmSync(path.join(work, 'built'), { recursive: true, force: true });
  }, 600_000);

  afterAll(async () => {
    await bind?.stop();
    await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const dns = () => ['--server', bind.address, '--timeout', '3000', '--attempts', '2'];

  describe.each([
    { name: 'kms-srv-linux-x64, natively', runner: runLinux, skip: false },
    { name: 'kms-srv.exe, under Wine', runner: runExe, skip: noWine },
  ] satisfies { name: string; runner: Runner; skip: boolean }[])('$name', ({ runner, skip }) => {
    it.skipIf(skip)('--version prints the package version', async () => {
      const r = await runner(['--version']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(`${VERSION}\n`);
      expect(r.status).toBe(0);
    });

    it.skipIf(skip)('lookup shows the SRV records dig sees', async () => {
      const r = await runner(['lookup', '_vlmcs._tcp.exe.test', 'SRV', ...dns()]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const dig = runTool('dig', ['+short', '-p', String(bind.port), '@127.0.0.1', '_vlmcs._tcp.exe.test', 'SRV']);
      const fromDig = dig.stdout.trim().split('\n').sort();
      expect(fromDig).toEqual([`0 0 ${deadPort} dead.exe.test.`, `10 100 ${livePort} live.exe.test.`]);
      const shown = [...r.stdout.matchAll(/^_vlmcs\._tcp\.exe\.test\.\s+\d+\s+IN\s+SRV\s+(\d+ \d+ \d+ \S+)$/gm)].map((m) => m[1]).sort();
      expect(shown).toEqual(fromDig);
      expect(r.stdout).toMatch(/NOERROR from 127\.0\.0\.1:\d+ over UDP/);
    });

    it.skipIf(skip)('discover fails over past the refused port and picks the listening host', async () => {
      // --no-client-config: this compares with an in-process run on Linux; the Windows client's own
      // registry settings have their tests in client-config.wine.test.ts.
      const args = ['discover', '--domain', 'exe.test', ...dns(), '--probe', 'tcp', '--probe-timeout', '5000', '--no-host-cache', '--seed', '3', '--json', '--no-client-config'];
      const r = await runner(args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout) as DiscoverJson;
      expect(json.domains[0]?.records.map((x) => `${x.priority} ${x.weight} ${x.port} ${x.target}`).sort()).toEqual([
        `0 0 ${deadPort} dead.exe.test`,
        `10 100 ${livePort} live.exe.test`,
      ]);
      expect(json.attempts[0]).toMatchObject({ target: 'dead.exe.test', port: deadPort, address: '127.0.0.1', ok: false });
      expect(json.attempts[0]?.error).toMatch(/connection refused/);
      expect(json.selected).toEqual({ target: 'live.exe.test', port: livePort, address: '127.0.0.1' });
      expect(json.candidates.find((c) => c.target === 'live.exe.test')?.addresses).toEqual(['127.0.0.1']);
      expect(json.errorCode).toBeNull();
      // The same run from src/ in this process agrees (BIND rotates the records, so their order is not compared).
      const here = JSON.parse((await inProcess(args)).stdout) as DiscoverJson;
      const gist = (d: DiscoverJson) => ({
        records: d.domains.map((x) => x.records.map((rec) => JSON.stringify(rec)).sort()),
        attempts: d.attempts.map(({ target, port, ok }) => ({ target, port, ok })),
        selected: d.selected,
        errorCode: d.errorCode,
        cache: d.cache,
      });
      expect(gist(json)).toEqual(gist(here));
    });

    it.skipIf(skip)('doctor reports the refused host as the one error, with the verdict the library gives', async () => {
      const args = ['doctor', 'exe.test', ...dns(), '--authoritative', bind.address, '--probe', 'tcp', '--json', '--no-client-config'];
      const r = await runner(args);
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as CheckReport;
      const here = await inProcess(args);
      const expected = JSON.parse(here.stdout) as typeof report;
      expect(r.status).toBe(here.status);
      expect(report.findings.map((f) => `${f.severity} ${f.id}`).sort()).toEqual(expected.findings.map((f) => `${f.severity} ${f.id}`).sort());
      expect(report.summary).toEqual(expected.summary);
      expect(report.clientErrorCode).toBe(expected.clientErrorCode);
      // The refused host is the one error; a client still finds the listening one, so it shows no error code.
      expect(report.findings.filter((f) => f.severity === 'error')).toMatchObject([{ id: 'host-unreachable', subject: `dead.exe.test:${deadPort}` }]);
      expect(report.clientErrorCode).toBeNull();
      expect(r.status).toBe(1);
    });
  });
});
