// A UDP relay on loopback that delays every datagram by D ms each way, so a loopback server looks as far
// away as a real one (2 × D ms of round trip). For the far-server row of bench/run.mjs (issue 14).
//   node bench/relay.mjs <delay-ms> <server-host> <server-port>   prints "port N" once listening
// Each client address gets its own upstream socket, so replies go back to whoever asked. Datagrams wait
// in one FIFO per direction behind one timer (every delay is the same, so FIFO order is due order).
// It exits when its stdin closes (the bench that started it ended) or after MAX_LIFETIME_MS.
import dgram from 'node:dgram';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAX_CLIENTS = 1024;
const MAX_QUEUED = 200_000;
const MAX_LIFETIME_MS = 30 * 60_000;

/** A FIFO of datagrams each sent `delayMs` after it was queued. */
function delayLine(delayMs) {
  const items = [];
  let head = 0;
  let timer;
  const flush = () => {
    timer = undefined;
    const now = performance.now();
    while (head < items.length && items[head].due <= now + 0.5) {
      const item = items[head];
      items[head++] = undefined;
      item.send(item.message);
    }
    if (head > 4096 && head * 2 > items.length) {
      items.splice(0, head);
      head = 0;
    }
    if (head < items.length) timer = setTimeout(flush, Math.max(0, items[head].due - performance.now()));
  };
  return (message, send) => {
    // Beyond this the relay drops, as a full router queue would (bounded memory).
    if (items.length - head >= MAX_QUEUED) return;
    items.push({ due: performance.now() + delayMs, message, send });
    timer ??= setTimeout(flush, delayMs);
  };
}

function relay(delayMs, host, port) {
  const family = host.includes(':') ? 'udp6' : 'udp4';
  const front = dgram.createSocket(family);
  const toServer = delayLine(delayMs);
  const toClient = delayLine(delayMs);
  const upstream = new Map();
  front.on('message', (message, remote) => {
    const key = `${remote.address} ${remote.port}`;
    let socket = upstream.get(key);
    if (!socket) {
      if (upstream.size >= MAX_CLIENTS) return;
      socket = dgram.createSocket(family);
      socket.on('message', (reply) => toClient(reply, (m) => front.send(m, remote.port, remote.address)));
      socket.on('error', () => {});
      socket.connect(port, host);
      upstream.set(key, socket);
    }
    const s = socket;
    toServer(message, (m) => s.send(m));
  });
  front.on('error', () => {});
  return new Promise((resolve) => front.bind(0, family === 'udp6' ? '::1' : '127.0.0.1', () => resolve(front.address().port)));
}

/** Start the relay as a child process (its own event loop: the bench blocks in spawnSync). */
export function startRelay(delayMs, host, port) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(delayMs), host, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`relay exited ${code}`)));
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /port (\d+)/.exec(text);
      if (m) resolve({ host: '127.0.0.1', port: Number(m[1]), address: `127.0.0.1:${m[1]}`, stop: () => child.kill() });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [delay, host, port] = process.argv.slice(2);
  const relayPort = await relay(Number(delay), host, Number(port));
  process.stdout.write(`port ${relayPort}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
  setTimeout(() => process.exit(0), MAX_LIFETIME_MS).unref();
}
