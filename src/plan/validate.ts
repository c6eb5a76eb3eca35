// Checks beyond the JSON Schema: name syntax, IP literals, duplicates. They run on the raw data
// (any shape), skipping what the schema already reports, so one run lists every problem.
import type { ErrorObject } from 'ajv';
import { normaliseName } from '../names/canonical.js';
import { VLMCS_PREFIX_OCTETS } from '../names/kms-service.js';
import { forbiddenCharacter, nameProblem } from '../names/validate.js';
import { excerpt } from '../util/excerpt.js';
import { escapeForTerminal } from '../util/terminal.js';
import { canonicalIpv6, ipv4Problem, ipv6Problem } from './names.js';

/** One thing wrong (or worth a warning) in a plan, located by JSON pointer. */
export interface PlanProblem {
  /** JSON pointer (RFC 6901) of the offending value, "" for the whole plan. */
  pointer: string;
  message: string;
}

export interface SemanticResult {
  errors: PlanProblem[];
  warnings: PlanProblem[];
}


function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): Array<[number, string]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, i): Array<[number, string]> => (typeof v === 'string' ? [[i, v]] : []));
}

/** Contact as a mailbox (user@domain) or in SOA form (user.domain). */
function contactProblem(value: string): string | undefined {
  const bad = forbiddenCharacter(value);
  if (bad) return `contains ${bad}`;
  const at = value.indexOf('@');
  if (at < 0) return nameProblem(value, 'domain');
  const local = value.slice(0, at);
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(local)) return `mailbox "${local}" may hold only letters, digits, hyphens and underscores (a dot would need escaping in the SOA record)`;
  const domainProblem = nameProblem(value.slice(at + 1), 'domain');
  return domainProblem ? `domain after "@" ${domainProblem}` : undefined;
}

/** The domain a KMS host publishes in by default: its name without the first label. */
export function homeDomain(hostName: string): string {
  return hostName.slice(hostName.indexOf('.') + 1);
}

export function semanticProblems(data: unknown): SemanticResult {
  const errors: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  if (!isObject(data)) return { errors, warnings };
  // Big plans name the same few domains hundreds of thousands of times: judge each name once.
  const verdicts = { host: new Map<number, Map<string, string | null>>(), domain: new Map<number, Map<string, string | null>>() };
  const nameCheck = (pointer: string | (() => string), value: unknown, kind: 'host' | 'domain', reserve = 0): void => {
    if (typeof value !== 'string') return;
    let byName = verdicts[kind].get(reserve);
    if (!byName) verdicts[kind].set(reserve, (byName = new Map()));
    let problem = byName.get(value);
    if (problem === undefined) byName.set(value, (problem = nameProblem(value, kind, reserve) ?? null));
    if (problem !== null) {
      errors.push({ pointer: typeof pointer === 'string' ? pointer : pointer(), message: `${kind === 'host' ? 'host name' : 'domain'} "${printable(value)}" ${problem}` });
    }
  };

  if (isObject(data.tsigKey)) nameCheck('/tsigKey/name', data.tsigKey.name, 'domain');
  if (typeof data.contact === 'string') {
    const problem = contactProblem(data.contact);
    if (problem) errors.push({ pointer: '/contact', message: `contact "${printable(data.contact)}" ${problem}` });
  }
  const seenNs = new Map<string, number>();
  for (const [i, ns] of strings(data.nameservers)) {
    nameCheck(`/nameservers/${i}`, ns, 'host');
    const key = normaliseName(ns);
    if (seenNs.has(key)) errors.push({ pointer: `/nameservers/${i}`, message: `name server ${key} is listed twice (also /nameservers/${seenNs.get(key)})` });
    else seenNs.set(key, i);
  }

  const hosts = Array.isArray(data.hosts) ? data.hosts : [];
  const hostByName = new Map<string, number>();
  const hostByAddress = new Map<string, number>();
  hosts.forEach((host, h) => {
    if (!isObject(host)) return;
    const base = `/hosts/${h}`;
    if (typeof host.name === 'string') {
      nameCheck(`${base}/name`, host.name, 'host');
      const key = normaliseName(host.name);
      const first = hostByName.get(key);
      if (first !== undefined) errors.push({ pointer: `${base}/name`, message: `host ${key} is listed twice (also /hosts/${first}/name; names compare without case)` });
      else hostByName.set(key, h);
    }
    const addresses = new Map<string, string>();
    const addressCheck = (field: 'ipv4' | 'ipv6'): void => {
      for (const [i, value] of strings(host[field])) {
        const pointer = `${base}/${field}/${i}`;
        const problem = field === 'ipv4' ? ipv4Problem(value) : ipv6Problem(value);
        if (problem) {
          errors.push({ pointer, message: problem });
          continue;
        }
        const key = field === 'ipv4' ? value : canonicalIpv6(value);
        if (addresses.has(key)) {
          errors.push({ pointer, message: `address ${key} is listed twice for this host (also ${addresses.get(key)})` });
          continue;
        }
        addresses.set(key, pointer);
        const other = hostByAddress.get(key);
        // Two names on one address is legitimate (a host with an alias name) but usually a paste slip.
        if (other !== undefined && other !== h) warnings.push({ pointer, message: `address ${key} is also given to /hosts/${other}` });
        else hostByAddress.set(key, h);
      }
    };
    addressCheck('ipv4');
    addressCheck('ipv6');
    const addressCount = (Array.isArray(host.ipv4) ? host.ipv4.length : 0) + (Array.isArray(host.ipv6) ? host.ipv6.length : 0);
    if (addressCount === 0) warnings.push({ pointer: base, message: 'host has no ipv4 or ipv6: no A/AAAA records are generated for it (it must register them itself)' });
    const domains = new Map<string, number>();
    if (!Array.isArray(host.publish)) return;
    const home = typeof host.name === 'string' ? homeDomain(normaliseName(host.name)) : undefined;
    host.publish.forEach((entry, p) => {
      if (!isObject(entry) || typeof entry.domain !== 'string') return;
      // Pointers are built only for a problem: a clean plan of 10,000 hosts has half a million entries.
      const pointer = () => `${base}/publish/${p}/domain`;
      nameCheck(pointer, entry.domain, 'domain', VLMCS_PREFIX_OCTETS);
      const key = normaliseName(entry.domain);
      const first = domains.get(key);
      if (first !== undefined) errors.push({ pointer: pointer(), message: `domain ${key} is listed twice in this host's publish list (also ${base}/publish/${first})` });
      else domains.set(key, p);
      if (key === home) {
        const warning = homeDomainWarning(entry.priority, entry.weight);
        if (warning) warnings.push({ pointer: `${base}/publish/${p}`, message: warning });
      }
    });
  });
  return { errors, warnings };
}

/**
 * The home domain repeated with another priority or weight than the default (0, 0): a host that also
 * publishes there by default, as Microsoft's registry reference says it does, would leave two records.
 */
function homeDomainWarning(priority: unknown, weight: unknown): string | undefined {
  const p = typeof priority === 'number' ? priority : 0;
  const w = typeof weight === 'number' ? weight : 0;
  if (p === 0 && w === 0) return undefined;
  return `the host's home domain with priority ${p}, weight ${w}: Microsoft's registry reference says the home domain is always used (its deployment guide: the list suspends that); a host that also publishes there with priority 0, weight 0 leaves two records`;
}

/** A value safe to quote in a one-line message (control characters shown as \uXXXX). */
export function printable(value: string): string {
  return escapeForTerminal(excerpt(value));
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `the text "${printable(value)}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text (a string)',
  array: 'a list',
  object: 'an object',
  boolean: 'true or false',
};

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** RFC 6901: "~" is "~0" and "/" is "~1" inside a pointer segment. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One ajv error in plain words, with the pointer of the field it is about. */
export function describeSchemaError(error: ErrorObject, data: unknown): PlanProblem {
  const at = error.instancePath;
  const value = valueAt(data, at);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: `${at}/${escapePointer(String(p.missingProperty))}`, message: `"${String(p.missingProperty)}" is required but missing` };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      return { pointer: `${at}/${escapePointer(key)}`, message: `unknown field "${printable(key)}" (check the spelling; the schema lists the allowed fields)` };
    }
    case 'type':
      return { pointer: at, message: `must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}, got ${describeType(value)}` };
    case 'minimum':
    case 'maximum': {
      const sch = error.parentSchema as { minimum?: number; maximum?: number } | undefined;
      return { pointer: at, message: `must be between ${sch?.minimum ?? '-∞'} and ${sch?.maximum ?? '∞'}, got ${String(value)}` };
    }
    case 'enum':
      return { pointer: at, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describeType(value)}` };
    case 'minItems':
      return { pointer: at, message: `needs at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}` };
    case 'maxItems':
      return { pointer: at, message: `may hold at most ${String(p.limit)} entries` };
    case 'minLength':
      return { pointer: at, message: 'must not be empty' };
    case 'maxLength':
      return { pointer: at, message: `is longer than ${String(p.limit)} characters` };
    default:
      return { pointer: at, message: error.message ?? `fails the schema rule "${error.keyword}"` };
  }
}
