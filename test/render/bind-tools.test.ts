// The DNS formats against the programs that consume them: named-checkzone, named-checkconf, a real
// named answering dig, and nsupdate applying the add and delete scripts under the generated policy.
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindMissing, runTool, startBind, type BindServer } from '../helpers/bind.js';
import { parsePlan } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';
import { getRenderer, type RenderContext } from '../../src/render/index.js';
import { planDomains } from '../../src/render/records.js';

const NOW = new Date('2026-03-04T05:06:07Z');
const examplePlanFile = path.join(import.meta.dirname, '../../zones/example.plan.json');
const examplePlan = parsePlan(readFileSync(examplePlanFile, 'utf8'), examplePlanFile);
// A second plan: odd ports, IPv6 only, a publish-only domain, several hosts per priority.
const widePlan = parsePlan(
  JSON.stringify({
    ttl: 300,
    tsigKey: { name: 'wide-key', algorithm: 'hmac-sha512' },
    hosts: [
      { name: 'a.lab.test', port: 65535, ipv6: ['2001:db8::a'], publish: [{ domain: 'lab.test', priority: 1, weight: 65535 }, { domain: 'sub.lab.test', priority: 2 }] },
      { name: 'b.lab.test', port: 1, ipv4: ['203.0.113.1', '203.0.113.10', '203.0.113.9'], publish: [{ domain: 'sub.lab.test', priority: 65535, weight: 1 }] },
      { name: 'c.sub.lab.test', ipv4: ['203.0.113.3'], publish: [{ domain: 'lab.test', priority: 1, weight: 0 }] },
    ],
  }),
  'wide.json',
);
const PLANS: Array<[string, Plan]> = [
  ['example plan', examplePlan],
  ['wide plan', widePlan],
];

function render(format: string, plan: Plan, context: Partial<RenderContext> = {}): string {
  return getRenderer(format).render(plan, { now: NOW, ...context }).text;
}

/** The SRV answers the plan stands for in `domain`, as dig +short prints them. */
function expectedSrv(plan: Plan, domain: string): string[] {
  return plan.hosts
    .flatMap((h) => h.publish.filter((e) => e.domain === domain).map((e) => `${e.priority} ${e.weight} ${h.port} ${h.name}.`))
    .sort();
}

let dir: string;
let keyFile: string;
let keyText: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-render-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function makeKey(name: string, algorithm: string): Promise<void> {
  const made = runTool('tsig-keygen', ['-a', algorithm, name]);
  expect(made.status).toBe(0);
  keyText = made.stdout;
  keyFile = path.join(dir, `${name}.key`);
  await fs.writeFile(keyFile, keyText);
}

function checkZone(zone: string, file: string): { status: number | null; out: string } {
  const r = runTool('named-checkzone', ['-S', 'fail', zone, file]);
  return { status: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(bindMissing('named-checkzone'))('named-checkzone / named-checkconf', () => {
  it.each(PLANS)('zone output for every domain of the %s loads', async (_label, plan) => {
    for (const domain of planDomains(plan)) {
      const text = render('zone', plan, { domain });
      const file = path.join(dir, `${domain}.zone`);
      await fs.writeFile(file, text);
      const r = checkZone(domain, file);
      expect(r.out).toContain(`loaded serial 2026030401`);
      expect(r.status, r.out).toBe(0);
    }
  });

  it.each(PLANS)('the bind snippet of the %s loads inside a minimal zone', async (label, plan) => {
    const apex = label === 'example plan' ? 'example.test' : 'lab.test';
    const wrapper = `${apex}. 60 IN SOA ns1.${apex}. hostmaster.${apex}. 1 3600 900 1209600 300\n${apex}. 60 IN NS ns1.${apex}.\nns1.${apex}. 60 IN A 127.0.0.1\n`;
    const file = path.join(dir, `${apex}.snippet.zone`);
    await fs.writeFile(file, wrapper + render('bind', plan));
    const r = checkZone(apex, file);
    expect(r.status, r.out).toBe(0);
  });

  it.each(PLANS)('named-conf of the %s passes named-checkconf with a tsig-keygen key and with allow-update any', async (_label, plan) => {
    await makeKey(plan.tsigKey?.name ?? 'kms-srv-update', plan.tsigKey?.algorithm ?? 'hmac-sha256');
    const secret = /secret "([^"]+)"/.exec(keyText)?.[1] ?? '';
    for (const context of [{ key: { name: plan.tsigKey?.name ?? '', algorithm: plan.tsigKey?.algorithm ?? '', secret } }, { allowUpdateAny: true }]) {
      const file = path.join(dir, 'fragment.conf');
      await fs.writeFile(file, render('named-conf', plan, context));
      const r = runTool('named-checkconf', [file]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
    }
  });
});

/** Records of a zone by AXFR, SOA left out, as "owner ttl class type data" with single spaces. */
function axfr(server: BindServer, zone: string): string[] {
  const r = runTool('dig', ['@127.0.0.1', '-p', String(server.port), zone, 'AXFR', '+nocmd', '+nostats', '+nocomments', '+noquestion']);
  expect(r.status).toBe(0);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/).join(' '))
    .filter((l) => l !== '' && !l.startsWith(';') && !/ IN SOA /.test(l))
    .sort();
}

function digShort(server: BindServer, name: string, type: string): string[] {
  const r = runTool('dig', ['@127.0.0.1', '-p', String(server.port), name, type, '+short']);
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '').sort();
}

/** Per-zone update-policy clauses from the named-conf output, for startBind. */
function policies(conf: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of conf.matchAll(/zone "([^"]+)" \{[\s\S]*?(update-policy \{[\s\S]*?\};)/g)) out.set(m[1] as string, m[2] as string);
  return out;
}

function keyClause(conf: string): string {
  return /key "[^"]+" \{[\s\S]*?\n\};/.exec(conf)?.[0] ?? '';
}

describe.skipIf(bindMissing())('a real named', () => {
  it.each(PLANS)('serves the zone output of the %s: dig returns the plan records', async (_label, plan) => {
    const domains = planDomains(plan);
    const server = await startBind({ zones: domains.map((d) => ({ name: d, text: render('zone', plan, { domain: d }) })) });
    try {
      for (const domain of domains) {
        expect(digShort(server, `_vlmcs._tcp.${domain}`, 'SRV')).toEqual(expectedSrv(plan, domain));
      }
      for (const host of plan.hosts) {
        expect(digShort(server, host.name, 'A')).toEqual([...host.ipv4].sort());
        expect(digShort(server, host.name, 'AAAA')).toEqual([...host.ipv6].sort());
      }
    } finally {
      await server.stop();
    }
  });

  it.each(PLANS)('nsupdate scripts of the %s add the records under the generated update-policy and delete exactly them', async (_label, plan) => {
    const keyName = plan.tsigKey?.name ?? 'kms-srv-update';
    await makeKey(keyName, plan.tsigKey?.algorithm ?? 'hmac-sha256');
    const secret = /secret "([^"]+)"/.exec(keyText)?.[1] ?? '';
    const conf = render('named-conf', plan, { key: { name: keyName, algorithm: plan.tsigKey?.algorithm ?? 'hmac-sha256', secret } });
    const policy = policies(conf);
    const domains = planDomains(plan);
    // Zones start with records of their own that the scripts must leave alone (at the plan's TTL:
    // adding to an RRset gives the whole set the new TTL, RFC 2181 §5.2).
    const zones = domains.map((d) => ({
      name: d,
      clause: `  ${policy.get(d) ?? ''}`,
      text: [
        `${d}. 60 IN SOA ns.${d}. hostmaster.${d}. 1 3600 900 1209600 300`,
        `${d}. 60 IN NS ns.${d}.`,
        `ns.${d}. 60 IN A 127.0.0.1`,
        `_vlmcs._tcp.${d}. ${plan.ttl} IN SRV 50 0 1688 legacy.${d}.`,
        `legacy.${d}. 60 IN A 192.0.2.250`,
        '',
      ].join('\n'),
    }));
    expect(policy.size).toBe(domains.length);
    const server = await startBind({ zones, extra: keyClause(conf), options: 'allow-transfer { any; };' });
    try {
      const before = domains.map((d) => axfr(server, d));
      const nsupdate = (context: Partial<RenderContext>): void => {
        const r = runTool('nsupdate', ['-k', keyFile], render('nsupdate', plan, { server: server.address, ...context }));
        expect(r.status, r.stdout + r.stderr).toBe(0);
      };
      nsupdate({});
      for (const domain of domains) {
        expect(digShort(server, `_vlmcs._tcp.${domain}`, 'SRV')).toEqual([...expectedSrv(plan, domain), `50 0 1688 legacy.${domain}.`].sort());
      }
      for (const host of plan.hosts) expect(digShort(server, host.name, 'A')).toEqual([...host.ipv4].sort());
      nsupdate({ delete: true });
      expect(domains.map((d) => axfr(server, d))).toEqual(before);
    } finally {
      await server.stop();
    }
  });

  it.each(PLANS)('loads the named-conf output of the %s verbatim beside the zone output, and serves the plan records', async (_label, plan) => {
    const keyName = plan.tsigKey?.name ?? 'kms-srv-update';
    await makeKey(keyName, plan.tsigKey?.algorithm ?? 'hmac-sha256');
    const secret = /secret "([^"]+)"/.exec(keyText)?.[1] ?? '';
    const conf = render('named-conf', plan, { key: { name: keyName, algorithm: plan.tsigKey?.algorithm ?? 'hmac-sha256', secret } });
    const domains = planDomains(plan);
    // The fragment names its zone files "<domain>.zone" relative to named's directory: write them there.
    const fileNames = [...conf.matchAll(/file "([^"]+)";/g)].map((m) => m[1]!);
    expect(fileNames.sort()).toEqual(domains.map((d) => `${d}.zone`).sort());
    const server = await startBind({
      zones: [],
      files: domains.map((d) => ({ name: `${d}.zone`, text: render('zone', plan, { domain: d }) })),
      extra: conf,
      probeZone: domains[0]!,
    });
    try {
      for (const domain of domains) expect(digShort(server, `_vlmcs._tcp.${domain}`, 'SRV')).toEqual(expectedSrv(plan, domain));
      for (const host of plan.hosts) expect(digShort(server, host.name, 'A')).toEqual([...host.ipv4].sort());
      // Its update-policy, as written, grants the key the plan's records (a denied name would be REFUSED).
      const r = runTool('nsupdate', ['-k', keyFile], render('nsupdate', plan, { server: server.address }));
      expect(r.status, r.stdout + r.stderr).toBe(0);
      for (const domain of domains) expect(digShort(server, `_vlmcs._tcp.${domain}`, 'SRV')).toEqual(expectedSrv(plan, domain));
      // The delete script is accepted too: the lab zone's NS is not a KMS host whose addresses it removes.
      const d = runTool('nsupdate', ['-k', keyFile], render('nsupdate', plan, { server: server.address, delete: true }));
      expect(d.status, d.stdout + d.stderr).toBe(0);
      for (const domain of domains) expect(digShort(server, `_vlmcs._tcp.${domain}`, 'SRV')).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('the generated update-policy refuses the key outside the KMS names', async () => {
    const keyName = examplePlan.tsigKey?.name ?? '';
    await makeKey(keyName, 'hmac-sha256');
    const secret = /secret "([^"]+)"/.exec(keyText)?.[1] ?? '';
    const conf = render('named-conf', examplePlan, { key: { name: keyName, algorithm: 'hmac-sha256', secret } });
    const zone = { name: 'example.test', clause: `  ${policies(conf).get('example.test') ?? ''}`, text: render('zone', examplePlan, { domain: 'example.test' }) };
    const server = await startBind({ zones: [zone], extra: keyClause(conf) });
    try {
      const script = `server 127.0.0.1 ${server.port}\nzone example.test.\nupdate add www.example.test. 60 IN A 192.0.2.80\nsend\n`;
      const r = runTool('nsupdate', ['-k', keyFile], script);
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/REFUSED/);
      expect(digShort(server, 'www.example.test', 'A')).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
