// A real BIND `named` on 127.0.0.1 for tests and benchmarks alike: config and zones in a temp
// directory, a free port, `named -g` in the foreground, stopped by PID. Plain JavaScript, so the
// benchmarks (no vitest, no TypeScript) use the same code as the tests.
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import dnsPacket from 'dns-packet';

/** Absolute path of a tool, or undefined when it is not installed. */
export function which(tool) {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) {
    if (existsSync(path.join(dir, tool))) return path.join(dir, tool);
  }
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/** A port free for both UDP and TCP on `host`. */
export async function freePort(host = '127.0.0.1') {
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
  throw new Error('no free port found after 20 attempts');
}

/** True once named answers an SOA query for `zone` with NOERROR and an answer. */
function answersSoa(host, port, zone, timeoutMs) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const finish = (ok) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('message', (msg) => {
      try {
        const reply = dnsPacket.decode(msg);
        finish(reply.rcode === 'NOERROR' && (reply.answers ?? []).length > 0);
      } catch {
        finish(false);
      }
    });
    socket.once('error', () => finish(false));
    socket.send(dnsPacket.encode({ type: 'query', id: 4242, flags: 0, questions: [{ type: 'SOA', name: zone, class: 'IN' }] }), port, host);
  });
}

/**
 * options.zones: [{ name, text, clause? }] — `text: null` declares the zone with a file that does
 * not exist, so BIND fails to load it and answers SERVFAIL. options.extra: top-level statements;
 * options.options: statements inside `options { }`; options.files: [{ name, text }] written beside
 * named.conf without a zone clause; options.probeZone: the zone whose SOA says named is up (default
 * the first zone); options.threads: named's worker threads (default 1); options.recursion: answer
 * recursive queries from loopback (for forward zones: a resolver in front of other servers);
 * options.readyWithinMs: how long named may take to load its zones and answer (default 30 s; a
 * benchmark's zone of 100,000 domains takes longer on a busy machine).
 */
export async function startNamed(options) {
  const named = which('named');
  if (!named) throw new Error('named is not installed');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-bind-'));
  const host = '127.0.0.1';
  const port = await freePort(host);
  for (const extraFile of options.files ?? []) await fs.writeFile(path.join(dir, extraFile.name), extraFile.text);
  const clauses = [];
  for (const zone of options.zones) {
    const file = path.join(dir, `${zone.name}.zone`);
    if (zone.text !== null) await fs.writeFile(file, zone.text);
    clauses.push(`zone "${zone.name}" {\n  type primary;\n  file "${file}";\n${zone.clause ?? ''}\n};`);
  }
  const conf = `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port ${port} { ${host}; };
  listen-on-v6 { none; };
  recursion ${options.recursion ? 'yes; allow-recursion { 127.0.0.1; }' : 'no'};
  dnssec-validation no;
  notify no;
  ${options.options ?? ''}
};
controls { };
${options.extra ?? ''}
${clauses.join('\n')}
`;
  const confFile = path.join(dir, 'named.conf');
  await fs.writeFile(confFile, conf);
  const args = ['-g', '-n', String(options.threads ?? 1), '-c', confFile];
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    // named drops to the bind user; it must be able to write journals and the pid file.
    spawnSync('chown', ['-R', 'bind:bind', dir]);
    await fs.chmod(dir, 0o755);
    args.push('-u', 'bind');
  }
  const child = spawn(named, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => {
    log = (log + chunk.toString()).slice(-100_000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const probeZone = options.probeZone ?? options.zones[0]?.name ?? '.';
  const deadline = Date.now() + (options.readyWithinMs ?? 30_000);
  let ready = false;
  while (!ready && !exited && Date.now() < deadline) {
    ready = await answersSoa(host, port, probeZone, 200);
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
        const gone = new Promise((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
