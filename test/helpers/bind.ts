// A real BIND `named` for integration tests (started by named.mjs, which the benchmarks share), plus
// the BIND utilities. Missing `named` is a loud skip locally and a failure in CI (CI=true).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startNamed, type NamedOptions, type NamedServer } from './named.mjs';

const NAMED_CANDIDATES = ['/usr/sbin/named', '/usr/bin/named', '/usr/local/sbin/named'];

export function findBinary(name: string, extra: string[] = []): string | undefined {
  for (const candidate of extra) if (existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const p = found.stdout.trim();
  return found.status === 0 && p ? p : undefined;
}

export const NAMED = findBinary('named', NAMED_CANDIDATES);

/**
 * True when BIND tests must be skipped. In CI a missing `named` throws instead, so the suite fails.
 * Use as `describe.skipIf(bindMissing())(...)`.
 */
export function bindMissing(tool = 'named'): boolean {
  const bin = tool === 'named' ? NAMED : findBinary(tool, [`/usr/sbin/${tool}`, `/usr/bin/${tool}`]);
  if (bin) return false;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${tool} is not installed but CI=true: install bind9 bind9-utils bind9-dnsutils (see .ci/run)`);
  }
  process.stderr.write(`\n*** SKIPPING tests that need ${tool}: it is not installed (apt-get install bind9 bind9-utils bind9-dnsutils) ***\n\n`);
  return true;
}

export { freePort } from './named.mjs';
export type { NamedZone as BindZone, NamedOptions as BindOptions, NamedServer as BindServer } from './named.mjs';

/** Starts a real named (see named.mjs, shared with the benchmarks). */
export async function startBind(options: NamedOptions): Promise<NamedServer> {
  if (!NAMED) throw new Error('named is not installed');
  return startNamed(options);
}

/** Run a BIND utility (dig, named-checkzone, nsupdate…) synchronously, bounded in time. */
export function runTool(tool: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const bin = findBinary(tool, [`/usr/sbin/${tool}`, `/usr/bin/${tool}`]) ?? tool;
  const r = spawnSync(bin, args, { encoding: 'utf8', input, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
