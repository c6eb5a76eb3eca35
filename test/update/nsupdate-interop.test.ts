// Known vectors from an independent implementation: the real `nsupdate -k` signs an UPDATE, a
// loopback TCP listener captures it, and our builder and signer must reproduce it.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUpdate } from '../../src/update/build.js';
import { extractTsig, computeMac, signMessage } from '../../src/update/tsig.js';
import { TSIG_ALGORITHMS, parseTsigKeys, type TsigAlgorithm } from '../../src/update/tsig-key.js';
import { walkMessage } from '../../src/update/wire.js';
import { bindMissing, findBinary, runTool } from '../helpers/bind.js';

/** Runs nsupdate against a listener that keeps the first message and hangs up. Bounded by a timer. */
async function captureNsupdate(keyFile: string, commands: string[]): Promise<Buffer> {
  let resolveCapture: (b: Buffer) => void = () => undefined;
  const captured = new Promise<Buffer>((resolve) => (resolveCapture = resolve));
  const server = net.createServer((socket) => {
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
        resolveCapture(data.subarray(2, 2 + data.readUInt16BE(0)));
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const child = spawn(findBinary('nsupdate') ?? 'nsupdate', ['-v', '-t', '3', '-k', keyFile], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.end([`server 127.0.0.1 ${port}`, ...commands, 'send', ''].join('\n'));
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('nsupdate sent nothing within 10 s')), 10_000));
  try {
    return await Promise.race([captured, timeout]);
  } finally {
    child.kill();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

const ALGORITHMS = Object.keys(TSIG_ALGORITHMS) as TsigAlgorithm[];

describe.skipIf(bindMissing('nsupdate') || bindMissing('tsig-keygen'))('interoperability with nsupdate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-nsupdate-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it.each(ALGORITHMS)('our %s MAC over nsupdate\'s request equals its MAC, and re-signing gives the same bytes', async (alg) => {
    const text = runTool('tsig-keygen', ['-a', alg, `interop-${alg}`]).stdout;
    const keyFile = path.join(dir, `${alg}.key`);
    await fs.writeFile(keyFile, text);
    const [key] = parseTsigKeys(text);
    const request = await captureNsupdate(keyFile, ['zone example.test', 'update add kms9.example.test. 600 A 192.0.2.99']);
    const parts = extractTsig(request);
    expect(parts?.record.keyName).toBe(`interop-${alg}.`);
    expect(parts?.record.algorithmName).toBe(TSIG_ALGORITHMS[alg].wireName);
    expect(computeMac(key!, parts!.unsigned, parts!.record).toString('hex')).toBe(parts!.record.mac.toString('hex'));
    expect(signMessage(parts!.unsigned, key!, parts!.record.timeSigned, parts!.record.fudge).message.toString('hex')).toBe(request.toString('hex'));
  });

  it('builds the same zone, prerequisite and update sections as nsupdate', async () => {
    const text = runTool('tsig-keygen', ['-a', 'hmac-sha256', 'interop-sections']).stdout;
    const keyFile = path.join(dir, 'sections.key');
    await fs.writeFile(keyFile, text);
    const request = await captureNsupdate(keyFile, [
      'zone example.test',
      'prereq nxrrset _vlmcs._tcp.example.test. SRV',
      'prereq yxrrset kms9.example.test. A 192.0.2.98',
      'update add _vlmcs._tcp.example.test. 3600 SRV 0 60 1688 kms9.example.test.',
      'update delete kms9.example.test. A 192.0.2.98',
      'update add kms9.example.test. 3600 AAAA 2001:db8::99',
    ]);
    const ours = buildUpdate({
      id: request.readUInt16BE(0),
      zone: 'example.test.',
      prerequisites: [
        { kind: 'rrset-absent', name: '_vlmcs._tcp.example.test.', type: 'SRV' },
        { kind: 'rrset-equals', name: 'kms9.example.test.', type: 'A', records: [{ name: 'kms9.example.test.', type: 'A', ttl: 3600, data: '192.0.2.98' }] },
      ],
      changes: [
        { op: 'add', record: { name: '_vlmcs._tcp.example.test.', type: 'SRV', ttl: 3600, data: { priority: 0, weight: 60, port: 1688, target: 'kms9.example.test.' } } },
        { op: 'delete', record: { name: 'kms9.example.test.', type: 'A', ttl: 3600, data: '192.0.2.98' } },
        { op: 'add', record: { name: 'kms9.example.test.', type: 'AAAA', ttl: 3600, data: '2001:db8::99' } },
      ],
    });
    // nsupdate compresses owner names, so compare entries field by field, RDATA as bytes.
    const entries = (msg: Buffer) => {
      const layout = walkMessage(msg);
      return {
        flags: layout.flags,
        records: layout.records
          .filter((r) => r.type !== 250)
          .map((r) => ({ section: r.section, name: r.name, type: r.type, klass: r.klass, ttl: r.ttl, rdata: msg.subarray(r.rdataStart, r.end).toString('hex') })),
      };
    };
    expect(entries(ours)).toEqual(entries(extractTsig(request)!.unsigned));
  });
});
