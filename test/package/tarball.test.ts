// The package as a user meets it: pack a copy of the repository without dist/ (as a fresh clone is, so
// prepack must build), install the tarball into an empty global prefix, run the installed `kms-srv`,
// and import and type-check the library from a separate project. Dependencies come from the npm cache;
// the registry is asked only for what the cache lacks. No npm or no registry: a loud skip locally, a
// failure under CI=true.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
// What a fresh clone does not have: build output, installed modules, local state.
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', '.git', 'coverage']);

let work = '';
let prefix = '';
let unavailable: string | undefined;

function run(cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
}

function kmsSrv(...args: string[]): SpawnSyncReturns<string> {
  return run(join(prefix, 'bin', 'kms-srv'), args, work, 30_000);
}

function npmFailure(r: SpawnSyncReturns<string>): string {
  if (r.error) return `npm could not run: ${r.error.message}`;
  return `npm exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`;
}

const NO_REGISTRY = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|ENOTCACHED/;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kms-srv-pack-'));
  const clone = join(work, 'clone');
  cpSync(REPO, clone, { recursive: true, filter: (src) => src === REPO || !NOT_IN_A_CLONE.has(basename(src)) || resolve(src, '..') !== REPO });
  // The build tools only; the tarball's own dependencies are installed from the registry metadata below.
  symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');

  const version = run('npm', ['--version'], work, 30_000);
  if (version.error || version.status !== 0) {
    unavailable = npmFailure(version);
  } else {
    const pack = run('npm', ['pack', '--pack-destination', work, '--silent', '--no-audit', '--no-fund'], clone);
    if (pack.status !== 0) throw new Error(`npm pack failed (the prepack build must succeed): ${npmFailure(pack)}`);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball in ${work}: ${pack.stdout}`);
    prefix = join(work, 'prefix');
    const install = (mode: string) =>
      run('npm', ['install', '--global', '--prefix', prefix, mode, '--no-audit', '--no-fund', join(work, tarball)], work);
    // The cache usually holds the dependencies' tarballs but not always their metadata: ask the registry then.
    let installed = install('--offline');
    if (installed.status !== 0 && /ENOTCACHED/.test(installed.stderr)) installed = install('--prefer-offline');
    if (installed.status !== 0) {
      if (!NO_REGISTRY.test(installed.stderr)) throw new Error(`installing the tarball failed: ${npmFailure(installed)}`);
      unavailable = `the npm registry is not reachable and the cache lacks the dependencies: ${npmFailure(installed)}`;
    }
  }
  if (unavailable) {
    if (IN_CI) throw new Error(`CI=true but the package cannot be installed: ${unavailable}`);
    process.stderr.write(`\n*** SKIPPING the packed-tarball tests: ${unavailable} ***\n\n`);
  }
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball, installed into an empty prefix', () => {
  it('puts a working kms-srv on the PATH', (ctx) => {
    if (unavailable) ctx.skip();
    const version = kmsSrv('--version');
    expect(version.stderr).toBe('');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const explain = kmsSrv('explain', '0xC004F074');
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain('0xC004F074');
    expect(explain.stdout).toContain('No Key Management Service (KMS) could be contacted');
  });

  it('checks a zone outside the repository', (ctx) => {
    if (unavailable) ctx.skip();
    const zone = join(work, 'small.test.zone');
    writeFileSync(zone, [
      '$ORIGIN small.test.',
      '$TTL 3600',
      '@ IN SOA ns1 hostmaster 1 3600 600 86400 300',
      '@ IN NS ns1',
      'ns1 IN A 192.0.2.1',
      'kms1 IN A 192.0.2.10',
      'kms2 IN A 192.0.2.11',
      '_vlmcs._tcp IN SRV 0 50 1688 kms1',
      '_vlmcs._tcp IN SRV 0 50 1688 kms2',
      '',
    ].join('\n'));
    const checked = kmsSrv('check-zone', zone);
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('_vlmcs._tcp.small.test.');
    expect(checked.stdout).toContain('0 errors, 0 warnings, 0 notices');
  });

  it('ships every docs/, zones/ and schema/ file the help text names', (ctx) => {
    if (unavailable) ctx.skip();
    const installedPackage = join(prefix, 'lib', 'node_modules', 'kms-srv');
    const help = ['--help', 'check-zone --help', 'generate --help', 'serve --help']
      .map((args) => kmsSrv(...args.split(' ')))
      .map((r) => r.stdout)
      .join('\n');
    const cited = [...new Set(help.match(/\b(?:docs|zones|schema)\/[\w.-]+\.[a-z]+\b/g) ?? [])];
    expect(cited).toContain('docs/checks.md');
    expect(cited.filter((p) => !existsSync(join(installedPackage, p)))).toEqual([]);
    expect(existsSync(join(installedPackage, 'LICENSE'))).toBe(true);
  });

  it('is importable as a library, main entry and kms-srv/testing, with types a strict project accepts', (ctx) => {
    if (unavailable) ctx.skip();
    const project = join(work, 'consumer');
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(prefix, 'lib', 'node_modules', 'kms-srv'), join(project, 'node_modules', 'kms-srv'), 'dir');
    symlinkSync(join(REPO, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const compilerOptions = {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out',
      // The package's own declarations are checked too: a type they name must ship with the package.
      skipLibCheck: false, types: ['node'],
    };
    // Both entries, used with their types: a lab responder from kms-srv/testing serves a zone on
    // loopback, the public Resolver asks it, selection orders the answer, the checks judge the zone.
    const uses = [
      "import { Resolver, orderRecords, seededRng, parseZoneText, factsFromZone, buildReport, findCode, isKmsSrvError, type SrvRecord, type CheckReport, type QueryResult } from 'kms-srv';",
      "import { startResponder, type RunningResponder } from 'kms-srv/testing';",
      'const zone = parseZoneText([',
      "  '$ORIGIN lab.test.', '$TTL 300', '@ SOA ns1 hostmaster 1 3600 600 86400 300', '@ NS ns1', 'ns1 A 127.0.0.1',",
      "  'kms1 A 192.0.2.10', 'kms2 A 192.0.2.11', '_vlmcs._tcp SRV 0 10 1688 kms1', '_vlmcs._tcp SRV 10 10 1688 kms2', '',",
      "].join('\\n'));",
      "const responder: RunningResponder = await startResponder({ zones: zone, host: '127.0.0.1' });",
      'try {',
      "  const resolver = new Resolver({ servers: [{ host: responder.host, port: responder.port }], timeoutMs: 2000, attempts: 2 });",
      "  const answer: QueryResult = await resolver.query('_vlmcs._tcp.lab.test', 'SRV');",
      "  const records: SrvRecord[] = answer.answers.map((r) => r.data as SrvRecord);",
      "  const order: SrvRecord[] = orderRecords(records, 'win7', seededRng(1));",
      "  const report: CheckReport = buildReport(factsFromZone(zone), 'zone');",
      "  console.log(JSON.stringify({ order: order.map((r) => r.target), errors: report.summary.error, code: findCode('0xC004F074')?.name ?? null, typed: isKmsSrvError(new Error('x')) }));",
      '} finally {',
      '  await responder.stop();',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(project, 'use.ts'), uses);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }));
    const checked = run(process.execPath, [TSC, '-p', 'tsconfig.json'], project);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);

    // The types are real: a profile that does not exist is refused.
    writeFileSync(join(project, 'misuse.ts'), uses.replace("'win7'", "'win95'"));
    writeFileSync(join(project, 'tsconfig.misuse.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true }, files: ['misuse.ts'] }));
    const refused = run(process.execPath, [TSC, '-p', 'tsconfig.misuse.json'], project);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toMatch(/error TS\d+: .*win95.*ClientProfile/);

    // And the compiled program runs from outside the repository, on loopback only.
    const ran = run(process.execPath, [join('out', 'use.js')], project, 30_000);
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ order: ['kms1.lab.test.', 'kms2.lab.test.'], errors: 0, code: 'KMS_NOT_CONTACTED', typed: false });
    // Three compiler runs over the package's declarations: a minute and more on a loaded 2-core machine.
  }, 400_000);
});
