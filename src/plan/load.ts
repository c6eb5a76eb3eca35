// Plan loading: read, parse (JSON or YAML), validate against the JSON Schema and the rules beyond it,
// then normalise (lower case, no trailing dots, defaults filled, home domain first). Everything past
// this point trusts the Plan type.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parseDocument } from 'yaml';
import { normaliseName } from '../names/canonical.js';
import { KMS_DEFAULT_PORT } from '../names/kms-service.js';
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { MIB, readInputText, type InputLimits } from '../util/input-file.js';
// Imported, not read beside the module: the bundled CLI and the single executable have no schema/ beside them.
import planSchema from '../../schema/plan.schema.json' with { type: 'json' };
import { firstDuplicateKey } from './json-duplicates.js';
import { canonicalIpv6 } from './names.js';
import type { Plan, PlanHost, PlanPublishEntry, PlanTsigKey } from './types.js';
import { describeSchemaError, homeDomain, semanticProblems, type PlanProblem } from './validate.js';

/** docs/behaviour.md#input-limits: a plan of thousands of hosts is far under 4 MiB. */
export const PLAN_FILE_LIMITS = { what: 'plan', maxBytes: 4 * MIB } as const satisfies InputLimits;

/** At most this many problems are listed; the rest are counted. */
export const MAX_REPORTED = 20;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(planSchema);
  return compiled;
}

export interface LoadedPlan {
  plan: Plan;
  /** Suspicious but allowed (an address on two hosts, a host without addresses). */
  warnings: string[];
}

function looksLikeJson(text: string, fileName: string): boolean {
  if (/\.ya?ml$/i.test(fileName)) return false;
  if (/\.json$/i.test(fileName)) return true;
  return /^\s*[{[]/.test(text);
}

function syntaxError(fileName: string, message: string): KmsSrvError {
  return new KmsSrvError('PLAN_INVALID', `plan ${fileName} is not valid ${message}`, { details: { file: fileName } });
}

// Node's JSON.parse messages give a position only sometimes, and may quote the whole input.
function jsonErrorWhat(message: string): string {
  return message.replace(/, ".*$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '');
}

function jsonErrorLine(text: string, message: string): string {
  const pos = /position (\d+)/.exec(message);
  if (pos) return ` at line ${text.slice(0, Number(pos[1])).split('\n').length}`;
  // No position: the YAML parser (JSON is nearly YAML) usually stops at the same place.
  const line = parseDocument(text).errors[0]?.linePos?.[0].line;
  return line === undefined ? '' : ` at line ${line}`;
}

function parseText(text: string, fileName: string): unknown {
  if (looksLikeJson(text, fileName)) {
    let data: unknown;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    } catch (error) {
      throw syntaxError(fileName, `JSON${jsonErrorLine(text, (error as Error).message)}: ${jsonErrorWhat((error as Error).message)}`);
    }
    const duplicate = firstDuplicateKey(text);
    if (duplicate !== undefined) throw syntaxError(fileName, `JSON: ${excerpt(duplicate)} is a duplicate key (the same key twice in one object; YAML plans refuse it too)`);
    return data;
  }
  // YAML 1.2 core schema: no custom tags, no merge keys; aliases capped so an alias bomb fails fast.
  // logLevel 'error': the library's warnings (a list or map used as a key, stringified) would go to
  // stderr through process.emitWarning, unescaped; such a key is no plan key, and the schema refuses it.
  const doc = parseDocument(text, { uniqueKeys: true, merge: false, prettyErrors: true, logLevel: 'error' });
  const first = doc.errors[0];
  if (first) throw syntaxError(fileName, `YAML: ${first.message.split('\n')[0]}`);
  try {
    return doc.toJS({ maxAliasCount: 50 }) as unknown;
  } catch (error) {
    throw syntaxError(fileName, `YAML: ${(error as Error).message}`);
  }
}

function problemReport(fileName: string, problems: PlanProblem[]): KmsSrvError {
  const shown = problems.slice(0, MAX_REPORTED).map((p) => `  ${p.pointer || '/'}: ${p.message}`);
  if (problems.length > MAX_REPORTED) shown.push(`  … and ${problems.length - MAX_REPORTED} more`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new KmsSrvError('PLAN_INVALID', `plan ${fileName} is invalid (${count}):\n${shown.join('\n')}`, {
    details: { file: fileName, problems },
  });
}

/** Every problem in the data: schema first, then the rules beyond it (one message per pointer and text). */
export function planProblems(data: unknown): { errors: PlanProblem[]; warnings: PlanProblem[] } {
  const validate = validator();
  const schemaErrors = validate(data) ? [] : (validate.errors ?? []).map((e) => describeSchemaError(e, data));
  const semantic = semanticProblems(data);
  const specific = new Set(semantic.errors.map((p) => p.pointer));
  const seen = new Set<string>();
  const errors: PlanProblem[] = [];
  // A name with its own precise message drops the schema's generic one (e.g. a length limit).
  for (const p of [...schemaErrors.filter((e) => !specific.has(e.pointer)), ...semantic.errors]) {
    const key = `${p.pointer}\u0000${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push(p);
    }
  }
  return { errors: errors.sort(comparePointers), warnings: semantic.warnings.sort(comparePointers) };
}

// Document order: /hosts/2 before /hosts/10, so the report reads top to bottom like the file.
function comparePointers(a: PlanProblem, b: PlanProblem): number {
  const x = a.pointer.split('/');
  const y = b.pointer.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string;
    const q = y[i] as string;
    if (p === q) continue;
    const numeric = /^\d+$/.test(p) && /^\d+$/.test(q);
    return numeric ? Number(p) - Number(q) : p < q ? -1 : 1;
  }
  return x.length - y.length;
}

interface RawPlan {
  ttl?: number;
  publishing?: 'auto' | 'manual';
  tsigKey?: { name: string; algorithm?: PlanTsigKey['algorithm'] };
  nameservers?: string[];
  contact?: string;
  hosts: Array<{ name: string; port?: number; publishing?: 'auto' | 'manual'; ipv4?: string[]; ipv6?: string[]; publish?: Array<{ domain: string; priority?: number; weight?: number }> }>;
}

function normaliseHost(raw: RawPlan['hosts'][number], domainNames: Map<string, string>, publishing: Plan['publishing']): PlanHost {
  const name = normaliseName(raw.name);
  // One string per domain, however many hosts publish there: less memory, and later lookups by
  // domain hash each string once.
  const domain = (written: string): string => {
    let normal = domainNames.get(written);
    if (normal === undefined) domainNames.set(written, (normal = normaliseName(written)));
    return normal;
  };
  const publish: PlanPublishEntry[] = (raw.publish ?? []).map((e) => ({ domain: domain(e.domain), priority: e.priority ?? 0, weight: e.weight ?? 0 }));
  const home = homeDomain(name);
  // Microsoft's pages disagree on whether the list suspends the home domain (docs/behaviour.md#publishing):
  // name it explicitly, so Windows behaves the same whichever page is right.
  if (!publish.some((e) => e.domain === home)) publish.unshift({ domain: home, priority: 0, weight: 0 });
  return { name, port: raw.port ?? KMS_DEFAULT_PORT, publishing: raw.publishing ?? publishing, ipv4: [...(raw.ipv4 ?? [])], ipv6: (raw.ipv6 ?? []).map(canonicalIpv6), publish };
}

function normaliseContact(contact: string): string {
  const at = contact.indexOf('@');
  return normaliseName(at < 0 ? contact : `${contact.slice(0, at)}.${contact.slice(at + 1)}`);
}

function normalisePlan(raw: RawPlan): Plan {
  const domainNames = new Map<string, string>();
  const publishing = raw.publishing ?? 'auto';
  const plan: Plan = { ttl: raw.ttl ?? 3600, publishing, hosts: raw.hosts.map((host) => normaliseHost(host, domainNames, publishing)) };
  if (raw.tsigKey) plan.tsigKey = { name: normaliseName(raw.tsigKey.name), algorithm: raw.tsigKey.algorithm ?? 'hmac-sha256' };
  if (raw.nameservers) plan.nameservers = raw.nameservers.map(normaliseName);
  if (raw.contact !== undefined) plan.contact = normaliseContact(raw.contact);
  return plan;
}

/** Parse, validate and normalise plan text; `fileName` names it in messages and picks JSON or YAML. */
export function parsePlanDetailed(text: string, fileName: string): LoadedPlan {
  const data = parseText(text, fileName);
  const { errors, warnings } = planProblems(data);
  if (errors.length > 0) throw problemReport(fileName, errors);
  return { plan: normalisePlan(data as RawPlan), warnings: warnings.map((w) => `${fileName}: ${w.pointer}: ${w.message}`) };
}

/** As `loadPlan`, from text already read; `fileName` is used in messages. */
export function parsePlan(text: string, fileName: string): Plan {
  return parsePlanDetailed(text, fileName).plan;
}

export async function loadPlanDetailed(file: string): Promise<LoadedPlan> {
  return parsePlanDetailed(await readInputText(file, PLAN_FILE_LIMITS), file);
}

/** Reads a plan file (JSON or YAML), validates it against `schema/plan.schema.json` and the rules beyond it, and returns the normalised plan; an invalid plan throws a `KmsSrvError` listing each problem with its JSON pointer. */
export async function loadPlan(file: string): Promise<Plan> {
  return (await loadPlanDetailed(file)).plan;
}
