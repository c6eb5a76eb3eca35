// How `kms-srv lookup` shows a QueryResult: dig-like answer lines for people, a fixed JSON shape for
// scripts (issue #2).
import { formatServer } from './errors.js';
import type { DnsRecord, IgnoredRecord, QueryResult } from './types.js';
import { absoluteName } from '../names/canonical.js';
import { escapeForTerminal } from '../util/terminal.js';
import { presentData } from './wire.js';

export interface LookupJson {
  question: { name: string; type: string };
  server: string;
  rcode: string;
  answers: Array<{ name: string; type: string; ttl: number; data: unknown }>;
  elapsedMs: number;
  /** Present only when the server sent records that are not part of the answer (answer-gate.ts). */
  ignored?: IgnoredRecord[];
}

export function toLookupJson(result: QueryResult): LookupJson {
  return {
    question: { name: result.question.name, type: result.question.type },
    server: formatServer(result.server),
    rcode: result.rcode,
    answers: result.answers.map((r) => ({ name: r.name, type: r.type, ttl: r.ttl, data: r.data })),
    elapsedMs: result.elapsedMs,
    ...(result.ignored.length > 0 ? { ignored: result.ignored.map((i) => ({ ...i })) } : {}),
  };
}

/** Records as dig prints its answer section (`name ttl class type data`), columns aligned. */
function formatRecords(records: readonly DnsRecord[]): string {
  // Names are in presentation form already; record data (TXT above all) is whatever the server sent.
  const rows = records.map((r) => [r.name, String(r.ttl), r.class, r.type, presentData(r)].map((cell) => escapeForTerminal(cell)));
  const widths = [0, 1, 2, 3].map((i) => Math.max(0, ...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => `${row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ')}\n`).join('');
}

export function formatLookupText(result: QueryResult): string {
  const lines: string[] = [`;; QUESTION: ${escapeForTerminal(absoluteName(result.question.name))} IN ${result.question.type}\n`];
  if (result.cnameChain.length > 0) lines.push(`;; CNAME followed: ${escapeForTerminal(result.cnameChain.map(absoluteName).join(' -> '))}\n`);
  if (result.answers.length > 0) lines.push(';; ANSWER:\n', formatRecords(result.answers));
  if (result.ignored.length > 0) {
    lines.push(';; IGNORED (sent by the server, not part of the answer):\n');
    for (const i of result.ignored) lines.push(`;;   ${i.section} ${i.name} ${i.type}: ${i.reason}\n`);
  }
  const via = result.tcp ? (result.truncatedOverUdp ? 'TCP (UDP answer was truncated)' : 'TCP') : 'UDP';
  const count = `${result.answers.length} answer${result.answers.length === 1 ? '' : 's'}`;
  const aa = result.authoritative ? ', authoritative' : '';
  lines.push(`;; ${result.rcode} from ${formatServer(result.server)} over ${via} in ${result.elapsedMs} ms: ${count}${aa}\n`);
  return lines.join('');
}
