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

describe('the walk inside one reply, at its edges', () => {
  it('an alias whose target has nothing in the reply: the chain ends there, found nothing, no loop', () => {
    const gated = gateReply(input({ answers: [rr(Q, 'CNAME', 'next.corp.test.')] }));
    expect(gated).toMatchObject({ end: 'next.corp.test.', aliases: [Q], found: false, loop: false });
    expect(gated.answers.map((r) => r.type)).toEqual(['CNAME']);
  });

  it('a chain of three aliases to the records at its end: every link kept, no loop', () => {
    const answers = [rr(Q, 'CNAME', 'a.corp.test.'), rr('a.corp.test.', 'CNAME', 'b.corp.test.'), rr('b.corp.test.', 'CNAME', 'c.corp.test.'), srv('c.corp.test.', 'kms1.corp.test.')];
    const gated = gateReply(input({ answers }));
    expect(gated).toMatchObject({ end: 'c.corp.test.', aliases: [Q, 'a.corp.test.', 'b.corp.test.'], found: true, loop: false });
    expect(gated.answers).toEqual(answers);
  });

  it('an ANY question keeps every record at the name, of any type, and reports the others', () => {
    const atName = [rr(Q, 'TXT', 'x'), srv(Q, 'kms1.corp.test.')];
    const gated = gateReply(input({ type: 'ANY', follow: false, answers: [...atName, srv('other.corp.test.', 'x.corp.test.')] }));
    expect(gated).toMatchObject({ found: true, end: Q, answers: atName });
    expect(gated.ignored.map((i) => i.name)).toEqual(['other.corp.test.']);
  });

  it('says which names own the answers: the question, or the question and its chain', () => {
    const other = srv('other.corp.test.', 'x.corp.test.');
    expect(gateReply(input({ answers: [other] })).ignored[0]?.reason).toBe(`owned by other.corp.test., not by ${Q}`);
    const chained = gateReply(input({ answers: [rr(Q, 'CNAME', 'a.corp.test.'), other] }));
    expect(chained.ignored[0]?.reason).toBe(`owned by other.corp.test., not by ${Q} or its CNAME chain`);
  });
});

describe('rule 3 for each RCODE without data', () => {
  it.each(['SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP'])('%s beside a CNAME chain: the chain is neither an answer nor reported', (rcode) => {
    const gated = gateReply(input({ rcode, answers: [rr(Q, 'CNAME', 'a.corp.test.')] }));
    expect(gated.answers).toEqual([]);
    expect(gated.ignored).toEqual([]);
  });

  it('NXDOMAIN at the end of a chain that reached SRV records: the chain kept, the SRV reported, found false', () => {
    const gated = gateReply(input({ rcode: 'NXDOMAIN', answers: [rr(Q, 'CNAME', 'a.corp.test.'), srv('a.corp.test.', 'kms1.corp.test.')] }));
    expect(gated.answers.map((r) => r.type)).toEqual(['CNAME']);
    expect(gated.found).toBe(false);
    expect(gated.ignored).toEqual([{ section: 'answer', name: 'a.corp.test.', type: 'SRV', reason: 'carried by a NXDOMAIN reply, which has no answers' }]);
  });
});

describe('glue for NS answers and the zone from the authority section', () => {
  it('takes the in-zone address of an NS target, and none for a target named only by an A record', () => {
    const gated = gateReply(input({ name: 'corp.test.', type: 'NS', answers: [rr('corp.test.', 'NS', 'ns1.corp.test.')], additionals: [rr('ns1.corp.test.', 'A', '192.0.2.53'), rr('ns2.corp.test.', 'A', '192.0.2.54')] }));
    expect(gated.glue).toEqual([rr('ns1.corp.test.', 'A', '192.0.2.53')]);
    expect(gated.ignored).toEqual([]);
  });

  it('the deepest SOA or NS owner at or above the name is the zone, in any order; other types say nothing', () => {
    const name = '_vlmcs._tcp.a.branch.corp.test.';
    const cuts = [rr('corp.test.', 'NS', 'ns1.corp.test.'), rr('Branch.corp.test.', 'SOA', {})];
    expect(answerZone(name, cuts)).toBe('branch.corp.test.');
    expect(answerZone(name, [...cuts].reverse())).toBe('branch.corp.test.');
    expect(answerZone(name, [rr('a.branch.corp.test.', 'A', '192.0.2.1'), rr('corp.test.', 'NS', 'ns1.corp.test.')])).toBe('corp.test.');
  });

  it('without a cut, the name without its leading underscore labels; only underscore labels give the root', () => {
    expect(answerZone('_vlmcs._tcp.Corp.Test.', [])).toBe('corp.test.');
    expect(answerZone('_vlmcs._tcp.', [])).toBe('.');
    expect(answerZone('_x', [])).toBe('.');
    expect(answerZone('kms.corp.test.', [])).toBe('kms.corp.test.');
  });

  it('an in-zone address from an authoritative reply whose target is in another case is glue; glueAddresses lists A before AAAA', () => {
    const gated = gateReply(input({ answers: [srv(Q, 'KMS1.corp.test.')], additionals: [rr('kms1.CORP.test.', 'AAAA', '2001:db8::1'), rr('kms1.corp.test.', 'A', '192.0.2.1')] }));
    expect(gated.glue).toHaveLength(2);
    expect(glueAddresses(gated.glue, 'Kms1.Corp.Test.')).toEqual(['192.0.2.1', '2001:db8::1']);
  });
});

describe('the answer gate on what a server adds', () => {
  it('a chain back to the question name is a loop at the question: each name walked once', () => {
    const gated = gateReply(input({ answers: [rr(Q, 'CNAME', 'a.corp.test.'), rr('a.corp.test.', 'CNAME', Q.toUpperCase())] }));
    expect(gated).toMatchObject({ loop: true, aliases: [Q, 'a.corp.test.'], end: Q.toUpperCase() });
  });

  it('a record of another type at the name is no alias: not followed, reported', () => {
    const gated = gateReply(input({ answers: [rr(Q, 'TXT', 'elsewhere.corp.test.')] }));
    expect(gated).toMatchObject({ answers: [], aliases: [], end: Q, found: false, loop: false });
    expect(gated.ignored.map((i) => [i.name, i.type])).toEqual([[Q, 'TXT']]);
  });

  it('an ANY question with nothing at the name still ends the walk there', () => {
    expect(gateReply(input({ type: 'ANY', follow: false, answers: [] }))).toMatchObject({ found: true, end: Q, answers: [] });
  });

  it('no glue without addresses, and never a record of another type owned by a target', () => {
    expect(gateReply(input({ answers: [srv(Q, 'kms1.corp.test.')] })).glue).toEqual([]);
    const gated = gateReply(input({ answers: [srv(Q, 'kms1.corp.test.')], additionals: [rr('kms1.corp.test.', 'TXT', '192.0.2.1'), rr('kms1.corp.test.', 'A', '192.0.2.1')] }));
    expect(gated.glue).toEqual([rr('kms1.corp.test.', 'A', '192.0.2.1')]);
  });

  it('a reply without the AA bit: each target address reported as looked up instead', () => {
    const gated = gateReply(input({ authoritative: false, answers: [srv(Q, 'kms1.corp.test.')], additionals: [rr('kms1.corp.test.', 'A', '192.0.2.1'), rr('www.corp.test.', 'A', '192.0.2.2')] }));
    expect(gated.glue).toEqual([]);
    expect(gated.ignored).toEqual([{ section: 'additional', name: 'kms1.corp.test.', type: 'A', reason: 'the reply is not authoritative: the target is looked up' }]);
  });
});

describe('what the gate keeps beside the records asked for', () => {
  it('a record of another type at the end of the walk is reported, not kept with the SRV records', () => {
    const gated = gateReply(input({ answers: [srv(Q, 'kms1.corp.test.'), rr(Q, 'TXT', 'x')] }));
    expect(gated.answers.map((r) => r.type)).toEqual(['SRV']);
    expect(gated.ignored.map((i) => [i.name, i.type])).toEqual([[Q, 'TXT']]);
  });

  it('an alias names no host to look up: an address for the alias target is not glue', () => {
    const gated = gateReply(input({ answers: [rr(Q, 'CNAME', 'records.corp.test.')], additionals: [rr('records.corp.test.', 'A', '192.0.2.9')] }));
    expect(gated.glue).toEqual([]);
  });
});
