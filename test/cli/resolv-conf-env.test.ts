// Every DNS command reads the resolv.conf that KMS_SRV_RESOLV_CONF names, not only lookup and audit.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';

describe('KMS_SRV_RESOLV_CONF', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-resolv-'));
    const file = path.join(dir, 'resolv.conf');
    await fs.writeFile(file, 'nameserver 127.0.0.1\ndomain from-env.test\noptions timeout:1 attempts:1\n');
    env = { KMS_SRV_RESOLV_CONF: file };
  });
  afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

  it.each([
    // --server pins a loopback server, so even a regression that read /etc/resolv.conf sends nothing off the machine.
    ['discover', ['discover', '--probe', 'none', '--server', '127.0.0.1:9', '--json']],
    ['doctor', ['doctor', '--no-probe', '--server', '127.0.0.1:9', '--json']],
  ])('%s takes its search domain from the named file', async (_name, args) => {
    const io = memoryIo(env);
    await run(args, io);
    expect(io.out()).toContain('_vlmcs._tcp.from-env.test');
  });
});
