// Sums a `--cpu-prof` profile of one `kms-srv audit` run by phase (docs/performance.md): each sample
// goes to the first frame, from the leaf up, that a phase claims. Samples are taken on wall time, so
// time the process spent waiting for the CPU is charged to what it was doing (see the page).
//   node bench/profile-phases.mjs PROFILE.cpuprofile [domains=100000]
import { readFileSync } from 'node:fs';
import process from 'node:process';

const PHASES = [
  ['idle (waiting for replies)', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['send(): the sendmsg system call', (f) => ['doSend', 'Socket.send', 'afterSend'].includes(f.functionName)],
  ['output: JSON lines and stdout writes', (f) => (/cli\/audit\/run-audit\.js$/.test(f.url) && ['flush', 'write', 'writeResult'].includes(f.functionName)) || /cli\/io\.js$/.test(f.url) || f.functionName === 'stringify'],
  ['progress, tally', (f) => /progress\.js$|tally\.js$/.test(f.url)],
  ['reading the reply (reply gate, SRV scan)', (f) => /srv-reply\.js$|reply-gate\.js$|reply-reader\.js$/.test(f.url)],
  ['verdict and client error', (f) => /verdict\.js$|checks\//.test(f.url) || (/fast-audit\.js$/.test(f.url) && f.functionName === 'finish')],
  ['full path (domains without glue: resolver, dns-packet)', (f) => /gather\/|resolver\.js$|dns-packet|answer-gate\.js$|audit-domain\.js$|dns\/wire\.js$|transport\.js$|packet\.js$/.test(f.url)],
  ['names (query wire, question name, bailiwick)', (f) => /names\//.test(f.url) || (/fast-audit\.js$/.test(f.url) && /srvQueryWire|DomainQuery/.test(f.functionName))],
  ['input: reading and checking domain lines', (f) => /audit\/domains\.js$|streams\/readable|fs\/streams/.test(f.url)],
  ['receiving: dgram message event and pool routing', (f) => /dns\/pool\.js$|dns\/window\.js$/.test(f.url) || f.functionName === 'onMessage'],
  ['audit loop and fast path (slots, retries, promises)', (f) => /audit\/run\.js$|fast-audit\.js$|hosts\.js$/.test(f.url) || ['runMicrotasks', 'processTicksAndRejections'].includes(f.functionName)],
  ['start-up (module loading, compiling)', (f) => /internal\/modules|loader/.test(f.url)],
  ['native, outside JavaScript (libuv, receiving)', (f) => f.functionName === '(program)'],
];

const [file, domainsArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-phases.mjs PROFILE.cpuprofile [domains=100000]\n');
  process.exit(2);
}
const domains = Number(domainsArg ?? 100_000);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n);
const sums = new Map([...PHASES.map(([name]) => [name, 0]), ['other', 0]]);
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const micros = profile.timeDeltas[i] ?? 0;
  total += micros;
  let phase = 'other';
  // A stack is at most a few hundred frames deep; the walk ends at the root.
  search: for (let n = byId.get(profile.samples[i]); n; n = parent.get(n.id)) {
    for (const [name, claims] of PHASES) {
      if (claims(n.callFrame)) {
        phase = name;
        break search;
      }
    }
  }
  sums.set(phase, sums.get(phase) + micros);
}
const lines = ['| phase | ms | µs per domain | share |', '|---|---:|---:|---:|'];
for (const [name, micros] of [...sums].sort((a, b) => b[1] - a[1])) {
  lines.push(`| ${name} | ${(micros / 1000).toFixed(0)} | ${(micros / domains).toFixed(1)} | ${((100 * micros) / total).toFixed(0)} % |`);
}
lines.push(`| whole profile | ${(total / 1000).toFixed(0)} | ${(total / domains).toFixed(1)} | 100 % |`);
process.stdout.write(`${lines.join('\n')}\n`);
