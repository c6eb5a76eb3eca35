// The cross-command agreement table, written once as data: each scenario is a DNS server state (real
// BIND where it can express it, the lab responder's fault switchboard where it cannot), and what every
// command must say about `_vlmcs._tcp.<apex>`: the same candidate hosts and the same client error code.
import type { Fault } from '../../src/dns/responder.js';

export type ServedBy = 'bind' | 'responder' | 'closed';

export interface Scenario {
  /** Also the first label of the apex: `<id>.agree.test`. */
  id: string;
  what: string;
  servedBy: ServedBy;
  /** Zone body, names relative to the apex (the SOA, NS and ns1 lines are added). */
  body?: string;
  /** BIND only: the zone's file is missing, so BIND answers SERVFAIL. */
  unloadable?: boolean;
  /** BIND only: the question goes to a name outside every zone BIND serves (REFUSED). */
  outsideZones?: boolean;
  /** Responder only: how to misbehave, given the question (names absolute, lower-case) and the apex. */
  fault?: (name: string, type: string, apex: string) => Fault | undefined;
  /** Per-attempt timeout: long where the server answers (no verdict may depend on speed), short where nothing ever will. */
  timeoutMs: number;
  expect: {
    /** Usable candidates as "label:port", the label relative to the apex ("kms1:1688"), or absolute with a trailing dot. */
    candidates: string[];
    /** The HRESULT a Windows client shows; null when it finds a host. */
    errorCode: string | null;
    /** No DNS server gave a usable reply (exit 3 where the command reports it). */
    noAnswer?: boolean;
  };
}

const ANSWERS = 3000;
const SILENT = 250;
const a = (name: string, type: string, data: unknown) => ({ name, type, class: 'IN' as const, ttl: 300, data }) as never;
const srv = (owner: string, target: string, port = 1688) => a(owner, 'SRV', { priority: 0, weight: 0, port, target });
const HOSTS = 'kms1 IN A 192.0.2.1\nkms2 IN A 192.0.2.2';
const TWO = `_vlmcs._tcp IN SRV 0 50 1688 kms1\n_vlmcs._tcp IN SRV 0 50 1688 kms2\n${HOSTS}`;
const isSrvQuestion = (name: string, type: string, apex: string) => type === 'SRV' && name === `_vlmcs._tcp.${apex}`;

export const SCENARIOS: Scenario[] = [
  // Real BIND: what a zone can say.
  { id: 'ok', what: 'two hosts with addresses', servedBy: 'bind', body: TWO, timeoutMs: ANSWERS, expect: { candidates: ['kms1:1688', 'kms2:1688'], errorCode: null } },
  { id: 'nxdomain', what: 'no _vlmcs._tcp name', servedBy: 'bind', body: HOSTS, timeoutMs: ANSWERS, expect: { candidates: [], errorCode: '0x8007232B' } },
  { id: 'nodata', what: 'the name exists without SRV', servedBy: 'bind', body: `_vlmcs._tcp IN TXT "no srv"\n${HOSTS}`, timeoutMs: ANSWERS, expect: { candidates: [], errorCode: '0x8007251D' } },
  // Records came back (no DNS error), but none names a host: nothing to contact.
  { id: 'root-target', what: 'only target "."', servedBy: 'bind', body: '_vlmcs._tcp IN SRV 0 0 0 .', timeoutMs: ANSWERS, expect: { candidates: [], errorCode: '0xC004F074' } },
  { id: 'no-address', what: 'a target without A/AAAA', servedBy: 'bind', body: '_vlmcs._tcp IN SRV 0 0 1688 kms1\nkms1 IN TXT "no address"', timeoutMs: ANSWERS, expect: { candidates: ['kms1:1688'], errorCode: '0xC004F074' } },
  { id: 'one-addressless', what: 'one target with, one without address', servedBy: 'bind', body: '_vlmcs._tcp IN SRV 0 0 1688 kms1\n_vlmcs._tcp IN SRV 0 0 1688 kms9\nkms1 IN A 192.0.2.1', timeoutMs: ANSWERS, expect: { candidates: ['kms1:1688', 'kms9:1688'], errorCode: null } },
  { id: 'target-cname', what: 'a target that is an alias', servedBy: 'bind', body: '_vlmcs._tcp IN SRV 0 0 1688 kms\nkms IN CNAME kms1\nkms1 IN A 192.0.2.1', timeoutMs: ANSWERS, expect: { candidates: ['kms:1688'], errorCode: null } },
  { id: 'owner-cname', what: '_vlmcs._tcp is an alias to the records', servedBy: 'bind', body: `_vlmcs._tcp IN CNAME records\nrecords IN SRV 0 0 1688 kms1\n${HOSTS}`, timeoutMs: ANSWERS, expect: { candidates: ['kms1:1688'], errorCode: null } },
  { id: 'owner-loop', what: 'a CNAME loop at _vlmcs._tcp (BIND: SERVFAIL)', servedBy: 'bind', body: '_vlmcs._tcp IN CNAME l1\nl1 IN CNAME l2\nl2 IN CNAME l1', timeoutMs: ANSWERS, expect: { candidates: [], errorCode: '0x8007232A' } },
  { id: 'long-chain', what: 'a chain of 20 CNAMEs at _vlmcs._tcp', servedBy: 'bind', body: `_vlmcs._tcp IN CNAME c0\n${Array.from({ length: 20 }, (_, i) => `c${i} IN CNAME c${i + 1}`).join('\n')}\nc20 IN SRV 0 0 1688 kms1\n${HOSTS}`, timeoutMs: ANSWERS, expect: { candidates: [], errorCode: '0x8007232A' } },
  { id: 'target-loop', what: 'a target whose name loops', servedBy: 'bind', body: '_vlmcs._tcp IN SRV 0 0 1688 t1\nt1 IN CNAME t2\nt2 IN CNAME t1', timeoutMs: ANSWERS, expect: { candidates: ['t1:1688'], errorCode: '0xC004F074' } },
  { id: 'servfail', what: 'a zone BIND cannot load', servedBy: 'bind', unloadable: true, timeoutMs: ANSWERS, expect: { candidates: [], errorCode: '0x8007232A' } },
  { id: 'refused', what: 'a name outside every zone of the server', servedBy: 'bind', outsideZones: true, timeoutMs: ANSWERS, expect: { candidates: [], errorCode: '0x8007232A' } },
  { id: 'port-zero', what: 'a record with port 0 only', servedBy: 'bind', body: `_vlmcs._tcp IN SRV 0 0 0 kms1\n${HOSTS}`, timeoutMs: ANSWERS, expect: { candidates: ['kms1:0'], errorCode: '0xC004F074' } },
  { id: 'relative', what: 'a target written without its dot', servedBy: 'bind', body: `_vlmcs._tcp IN SRV 0 0 1688 kms1.relative.agree.test\n${HOSTS}`, timeoutMs: ANSWERS, expect: { candidates: ['kms1.relative.agree.test:1688'], errorCode: '0xC004F074' } },
  { id: 'other-zone', what: 'a target in another zone of the same server', servedBy: 'bind', body: '_vlmcs._tcp IN SRV 0 0 1688 kms1.ok.agree.test.', timeoutMs: ANSWERS, expect: { candidates: ['kms1.ok.agree.test.:1688'], errorCode: null } },

  // The responder: what only a broken or hostile server does.
  {
    id: 'poison-answer', what: 'SRV records of other owners in the answer', servedBy: 'responder', body: TWO, timeoutMs: ANSWERS,
    fault: (name, type, apex) => (isSrvQuestion(name, type, apex) ? { kind: 'extra', answers: [srv('_vlmcs._tcp.victim.lab.', 'evil.victim.lab.'), srv(`kms2.${apex}`, `evil.${apex}`)] } : undefined),
    expect: { candidates: ['kms1:1688', 'kms2:1688'], errorCode: null },
  },
  {
    id: 'poison-additional', what: 'addresses of unrelated names in the additional section', servedBy: 'responder', body: TWO, timeoutMs: ANSWERS,
    fault: (name, type, apex) => (isSrvQuestion(name, type, apex) ? { kind: 'extra', additionals: [a('evil.victim.lab.', 'A', '203.0.113.66'), a(`www.${apex}`, 'A', '203.0.113.67')] } : undefined),
    expect: { candidates: ['kms1:1688', 'kms2:1688'], errorCode: null },
  },
  {
    id: 'foreign-glue', what: 'glue for a target outside the zone (the real lookup finds nothing)', servedBy: 'responder', body: '_vlmcs._tcp IN SRV 0 0 1688 kms.elsewhere.lab.', timeoutMs: ANSWERS,
    fault: (name, type, apex) => (isSrvQuestion(name, type, apex) ? { kind: 'extra', additionals: [a('kms.elsewhere.lab.', 'A', '203.0.113.10')] } : undefined),
    expect: { candidates: ['kms.elsewhere.lab.:1688'], errorCode: '0xC004F074' },
  },
  {
    id: 'unvouched-glue', what: 'in-zone glue in a reply without the AA bit (the real address differs)', servedBy: 'responder', body: '_vlmcs._tcp IN SRV 0 0 1688 kms1\nkms1 IN TXT "no address"', timeoutMs: ANSWERS,
    fault: (name, type, apex) => (isSrvQuestion(name, type, apex) ? { kind: 'extra', authoritative: false, additionals: [a(`kms1.${apex}`, 'A', '203.0.113.11')] } : undefined),
    expect: { candidates: ['kms1:1688'], errorCode: '0xC004F074' },
  },
  {
    id: 'nxdomain-answers', what: 'NXDOMAIN that carries an SRV answer', servedBy: 'responder', body: HOSTS, timeoutMs: ANSWERS,
    fault: (name, type, apex) => (isSrvQuestion(name, type, apex) ? { kind: 'extra', rcode: 'NXDOMAIN', answers: [srv(`_vlmcs._tcp.${apex}`, `kms1.${apex}`)] } : undefined),
    expect: { candidates: [], errorCode: '0x8007232B' },
  },
  {
    id: 'servfail-answers', what: 'SERVFAIL that carries an SRV answer', servedBy: 'responder', body: HOSTS, timeoutMs: ANSWERS,
    fault: (name, type, apex) => (isSrvQuestion(name, type, apex) ? { kind: 'extra', rcode: 'SERVFAIL', answers: [srv(`_vlmcs._tcp.${apex}`, `kms1.${apex}`)] } : undefined),
    expect: { candidates: [], errorCode: '0x8007232A' },
  },
  {
    id: 'loop-in-reply', what: 'a NOERROR reply whose CNAMEs loop', servedBy: 'responder', body: HOSTS, timeoutMs: ANSWERS,
    fault: (name, type, apex) => (isSrvQuestion(name, type, apex) ? { kind: 'extra', answers: [a(`_vlmcs._tcp.${apex}`, 'CNAME', `l1.${apex}`), a(`l1.${apex}`, 'CNAME', `_vlmcs._tcp.${apex}`)] } : undefined),
    expect: { candidates: [], errorCode: '0x8007232A' },
  },
  { id: 'silent', what: 'a server that never answers', servedBy: 'responder', body: TWO, timeoutMs: SILENT, fault: () => ({ kind: 'drop' }), expect: { candidates: [], errorCode: '0x8007232A', noAnswer: true } },
  { id: 'garbage', what: 'a server that answers only garbage', servedBy: 'responder', body: TWO, timeoutMs: SILENT, fault: () => ({ kind: 'garbage' }), expect: { candidates: [], errorCode: '0x8007232A', noAnswer: true } },
  { id: 'wrong-id', what: 'replies that never carry the query ID', servedBy: 'responder', body: TWO, timeoutMs: SILENT, fault: () => ({ kind: 'wrong-id' }), expect: { candidates: [], errorCode: '0x8007232A', noAnswer: true } },
  { id: 'pointer-loop', what: 'a reply whose name pointer points at itself', servedBy: 'responder', body: TWO, timeoutMs: SILENT, fault: () => ({ kind: 'pointer-loop' }), expect: { candidates: [], errorCode: '0x8007232A', noAnswer: true } },
  { id: 'truncated', what: 'a UDP reply truncated (TCP has the answer)', servedBy: 'responder', body: TWO, timeoutMs: ANSWERS, fault: (_name, type) => (type === 'SRV' ? { kind: 'truncate' } : undefined), expect: { candidates: ['kms1:1688', 'kms2:1688'], errorCode: null } },
  {
    id: 'silent-targets', what: 'the SRV answer comes, every A/AAAA lookup goes unanswered', servedBy: 'responder', body: '_vlmcs._tcp IN SRV 0 0 1688 kms1.far.lab.\n_vlmcs._tcp IN SRV 0 0 1688 kms2.far.lab.', timeoutMs: 1500,
    fault: (_name, type) => (type === 'A' || type === 'AAAA' ? { kind: 'drop' } : undefined),
    expect: { candidates: ['kms1.far.lab.:1688', 'kms2.far.lab.:1688'], errorCode: '0xC004F074' },
  },
  { id: 'closed', what: 'nothing listens on the DNS port', servedBy: 'closed', timeoutMs: SILENT, expect: { candidates: [], errorCode: '0x8007232A', noAnswer: true } },
];
