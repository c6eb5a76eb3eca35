// The host cache as a JSON state file (`discover --state FILE`). Validated against
// schema/host-cache.schema.json on load; a corrupt, foreign or unreadable file is reported as a
// warning and treated as empty — a broken cache must never stop discovery (the client rediscovers).
import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { CachedHost, HostCacheStore } from './types.js';

export interface HostCacheFile {
  version: 1;
  hosts: Record<string, CachedHost>;
}

export interface HostCache extends HostCacheStore {
  /** True once `set` changed something. */
  readonly dirty: boolean;
  toJSON(): HostCacheFile;
}

export interface LoadedHostCache {
  cache: HostCache;
  /** Why the file was ignored, when it was. */
  warning: string | null;
}

// ajv is loaded only when a state file is read: discover without --state starts ~40 ms sooner.
let validator: Promise<ValidateFunction> | undefined;

function validate(): Promise<ValidateFunction> {
  validator ??= import('ajv/dist/2020.js').then(({ Ajv2020 }) => {
    // schema/ sits two levels above both src/kms and dist/kms.
    const schema = JSON.parse(readFileSync(new URL('../../schema/host-cache.schema.json', import.meta.url), 'utf8')) as object;
    return new Ajv2020({ allErrors: false, strict: true }).compile(schema);
  });
  return validator;
}

export function createHostCache(initial: HostCacheFile = { version: 1, hosts: {} }): HostCache {
  const hosts: Record<string, CachedHost> = { ...initial.hosts };
  let dirty = false;
  return {
    get: (key) => (Object.hasOwn(hosts, key) ? hosts[key] : undefined),
    set(key, host) {
      hosts[key] = { ...host };
      dirty = true;
    },
    get dirty() {
      return dirty;
    },
    toJSON: () => ({ version: 1, hosts: { ...hosts } }),
  };
}

/** Parses state-file text; never rejects. */
export async function parseHostCache(text: string, file: string): Promise<LoadedHostCache> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 quotes the start of the text, newlines included; the warning stays on one line.
    return ignored(file, `not JSON (${(error as Error).message.replace(/\r?\n/g, '\\n')})`);
  }
  const check = await validate();
  if (!check(data)) {
    const first = check.errors?.[0];
    const where = first?.instancePath || '/';
    return ignored(file, `not a kms-srv host cache (${where} ${first?.message ?? 'is invalid'})`);
  }
  return { cache: createHostCache(data as HostCacheFile), warning: null };
}

function ignored(file: string, why: string): LoadedHostCache {
  return { cache: createHostCache(), warning: `state file ${file} ignored: ${why}; treating the host cache as empty` };
}

/** Loads the cache; a missing file is an empty cache without a warning. */
export async function loadHostCache(file: string): Promise<LoadedHostCache> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { cache: createHostCache(), warning: null };
    return ignored(file, `cannot read it (${code ?? (error as Error).message})`);
  }
  return parseHostCache(text, file);
}

export async function saveHostCache(file: string, cache: HostCache): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(cache.toJSON(), null, 2)}\n`, { force: true });
}
