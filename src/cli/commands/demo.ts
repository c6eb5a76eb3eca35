// `kms-srv demo` (what `npm start` runs): a KMS client's DNS lookup against a lab server, all on this
// machine. The demo is a list of steps sharing one context, so later features append their own step.
import type { CommandModule } from '../command.js';
import type { CliIo } from '../io.js';
import { hostPort } from '../../names/host-port.js';
import { vlmcsOwner } from '../../names/kms-service.js';
import { plural } from '../../util/text-table.js';
import { indent, type DemoContext, type DemoStep } from '../demo/step.js';

const serveStep: DemoStep = {
  title: () => 'Serve zones/example.test.zone with the built-in lab DNS server (not for production)',
  async run(ctx) {
    const [{ parseZoneText }, { startResponder }, { shippedZoneText }] = await Promise.all([
      import('../../zonefile/parse.js'),
      import('../../dns/responder.js'),
      import('../demo/shipped-zones.js'),
    ]);
    const zone = parseZoneText(shippedZoneText(ctx.zoneFile), { file: `zones/${ctx.zoneFile}` });
    ctx.responder = await startResponder({ zones: zone });
    ctx.server = { host: ctx.responder.host, port: ctx.responder.port };
    ctx.domain = zone.origin.replace(/\.$/, '');
    ctx.io.stdout.write(indent(`listening on ${ctx.responder.address} (UDP and TCP): zone ${zone.origin}, ${zone.records.length} records\n`));
  },
};

const lookupStep: DemoStep = {
  title: (ctx) => `Look up ${vlmcsOwner(ctx.domain ?? 'example.test')} SRV, as a Windows KMS client does`,
  async run(ctx) {
    if (!ctx.server) throw new Error('the lookup step needs the serve step first');
    const [{ Resolver, expectAnswers }, { formatLookupText }] = await Promise.all([import('../../dns/resolver.js'), import('../../dns/lookup-format.js')]);
    const resolver = new Resolver({ servers: [ctx.server], timeoutMs: 2000, attempts: 2 });
    ctx.srv = await resolver.query(vlmcsOwner(ctx.domain ?? 'example.test'), 'SRV');
    ctx.io.stdout.write(indent(formatLookupText(ctx.srv)));
    const hosts = expectAnswers(ctx.srv, 'SRV').map((r) => r.data as { priority: number; weight: number; port: number; target: string });
    ctx.io.stdout.write(indent(`${plural(hosts.length, 'KMS host')} published:\n`));
    for (const h of hosts) ctx.io.stdout.write(indent(`  ${hostPort(h.target, h.port)}  priority ${h.priority}, weight ${h.weight}\n`));
  },
};

/** The demo's steps in order: DNS, then discovery, then diagnosis. */
async function loadDemoSteps(): Promise<DemoStep[]> {
  const [{ discoverStep }, { doctorStep }] = await Promise.all([import('../demo/discover-step.js'), import('../demo/doctor-step.js')]);
  return [serveStep, lookupStep, discoverStep, doctorStep];
}

async function runDemo(io: CliIo): Promise<number> {
  const steps = await loadDemoSteps();
  const ctx: DemoContext = { io, zoneFile: 'example.test.zone', exitCode: 0 };
  io.stdout.write('kms-srv demo: a KMS client finding its hosts through DNS, all on this machine\n\n');
  try {
    for (const [i, step] of steps.entries()) {
      io.stdout.write(`${i + 1}. ${step.title(ctx)}\n`);
      await step.run(ctx);
      io.stdout.write('\n');
    }
  } finally {
    if (ctx.responder) {
      await ctx.responder.stop();
      io.stdout.write('Stopped the lab DNS server.\n');
    }
  }
  return ctx.exitCode;
}

export const register: CommandModule['register'] = (program, io, state) => {
  program
    .command('demo')
    .description('the whole tour on 127.0.0.1 (what npm start runs): serve the example zone, look up its SRV records, discover a host with a failover and the host cache, then doctor a broken zone')
    .action(async () => {
      state.exitCode = await runDemo(io);
    });
};
