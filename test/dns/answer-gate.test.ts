// The answer gate's three rules, one by one, on records as the codec decodes them (the agreement table
// in test/agreement runs the same hostile replies through every command over real sockets).
import { describe, expect, it } from 'vitest';
import { answerZone, gateReply, glueAddresses, inBailiwick, type GateInput } from '../../src/dns/answer-gate.js';
import type { DnsRecord } from '../../src/dns/types.js';

const rr = (name: string, type: string, data: unknown): DnsRecord => ({ name, type, class: 'IN', ttl: 300, data });
const srv = (name: string, target: string) => rr(name, 'SRV', { priority: 0, weight: 0, port: 1688, target });
const Q = '_vlmcs._tcp.corp.test.';

function input(fields: Partial<GateInput>): GateInput {
  return { name: Q, type: 'SRV', rcode: 'NOERROR', authoritative: true, answers: [], authorities: [], additionals: [], follow: true, ...fields };
}

describe('rule 1: only the question name and its CNAME chain own answers', () => {
  it('keeps the SRV records of the question and reports those of other owners', () => {
    const gated = gateReply(input({ answers: [srv(Q, 'kms1.corp.test.'), srv('_vlmcs._tcp.victim.lab.', 'evil.lab.'), srv('kms2.corp.test.', 'evil.corp.test.')] }));
    expect(gated.answers.map((r) => r.name)).toEqual([Q]);
    expect(gated.found).toBe(true);
    expect(gated.ignored.map((i) => [i.section, i.name])).toEqual([['answer', '_vlmcs._tcp.victim.lab.'], ['answer', 'kms2.corp.test.']]);
  });

  it('follows a CNAME chain inside the reply, keeping each link and the records at its end, case-insensitively', () => {
    const gated = gateReply(input({ answers: [rr(Q.toUpperCase(), 'CNAME', 'Records.corp.test.'), srv('records.CORP.test.', 'kms1.corp.test.'), srv('other.corp.test.', 'x.corp.test.')] }));
    expect(gated.aliases).toEqual([Q]);
    expect(gated.end).toBe('Records.corp.test.');
    expect(gated.answers.map((r) => r.type)).toEqual(['CNAME', 'SRV']);
    expect(gated.ignored).toHaveLength(1);
  });

  it('does not follow a chain when told not to, but keeps the CNAME at the name', () => {
    const gated = gateReply(input({ follow: false, answers: [rr(Q, 'CNAME', 'records.corp.test.'), srv('records.corp.test.', 'kms1.corp.test.')] }));
    expect(gated.answers.map((r) => r.type)).toEqual(['CNAME']);
    expect(gated.found).toBe(false);
  });

  it('marks a chain that comes back to a name it passed as a loop', () => {
    const gated = gateReply(input({ answers: [rr(Q, 'CNAME', 'a.corp.test.'), rr('a.corp.test.', 'CNAME', 'b.corp.test.'), rr('b.corp.test.', 'CNAME', 'A.corp.test.')] }));
    expect(gated.loop).toBe(true);
    expect(gated.found).toBe(false);
    // The walk stops where it comes back, in other letter case: each link is walked once.
    expect(gated.aliases).toEqual([Q, 'a.corp.test.', 'b.corp.test.']);
    expect(gated.end).toBe('A.corp.test.');
  });
});

describe('rule 2: additional addresses only for targets, from an authoritative server, in its zone', () => {
  const answers = [srv(Q, 'kms1.corp.test.'), srv(Q, 'kms.elsewhere.lab.')];
  const additionals = [rr('kms1.corp.test.', 'A', '192.0.2.1'), rr('KMS1.corp.test.', 'AAAA', '2001:db8::1'), rr('kms.elsewhere.lab.', 'A', '203.0.113.9'), rr('www.corp.test.', 'A', '203.0.113.10')];

  it('takes in-zone target addresses from an authoritative reply, A before AAAA', () => {
    const gated = gateReply(input({ answers, additionals }));
    expect(glueAddresses(gated.glue, 'kms1.corp.test')).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(glueAddresses(gated.glue, 'www.corp.test.')).toEqual([]);
  });

  it('leaves out an out-of-zone target address and says why', () => {
    const gated = gateReply(input({ answers, additionals }));
    expect(glueAddresses(gated.glue, 'kms.elsewhere.lab.')).toEqual([]);
    expect(gated.ignored).toEqual([expect.objectContaining({ section: 'additional', name: 'kms.elsewhere.lab.', reason: expect.stringContaining('outside the zone') })]);
  });

  it('takes nothing from a reply without the AA bit', () => {
    const gated = gateReply(input({ authoritative: false, answers, additionals }));
    expect(gated.glue).toEqual([]);
    expect(gated.ignored.every((i) => i.reason.includes('not authoritative'))).toBe(true);
  });

  it('takes an authority section zone cut over the searched domain when it names one', () => {
    expect(answerZone(Q, [])).toBe('corp.test.');
    expect(answerZone('_vlmcs._tcp.branch.corp.test.', [rr('corp.test.', 'NS', 'ns1.corp.test.')])).toBe('corp.test.');
    // A cut that is not above the name says nothing about it.
    expect(answerZone(Q, [rr('other.test.', 'SOA', {})])).toBe('corp.test.');
    expect(inBailiwick('kms1.corp.test.', 'corp.test.')).toBe(true);
    expect(inBailiwick('kms1.corp.test.evil.', 'corp.test.')).toBe(false);
    expect(inBailiwick('anything.', '.')).toBe(false);
  });
});

describe('rule 3: the RCODE decides', () => {
  it('NXDOMAIN carrying an SRV answer: no answer, the record reported', () => {
    const gated = gateReply(input({ rcode: 'NXDOMAIN', answers: [srv(Q, 'kms1.corp.test.')], additionals: [rr('kms1.corp.test.', 'A', '192.0.2.1')] }));
    expect(gated.answers).toEqual([]);
    expect(gated.found).toBe(false);
    expect(gated.glue).toEqual([]);
    expect(gated.ignored[0]).toMatchObject({ section: 'answer', type: 'SRV', reason: expect.stringContaining('NXDOMAIN') });
  });

  it('NXDOMAIN at the end of a CNAME chain keeps the chain (RFC 6604)', () => {
    const gated = gateReply(input({ rcode: 'NXDOMAIN', answers: [rr(Q, 'CNAME', 'gone.corp.test.')] }));
    expect(gated.answers.map((r) => r.type)).toEqual(['CNAME']);
    expect(gated.ignored).toEqual([]);
  });

  it('SERVFAIL with the chain a server could not finish: not an answer, not a defect', () => {
    const gated = gateReply(input({ rcode: 'SERVFAIL', answers: [rr(Q, 'CNAME', 'l1.corp.test.'), rr('l1.corp.test.', 'CNAME', Q)] }));
    expect(gated.answers).toEqual([]);
    expect(gated.ignored).toEqual([]);
    expect(gated.loop).toBe(true);
  });

  it('SERVFAIL or REFUSED carrying data: the data is reported', () => {
    for (const rcode of ['SERVFAIL', 'REFUSED']) {
      const gated = gateReply(input({ rcode, answers: [srv(Q, 'kms1.corp.test.')] }));
      expect(gated.answers).toEqual([]);
      expect(gated.ignored).toHaveLength(1);
    }
  });
});
