// A real BIND `named` for benchmarks, started the way test/helpers/bind.ts starts one for tests
// (bench must not depend on vitest or TypeScript): config and zones in a temp directory, a free port
// on 127.0.0.1, `named -g` in the foreground, stopped by PID.
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Absolute path of a tool, or undefined when it is not installed. */
export function which(tool) {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) {
    if (existsSync(path.join(dir, tool))) return path.join(dir, tool);
  }
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

async function freePort(host) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, host, () => {
        const p = server.address().port;
        server.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise((resolve) => {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, host, () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port after 20 attempts');
}

/** Ready when `dig`-free probing works: any reply to an SOA query for the first zone. */
function answers(host, port, zone) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(false);
    }, 200);
    socket.once('message', () => {
      clearTimeout(timer);
      socket.close();
      resolve(true);
    });
    // A minimal SOA query, ID 0x4242, for `zone`.
    const labels = zone.split('.').flatMap((l) => [l.length, ...Buffer.from(l)]);
    const query = Buffer.from([0x42, 0x42, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 6, 0, 1]);
    socket.send(query, port, host);
  });
}

/**
 * zones: [{ name, text }]; a zone with `text: null` is declared with a file that does not exist, so
 * BIND fails to load it and answers SERVFAIL for it.
 */
export async function startBind(zones, { threads = 1 } = {}) {
  const named = which('named');
  if (!named) throw new Error('named is not installed');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-bench-bind-'));
  const host = '127.0.0.1';
  const port = await freePort(host);
  const clauses = [];
  for (const zone of zones) {
    const file = path.join(dir, `${zone.name}.zone`);
    if (zone.text !== null) await fs.writeFile(file, zone.text);
    clauses.push(`zone "${zone.name}" { type primary; file "${file}"; };`);
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
};
controls { };
${clauses.join('\n')}
`;
  await fs.writeFile(path.join(dir, 'named.conf'), conf);
  const args = ['-g', '-n', String(threads), '-c', path.join(dir, 'named.conf')];
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    spawnSync('chown', ['-R', 'bind:bind', dir]);
    await fs.chmod(dir, 0o755);
    args.push('-u', 'bind');
  }
  const child = spawn(named, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  let ready = false;
  while (!ready && !exited && Date.now() < deadline) {
    ready = await answers(host, port, zones[0].name);
    if (!ready) await new Promise((r) => setTimeout(r, 50));
  }
  if (!ready) {
    child.kill('SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(`named did not start:\n${log.slice(-3000)}`);
  }
  return {
    host,
    port,
    dir,
    address: `${host}:${port}`,
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(timer);
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
