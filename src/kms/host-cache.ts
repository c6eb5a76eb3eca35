// The host cache as a JSON state file (`discover --state FILE`). Validated against
// schema/host-cache.schema.json on load. Only an absent file or a valid host cache is ever written
// over: a file that is not one (someone's notes, a foreign JSON file) stops discover with exit 2
// unless --force says to replace it (issue 10), and is then treated as empty.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { KmsSrvError } from '../util/errors.js';
import { excerpt } from '../util/excerpt.js';
import { KIB, MIB, inputErrno, readInputText, type InputLimits } from '../util/input-file.js';
import schema from '../../schema/host-cache.schema.json' with { type: 'json' };
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
  /** What is wrong with the file's content, when something is (the warning says it in full). */
  problem: string | null;
}

// ajv is loaded only when a state file is read: discover without --state starts ~40 ms sooner.
let validator: Promise<ValidateFunction> | undefined;

function validate(): Promise<ValidateFunction> {
  // The schema is imported (the bundle embeds it), not read beside the module.
  validator ??= import('ajv/dist/2020.js').then(({ Ajv2020 }) => new Ajv2020({ strict: true }).compile(schema));
  return validator;
}

export function createHostCache(initial?: HostCacheFile): HostCache {
  const hosts: Record<string, CachedHost> = { ...initial?.hosts };
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
    return ignored(file, `not JSON (${excerpt((error as Error).message).replace(/\r?\n/g, '\\n')})`);
  }
  const check = await validate();
  if (!check(data)) {
    const first = check.errors?.[0];
    const where = first?.instancePath || '/';
    return ignored(file, `its content does not fit the format (${where} ${first?.message ?? 'is invalid'})`);
  }
  return { cache: createHostCache(data as HostCacheFile), warning: null, problem: null };
}

function ignored(file: string, why: string): LoadedHostCache {
  return { cache: createHostCache(), warning: `state file ${file} ignored: ${why}; treating the host cache as empty`, problem: why };
}

/** docs/behaviour.md#input-limits: a cache holds one host per domain; 1 MiB is thousands of domains. */
export const HOST_CACHE_LIMITS = { what: 'state file', maxBytes: MIB, maxLineBytes: 64 * KIB } as const satisfies InputLimits;

export interface LoadHostCacheOptions {
  /** Treat a file that is not a host cache as empty (with a warning) so that it gets replaced. */
  force?: boolean;
}

/**
 * Loads the cache; a missing file is an empty cache without a warning. A file that is not a host
 * cache is an INPUT_INVALID error (exit 2) unless `force`; one that cannot be read (a directory, a
 * FIFO, over the size limit, no permission) is a FILE_READ error either way.
 */
export async function loadHostCache(file: string, options: LoadHostCacheOptions = {}): Promise<LoadedHostCache> {
  let text: string;
  try {
    text = await readInputText(file, HOST_CACHE_LIMITS);
  } catch (error) {
    if (inputErrno(error) === 'ENOENT') return { cache: createHostCache(), warning: null, problem: null };
    throw error;
  }
  const loaded = await parseHostCache(text, file);
  if (loaded.problem !== null && !options.force) {
    throw new KmsSrvError('INPUT_INVALID', `state file ${file} is not a kms-srv host cache: ${loaded.problem}; it was left as it is (pass --force to replace it)`, {
      details: { file },
    });
  }
  return loaded;
}

/**
 * Where `discover --state` keeps the cache when no file is named: per user, in the place each system
 * gives programs for such state (Windows: %LOCALAPPDATA%; elsewhere the XDG state directory).
 */
export function defaultHostCachePath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local'), 'kms-srv', 'host-cache.json');
  // XDG: a relative XDG_STATE_HOME is invalid and must be ignored.
  const state = env.XDG_STATE_HOME !== undefined && path.posix.isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : path.posix.join(home, '.local', 'state');
  return path.posix.join(state, 'kms-srv', 'host-cache.json');
}

/** Writes the cache whole; `createDir` makes its folder first (the default path's folder may not exist yet). */
export async function saveHostCache(file: string, cache: HostCache, options: { createDir?: boolean } = {}): Promise<void> {
  if (options.createDir) mkdirSync(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(cache.toJSON(), null, 2)}\n`, { force: true });
}
