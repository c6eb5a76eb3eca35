import { describe, expect, it } from 'vitest';
import { MAX_REPORTED, parsePlan, parsePlanDetailed } from '../../src/plan/load.js';
import { isKmsSrvError, type KmsSrvError } from '../../src/util/errors.js';

function failure(text: string, file = 'plan.json'): KmsSrvError {
  try {
    parsePlan(text, file);
  } catch (error) {
    if (isKmsSrvError(error)) return error;
    throw error;
  }
  throw new Error('plan was accepted');
}

describe('parsePlan: publishing per host', () => {
  const hosts = [{ name: 'kms1.example.test', publishing: 'manual' }, { name: 'kms2.example.test' }];

  it.each([
    [undefined, ['manual', 'auto']],
    ['manual', ['manual', 'manual']],
    ['auto', ['manual', 'auto']],
  ] as const)('plan-wide %s: each host takes its own value, else the plan\'s', (publishing, expected) => {
    const plan = parsePlan(JSON.stringify({ ...(publishing ? { publishing } : {}), hosts }), 'p.json');
    expect(plan.publishing).toBe(publishing ?? 'auto');
    expect(plan.hosts.map((h) => h.publishing)).toEqual(expected);
  });

  it('refuses an unknown host publishing value with its JSON pointer', () => {
    const error = failure(JSON.stringify({ hosts: [{ name: 'kms1.example.test' }, { name: 'kms2.example.test', publishing: 'sometimes' }] }));
    expect(error.message).toContain('/hosts/1/publishing: must be one of "auto", "manual", got the text "sometimes"');
  });
});

describe('parsePlan: normalisation', () => {
  const plan = parsePlan(
    JSON.stringify({
      contact: 'Admin@Example.Test',
      tsigKey: { name: 'KMS-Update.' },
      hosts: [
        { name: 'KMS1.Example.Test.', ipv6: ['2001:DB8:0:0::0011'], publish: [{ domain: 'Other.Test.', priority: 5 }] },
        { name: 'kms2.example.test', port: 1700, ipv4: ['192.0.2.2'], publish: [{ domain: 'other.test' }, { domain: 'example.test', weight: 9 }] },
      ],
    }),
    'p.json',
  );

  it('fills defaults and lower-cases names without trailing dots', () => {
    expect(plan.ttl).toBe(3600);
    expect(plan.publishing).toBe('auto');
    expect(plan.tsigKey).toEqual({ name: 'kms-update', algorithm: 'hmac-sha256' });
    expect(plan.contact).toBe('admin.example.test');
    expect(plan.hosts[0]?.name).toBe('kms1.example.test');
    expect(plan.hosts[0]?.port).toBe(1688);
    expect(plan.hosts[0]?.ipv4).toEqual([]);
  });

  it('writes IPv6 in canonical form', () => {
    expect(plan.hosts[0]?.ipv6).toEqual(['2001:db8::11']);
  });

  it('puts the home domain first when the publish list lacks it, and keeps it where listed', () => {
    expect(plan.hosts[0]?.publish).toEqual([
      { domain: 'example.test', priority: 0, weight: 0 },
      { domain: 'other.test', priority: 5, weight: 0 },
    ]);
    expect(plan.hosts[1]?.publish).toEqual([
      { domain: 'other.test', priority: 0, weight: 0 },
      { domain: 'example.test', priority: 0, weight: 9 },
    ]);
  });
});

describe('parsePlan: JSON or YAML', () => {
  const yaml = 'hosts:\n  - name: kms1.example.test\n    ipv4: [192.0.2.1]\n';
  it.each([
    ['by extension .yaml', yaml, 'plan.yaml'],
    ['by extension .yml', yaml, 'plan.yml'],
    ['by content (no extension)', yaml, 'plan'],
    ['JSON by content', '{"hosts":[{"name":"kms1.example.test","ipv4":["192.0.2.1"]}]}', 'plan'],
  ])('%s', (_label, text, file) => {
    expect(parsePlan(text, file).hosts[0]?.ipv4).toEqual(['192.0.2.1']);
  });

  it('names the line of a JSON syntax error', () => {
    expect(failure('{\n"hosts": [\n,]}').message).toMatch(/plan plan.json is not valid JSON at line 3/);
  });
});

describe('parsePlan: problem report', () => {
  it('lists every problem, one per line, each with its pointer', () => {
    const err = failure(JSON.stringify({ ttl: 'x', hosts: [{ name: 'a b.test', port: 0, publish: [{ domain: 'x.test', weight: 70000 }] }] }));
    expect(err.code).toBe('PLAN_INVALID');
    expect(err.exitCode).toBe(2);
    expect(err.message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^ {2}\/hosts\/0\/name: host name "a b.test" contains whitespace/),
      '  /hosts/0/port: must be between 1 and 65535, got 0',
      '  /hosts/0/publish/0/weight: must be between 0 and 65535, got 70000',
      '  /ttl: must be a whole number, got the text "x"',
    ]);
    expect(err.message).toMatch(/\(4 problems\)/);
  });

  it(`stops listing after ${MAX_REPORTED} and counts the rest`, () => {
    const hosts = Array.from({ length: 30 }, (_, i) => ({ name: `kms${i}.example.test`, port: 0 }));
    const lines = failure(JSON.stringify({ hosts })).message.split('\n');
    expect(lines).toHaveLength(1 + MAX_REPORTED + 1);
    expect(lines.at(-1)).toBe('  … and 10 more');
  });

  it('warns (does not fail) when two hosts share an address or a host has none', () => {
    const { warnings } = parsePlanDetailed(
      JSON.stringify({ hosts: [{ name: 'a.example.test', ipv4: ['192.0.2.1'] }, { name: 'b.example.test', ipv4: ['192.0.2.1'] }, { name: 'c.example.test' }] }),
      'w.json',
    );
    expect(warnings).toEqual([
      'w.json: /hosts/1/ipv4/0: address 192.0.2.1 is also given to /hosts/0',
      'w.json: /hosts/2: host has no ipv4 or ipv6: no A/AAAA records are generated for it (it must register them itself)',
    ]);
  });

  it.each([
    { what: 'another priority', entry: { domain: 'Example.Test.', priority: 10 }, warned: true },
    { what: 'another weight', entry: { domain: 'example.test', weight: 5 }, warned: true },
    { what: 'the default priority and weight', entry: { domain: 'example.test', priority: 0, weight: 0 }, warned: false },
    { what: 'another domain', entry: { domain: 'other.test', priority: 10 }, warned: false },
  ])('warns when the publish list repeats the home domain with $what: $warned', ({ entry, warned }) => {
    const { warnings } = parsePlanDetailed(JSON.stringify({ hosts: [{ name: 'kms1.example.test', ipv4: ['192.0.2.1'], publish: [entry] }] }), 'h.json');
    const home = warnings.filter((w) => w.startsWith('h.json: /hosts/0/publish/0: the host\'s home domain'));
    expect(home).toHaveLength(warned ? 1 : 0);
    if (warned) expect(home[0]).toMatch(/home domain is always used \(its deployment guide: the list suspends that\); a host that also publishes there with priority 0, weight 0 leaves two records$/);
  });

  it('compares IPv6 duplicates in canonical form', () => {
    const err = failure(JSON.stringify({ hosts: [{ name: 'a.example.test', ipv6: ['2001:db8::1', '2001:DB8:0::0:1'] }] }));
    expect(err.message).toContain('/hosts/0/ipv6/1: address 2001:db8::1 is listed twice');
  });
});

describe('parsePlan: duplicate keys in JSON are refused with their pointer (issue 10)', () => {
  const host = '"name": "kms1.corp.test", "ipv4": ["192.0.2.1"]';
  it.each([
    ['at the top', `{"ttl": 60, "hosts": [{${host}}], "ttl": 3600}`, '/ttl'],
    ['in a host', `{"hosts": [{${host}, "name": "kms2.corp.test"}]}`, '/hosts/0/name'],
    ['in a later host', `{"hosts": [{${host}}, {"name": "kms2.corp.test", "port": 1688, "port": 1689}]}`, '/hosts/1/port'],
    ['deep in a publish entry', `{"hosts": [{${host}}, {"name": "kms2.corp.test", "publish": [{"domain": "a.test"}, {"domain": "b.test", "weight": 1, "weight": 2}]}]}`, '/hosts/1/publish/1/weight'],
    ['with ~ and / in the key, and escapes', `{"hosts": [{${host}}], "a/b~": 1, "a\\/b\\u007e": 2}`, '/a~1b~0'],
    ['after strings holding braces and commas', `{"contact": "x{,}[\\"", "hosts": [{${host}}], "contact": "y"}`, '/contact'],
  ])('%s', (_what, text, pointer) => {
    const error = failure(text);
    expect(error.code).toBe('PLAN_INVALID');
    expect(error.message).toBe(`plan plan.json is not valid JSON: ${pointer} is a duplicate key (the same key twice in one object; YAML plans refuse it too)`);
  });

  it('the same key in sibling objects is no duplicate', () => {
    expect(parsePlan(`{"hosts": [{${host}}, {"name": "kms2.corp.test", "ipv4": ["192.0.2.2"]}]}`, 'plan.json').hosts).toHaveLength(2);
  });
});

describe('YAML keys that are not scalars', () => {
  it('a list used as a key is refused as a plan error, with no warning on stderr', async () => {
    const { parsePlanDetailed } = await import('../../src/plan/load.js');
    const warnings: unknown[] = [];
    const onWarning = (warning: unknown) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      expect(() => parsePlanDetailed('hosts:\n  - name: kms1.example.test\n    ? [192.0.2.12]\n    : x\n', 'collection-key.yaml')).toThrow(/collection-key\.yaml/);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
