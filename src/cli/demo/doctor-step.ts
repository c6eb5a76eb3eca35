// Demo step: `doctor` on the bundled broken zone, so a newcomer sees findings and their fixes.
import { indent, type DemoStep } from './step.js';

export const doctorStep: DemoStep = {
  title: () => 'Diagnose zones/broken.test.zone (kms-srv doctor broken.test): findings, fixes and the client error',
  async run(ctx) {
    const [{ parseZoneText }, { startResponder }, { runDoctor }, { formatDoctorText }, { shippedZoneText }] = await Promise.all([
      import('../../zonefile/parse.js'),
      import('../../dns/responder.js'),
      import('../../doctor/run-doctor.js'),
      import('../../doctor/text.js'),
      import('./shipped-zones.js'),
    ]);
    const responder = await startResponder({ zones: parseZoneText(shippedZoneText('broken.test.zone'), { file: 'zones/broken.test.zone' }) });
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
