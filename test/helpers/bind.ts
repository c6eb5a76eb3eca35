// A real BIND `named` for integration tests: config and zones in a temp directory, a free port on
// 127.0.0.1, started in the foreground (-g) and stopped by PID. Missing `named` is a loud skip
// locally and a failure in CI (CI=true).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { promises as fs, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import dnsPacket from 'dns-packet';

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

export interface BindZone {
  /** Zone apex without trailing dot, e.g. "example.test". */
  name: string;
  /** Zone file text; written to the temp directory. */
  text: string;
  /** Extra statements inside the zone clause, e.g. an update-policy. */
  clause?: string;
}

export interface BindOptions {
  zones: BindZone[];
  /** Extra top-level statements (key clauses …). */
  extra?: string;
  /** Extra statements inside `options { }`. */
  options?: string;
  /** Files written into named's directory without a zone clause (zones that `extra` declares itself). */
  files?: Array<{ name: string; text: string }>;
  /** The zone whose SOA tells that named is up; default the first of `zones`. */
  probeZone?: string;
}

export interface BindServer {
  host: string;
  port: number;
  dir: string;
  /** "127.0.0.1:PORT" for --server. */
  address: string;
  zoneFile(name: string): string;
  stop(): Promise<void>;
}

/** A port free for both UDP and TCP on 127.0.0.1. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, host, () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const sock = dgram.createSocket('udp4');
      sock.once('error', () => resolve(false));
      sock.bind(port, host, () => sock.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port found after 20 attempts');
}

async function querySoa(host: string, port: number, zone: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      sock.close();
      resolve(false);
    }, timeoutMs);
    sock.once('message', (msg) => {
      clearTimeout(timer);
      sock.close();
      try {
        // dns-packet decodes rcode but its typings omit it.
        const p = dnsPacket.decode(msg) as dnsPacket.DecodedPacket & { rcode?: string };
        resolve(p.rcode === 'NOERROR' && (p.answers ?? []).length > 0);
      } catch {
        resolve(false);
      }
    });
    sock.once('error', () => {
      clearTimeout(timer);
      sock.close();
      resolve(false);
    });
    const q = dnsPacket.encode({ type: 'query', id: 4242, flags: 0, questions: [{ type: 'SOA', name: zone, class: 'IN' }] });
    sock.send(q, port, host);
  });
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export async function startBind(opts: BindOptions): Promise<BindServer> {
  if (!NAMED) throw new Error('named is not installed');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-bind-'));
  const host = '127.0.0.1';
  const port = await freePort(host);
  const zoneClauses: string[] = [];
  for (const extraFile of opts.files ?? []) await fs.writeFile(path.join(dir, extraFile.name), extraFile.text);
  for (const zone of opts.zones) {
    const file = path.join(dir, `${zone.name}.zone`);
    await fs.writeFile(file, zone.text);
    zoneClauses.push(`zone "${zone.name}" {\n  type primary;\n  file "${file}";\n${zone.clause ?? ''}\n};`);
  }
  const conf = `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port ${port} { ${host}; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  ${opts.options ?? ''}
};
controls { };
${opts.extra ?? ''}
${zoneClauses.join('\n')}
`;
  const confFile = path.join(dir, 'named.conf');
  await fs.writeFile(confFile, conf);
  const args = ['-g', '-n', '1', '-c', confFile];
  if (isRoot()) {
    // named drops to the bind user; it must be able to write journals and the pid file.
    spawnSync('chown', ['-R', 'bind:bind', dir]);
    await fs.chmod(dir, 0o755);
    args.push('-u', 'bind');
  }
  const child: ChildProcess = spawn(NAMED, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const probeZone = opts.probeZone ?? opts.zones[0]?.name ?? '.';
  const deadline = Date.now() + 15_000;
  let ready = false;
  while (!ready && !exited && Date.now() < deadline) {
    ready = await querySoa(host, port, probeZone, 200);
    if (!ready) await new Promise((r) => setTimeout(r, 50));
  }
  if (!ready) {
    child.kill('SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(`named did not start on ${host}:${port}:\n${log.slice(-4000)}`);
  }

  return {
    host,
    port,
    dir,
    address: `${host}:${port}`,
    zoneFile: (name) => path.join(dir, `${name}.zone`),
    async stop() {
      if (!exited) {
        const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await done;
        clearTimeout(timer);
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Run a BIND utility (dig, named-checkzone, nsupdate…) synchronously, bounded in time. */
export function runTool(tool: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const bin = findBinary(tool, [`/usr/sbin/${tool}`, `/usr/bin/${tool}`]) ?? tool;
  const r = spawnSync(bin, args, { encoding: 'utf8', input, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
