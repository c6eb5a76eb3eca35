// Demo step: a KMS client's whole discovery against lab stand-ins — the selection order, a failover
// past a dead host, and the host cache answering the second run. Everything listens on 127.0.0.1.
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { indent, type DemoStep } from './step.js';

/** A loopback port nothing listens on: the "dead KMS host". */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The lab zone: kms1 (dead) and kms2 share priority 0, kms3 is the priority-10 fallback. */
function labZoneText(ports: { dead: number; kms2: number; kms3: number }): string {
  return `$ORIGIN lab.test.
$TTL 300
@            SOA  ns1 hostmaster 2026112301 3600 900 1209600 300
             NS   ns1
ns1          A    127.0.0.1
_vlmcs._tcp  SRV  0 60 ${ports.dead} kms1.lab.test.
             SRV  0 40 ${ports.kms2} kms2.lab.test.
             SRV  10 0 ${ports.kms3} kms3.lab.test.
kms1         A    127.0.0.1
kms2         A    127.0.0.1
kms3         A    127.0.0.1
`;
}

export const discoverStep: DemoStep = {
  title: () => 'Discover a KMS host like a Windows client: kms1 is down, kms2 and kms3 answer the KMS RPC bind',
  async run(ctx) {
    const [{ parseZoneText }, { startResponder }, { startKmsStandIn }, { runDiscover }, { formatDiscoverText }] = await Promise.all([
      import('../../zonefile/parse.js'),
      import('../../dns/responder.js'),
      import('../../kms/stand-in.js'),
      import('../../kms/run-discover.js'),
      import('../../kms/discover-text.js'),
    ]);
    const kms2 = await startKmsStandIn({ answerBind: true });
    const kms3 = await startKmsStandIn({ answerBind: true });
    const dead = await closedPort();
    const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-demo-'));
    const responder = await startResponder({ zones: parseZoneText(labZoneText({ dead, kms2: kms2.port, kms3: kms3.port }), { file: 'lab.test (demo)' }) });
    try {
      ctx.io.stdout.write(
        indent(
          `lab zone lab.test served on ${responder.address}; stand-ins (not real KMS hosts) on 127.0.0.1:${kms2.port} and :${kms3.port}; ` +
            `port ${dead} is closed\n\n`,
        ),
      );
      const options = {
        domains: ['lab.test'],
        servers: [responder.address],
        probe: 'rpc' as const,
        probeTimeoutMs: 1000,
        stateFile: path.join(stateDir, 'state.json'),
        // A fixed seed picks kms1 first, so the failover shows every time.
        seed: '7',
      };
      for (const [run, heading] of ['First run: no cached host yet', 'Second run: the cached host is asked first, DNS is not needed'].entries()) {
        ctx.io.stdout.write(indent(`-- ${heading} (kms-srv discover --domain lab.test --probe rpc --state FILE --seed 7)\n`));
        const report = await runDiscover(options);
        ctx.io.stdout.write(indent(formatDiscoverText(report)));
        if (run === 0) ctx.io.stdout.write('\n');
        if (report.exitCode !== 0) ctx.exitCode = report.exitCode;
      }
    } finally {
      await responder.stop();
      await Promise.all([kms2.close(), kms3.close()]);
      await fs.rm(stateDir, { recursive: true, force: true });
    }
  },
};
