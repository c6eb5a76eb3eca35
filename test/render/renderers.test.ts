import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../src/plan/load.js';
import type { Plan } from '../../src/plan/types.js';
import { formatNames, getRenderer, renderers } from '../../src/render/index.js';
import { readSoaSerial, zoneSerial } from '../../src/render/zone.js';
import { isKmsSrvError } from '../../src/util/errors.js';

const NOW = new Date('2026-07-09T23:59:59Z');
const planFile = path.join(import.meta.dirname, '../../zones/example.plan.json');
const plan = parsePlan(readFileSync(planFile, 'utf8'), planFile);
const DNS_FORMATS = ['bind', 'named-conf', 'nsupdate', 'dnscmd', 'dnsmasq'];

function reversed(p: Plan): Plan {
  return { ...p, hosts: [...p.hosts].reverse().map((h) => ({ ...h, ipv4: [...h.ipv4].reverse(), publish: [...h.publish].reverse() })) };
}

function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isKmsSrvError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('no error');
}

describe('renderer table', () => {
  it('holds the DNS formats, each under its own name', () => {
    for (const format of [...DNS_FORMATS, 'zone']) expect(getRenderer(format).format).toBe(format);
    for (const [name, renderer] of renderers) expect(renderer.format).toBe(name);
  });

  it('refuses an unknown format, listing the known ones', () => {
    const err = thrown(() => getRenderer('tinydns'));
    expect(err.code).toBe('UNKNOWN_FORMAT');
    expect(err.message).toBe(`unknown format "tinydns"; known formats: ${formatNames().join(', ')}`);
  });
});

describe('DNS renderers', () => {
  it.each(DNS_FORMATS)('%s output does not depend on the order of the plan', (format) => {
    const r = getRenderer(format);
    expect(r.render(reversed(plan), { now: NOW }).text).toBe(r.render(plan, { now: NOW }).text);
  });

  it.each(DNS_FORMATS)('%s with --host keeps only that host', (format) => {
    const text = getRenderer(format).render(plan, { now: NOW, host: 'KMS2.example.test.' }).text;
    expect(text).toContain('kms2.example.test');
    expect(text).not.toContain('kms1.example.test');
    expect(text).not.toContain('kms3.branch.example.test');
  });

  it.each(DNS_FORMATS)('%s with --domain keeps only that domain', (format) => {
    const text = getRenderer(format).render(plan, { now: NOW, domain: 'branch.example.test' }).text;
    expect(text).toContain('branch.example.test');
    expect(text).not.toMatch(/_vlmcs\._tcp\.example\.test|zone "example\.test"|zone example\.test\.|recordadd example\.test /);
  });

  it('an unknown --host or --domain is a usage error naming what exists', () => {
    expect(thrown(() => getRenderer('bind').render(plan, { now: NOW, host: 'kms9.example.test' })).message).toMatch(/is not a host of the plan.*kms1\.example\.test/);
    expect(thrown(() => getRenderer('bind').render(plan, { now: NOW, domain: 'nope.test' })).message).toMatch(/domains: example\.test, branch\.example\.test/);
  });

  it('bind writes every SRV record of the plan exactly once, absolute', () => {
    const lines = getRenderer('bind').render(plan, { now: NOW }).text.split('\n').filter((l) => / SRV /.test(l));
    const expected = plan.hosts.flatMap((h) => h.publish.map((e) => `_vlmcs._tcp.${e.domain}. ${plan.ttl} IN SRV ${e.priority} ${e.weight} ${h.port} ${h.name}.`));
    expect(lines.map((l) => l.replace(/ +/g, ' ')).sort()).toEqual(expected.sort());
  });

  it('nsupdate --delete removes exactly the records the add script adds', () => {
    const strip = (text: string, verb: string): string[] =>
      text
        .split('\n')
        .filter((l) => l.startsWith(verb))
        .map((l) => l.slice(verb.length).replace(` ${plan.ttl} IN `, ' IN '));
    const added = strip(getRenderer('nsupdate').render(plan, { now: NOW }).text, 'update add ');
    const removed = strip(getRenderer('nsupdate').render(plan, { now: NOW, delete: true }).text, 'update delete ');
    expect(removed).toEqual(added);
    expect(added.length).toBeGreaterThan(0);
  });

  it.each([
    ['127.0.0.1:5353', 'server 127.0.0.1 5353'],
    ['[::1]:53', 'server ::1 53'],
    ['::1', 'server ::1'],
    ['ns1.example.test', 'server ns1.example.test'],
  ])('nsupdate --server %s → %s', (server, line) => {
    expect(getRenderer('nsupdate').render(plan, { now: NOW, server }).text.split('\n')[1]).toBe(line);
  });

  it('dnscmd --delete writes /recorddelete for each /recordadd', () => {
    const add = getRenderer('dnscmd').render(plan, { now: NOW }).text.split('\r\n').filter((l) => l.startsWith('dnscmd'));
    const del = getRenderer('dnscmd').render(plan, { now: NOW, delete: true }).text.split('\r\n').filter((l) => l.startsWith('dnscmd'));
    expect(del.map((l) => l.replace('/recorddelete', '/recordadd').replace(/ \/f$/, ''))).toEqual(add.map((l) => l.replace(` ${plan.ttl} `, ' ')));
  });

  it('named-conf: placeholder secret and warning without --key; allow-update any only when asked, warned', () => {
    const plain = getRenderer('named-conf').render(plan, { now: NOW });
    expect(plain.text).toContain('tsig-keygen -a hmac-sha256 kms-update');
    expect(plain.text).not.toContain('allow-update');
    expect(plain.warnings).toEqual([expect.stringMatching(/placeholder secret/)]);
    const open = getRenderer('named-conf').render(plan, { now: NOW, allowUpdateAny: true });
    expect(open.text.match(/allow-update \{ any; \};/g)).toHaveLength(2);
    expect(open.text.match(/WARNING/g)).toHaveLength(2);
    expect(open.text).not.toMatch(/update-policy \{/);
    expect(open.warnings).toHaveLength(2);
  });
});

describe('zone', () => {
  it.each([
    [undefined, 2026070901],
    [2026070901, 2026070902],
    [2026070999, 2026071000],
    [2099010101, 2099010102],
    [2026070800, 2026070901],
  ])('serial after %s is %s', (previous, serial) => {
    expect(zoneSerial(NOW, previous)).toBe(serial);
  });

  it('reads back the serial it wrote, and a hand-written multi-line SOA', () => {
    const text = getRenderer('zone').render(plan, { now: NOW, domain: 'example.test', previousSerial: 2026070955 }).text;
    expect(readSoaSerial(text)).toBe(2026070956);
    const hand = readFileSync(path.join(import.meta.dirname, '../../zones/example.test.zone'), 'utf8');
    expect(readSoaSerial(hand)).toBe(Number(/(\d{10}) ; serial/.exec(hand)?.[1]));
  });

  it('needs --domain when the plan has several domains', () => {
    const err = thrown(() => getRenderer('zone').render(plan, { now: NOW }));
    expect(err.code).toBe('USAGE');
    expect(err.message).toMatch(/--domain/);
  });

  it('refuses a name server inside the zone that has no address', () => {
    const err = thrown(() => getRenderer('zone').render({ ...plan, nameservers: ['ns9.example.test'] }, { now: NOW, domain: 'example.test' }));
    expect(err.message).toMatch(/^\/nameservers\/0: name server ns9\.example\.test lies inside zone example\.test/);
  });
});
