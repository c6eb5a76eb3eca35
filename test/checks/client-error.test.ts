// The situation the one client-error rule judges: each domain's outcome, and whether a host answers.
// check-zone joins the situations of parts of a zone, so the join must give what the whole would.
import { describe, expect, it } from 'vitest';
import { joinSituations, situationOf } from '../../src/checks/client-error.js';
import type { ClientSituation } from '../../src/knowledge/client-error.js';
import { domain, soundFacts, srv, withRecords } from './builders.js';

describe('situationOf', () => {
  it.each<[string, Parameters<typeof situationOf>[0], ClientSituation]>([
    ['no domain holds a record', soundFacts({ domains: [domain('a.test.', [], { rcode: 'NXDOMAIN' }), domain('b.test.', [])] }), { domains: ['nxdomain', 'nodata'], hosts: 'none' }],
    ['records without a usable host', withRecords([srv('.', { port: 0 })]), { domains: ['records'], hosts: 'none' }],
    ['a host with an address', soundFacts(), { domains: ['records'], hosts: 'answered' }],
    ['every host probed and silent', withRecords([srv('kms1.contoso.test.')], { probes: [{ target: 'kms1.contoso.test.', port: 1688, tcp: 'timeout' }] }), { domains: ['records'], hosts: 'silent' }],
    // A client with KeyManagementServiceName set searches no domain at all.
    ['a manual host, silent', soundFacts({ client: { manualHost: 'kms9.contoso.test' }, probes: [{ target: 'kms9.contoso.test.', port: 1688, tcp: 'refused' }] }), { domains: [], hosts: 'silent' }],
    ['a manual host, not probed', soundFacts({ client: { manualHost: 'kms9.contoso.test' } }), { domains: [], hosts: 'answered' }],
  ])('%s', (_what, facts, situation) => {
    expect(situationOf(facts)).toEqual(situation);
  });
});

describe('joinSituations: parts of a zone, judged as the whole', () => {
  const none = (d: ClientSituation['domains'][number]): ClientSituation => ({ domains: [d], hosts: 'none' });
  const hosts = (h: ClientSituation['hosts']): ClientSituation => ({ domains: ['records'], hosts: h });
  it.each<[string, ClientSituation[], ClientSituation]>([
    ['no part has a host', [none('nxdomain'), none('nodata')], { domains: ['nxdomain', 'nodata'], hosts: 'none' }],
    ['silent hosts in a later part', [none('nxdomain'), hosts('silent')], { domains: ['nxdomain', 'records'], hosts: 'silent' }],
    ['silent hosts in an earlier part', [hosts('silent'), none('servfail')], { domains: ['records', 'servfail'], hosts: 'silent' }],
    ['one part answers', [hosts('silent'), none('nxdomain'), hosts('answered')], { domains: ['records', 'nxdomain', 'records'], hosts: 'answered' }],
    ['nothing at all', [], { domains: [], hosts: 'none' }],
  ])('%s', (_what, parts, joined) => {
    expect(joinSituations(parts)).toEqual(joined);
  });

  it('joins the parts of facts into the situation of the whole facts', () => {
    const a = domain('a.test.', [], { rcode: 'NXDOMAIN' });
    const b = domain('b.test.', [srv('kms1.b.test.', { targetAddresses: [] })]);
    const c = domain('c.test.', [srv('kms1.c.test.')]);
    for (const domains of [[a, b], [b, a], [a, b, c], [c, a]]) {
      const parts = domains.map((d) => situationOf(soundFacts({ domains: [d] })));
      expect(joinSituations(parts), domains.map((d) => d.domain).join(' ')).toEqual(situationOf(soundFacts({ domains })));
    }
  });
});
