// Demo step: `doctor` on the bundled broken zone, so a newcomer sees findings and their fixes.
import { fileURLToPath } from 'node:url';
import { indent, type DemoStep } from './step.js';

// dist/cli/demo/ and src/cli/demo/ both sit three levels below the package root.
const BROKEN_DEMO_ZONE = fileURLToPath(new URL('../../../zones/broken.test.zone', import.meta.url));

export const doctorStep: DemoStep = {
  title: () => 'Diagnose zones/broken.test.zone (kms-srv doctor broken.test): findings, fixes and the client error',
  async run(ctx) {
    const [{ parseZoneFile }, { startResponder }, { runDoctor }, { formatDoctorText }] = await Promise.all([
      import('../../zonefile/parse.js'),
      import('../../dns/responder.js'),
      import('../../doctor/run-doctor.js'),
      import('../../doctor/text.js'),
    ]);
    const responder = await startResponder({ zones: await parseZoneFile(BROKEN_DEMO_ZONE) });
    try {
      ctx.io.stdout.write(indent(`broken.test served on ${responder.address}; its hosts point at 127.0.0.1, where no KMS listens\n\n`));
      // The lab server is the zone's only authoritative server; its NS name would be asked on port 53.
      const result = await runDoctor({
        domains: ['broken.test'],
        servers: [responder.address],
        authoritative: [responder.address],
        probe: 'tcp',
        probeTimeoutMs: 500,
        timeoutMs: 1000,
        attempts: 2,
      });
      ctx.io.stdout.write(indent(formatDoctorText(result)));
      // Findings are the point of this step: they do not make the demo fail.
    } finally {
      await responder.stop();
    }
  },
};
