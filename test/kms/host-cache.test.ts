import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostCache, defaultHostCachePath, loadHostCache, parseHostCache, saveHostCache } from '../../src/kms/host-cache.js';

const host = { target: 'kms1.corp.test', port: 1688, address: '10.0.0.1', cachedAt: '2026-01-02T03:04:05.000Z' };

describe('host cache file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kms-srv-cache-'));
  });
  afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

  it('a missing file is an empty cache without a warning', async () => {
    const loaded = await loadHostCache(path.join(dir, 'none.json'));
    expect(loaded.warning).toBeNull();
    expect(loaded.cache.toJSON()).toEqual({ version: 1, hosts: {} });
  });

  it('saves atomically and loads back, replacing an existing file', async () => {
    const file = path.join(dir, 'state.json');
    await fs.writeFile(file, 'old');
    const cache = createHostCache();
    cache.set('corp.test', host);
    await saveHostCache(file, cache);
    const loaded = await loadHostCache(file);
    expect(loaded.warning).toBeNull();
    expect(loaded.cache.get('corp.test')).toEqual(host);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    { what: 'not JSON', text: '{"version":1,', why: /not JSON/ },
    { what: 'not JSON, quoted across lines', text: 'oops\n{}\n', why: /not JSON/ },
    { what: 'a foreign file', text: '{"name":"package"}', why: /its content does not fit the format \(\/ must have required property 'version'\)/ },
    { what: 'another version', text: '{"version":2,"hosts":{}}', why: /\/version must be equal to constant/ },
    { what: 'a bad port', text: JSON.stringify({ version: 1, hosts: { x: { ...host, port: 0 } } }), why: /\/hosts\/x\/port must be >= 1/ },
    { what: 'a bad date', text: JSON.stringify({ version: 1, hosts: { x: { ...host, cachedAt: 'yesterday' } } }), why: /\/hosts\/x\/cachedAt must match pattern/ },
    { what: 'an extra field', text: JSON.stringify({ version: 1, hosts: { x: { ...host, weight: 3 } } }), why: /\/hosts\/x must NOT have additional properties/ },
    { what: 'a host without its address', text: JSON.stringify({ version: 1, hosts: { x: { target: host.target, port: host.port, cachedAt: host.cachedAt } } }), why: /\/hosts\/x must have required property 'address'/ },
    { what: 'a host without its date', text: JSON.stringify({ version: 1, hosts: { x: { target: host.target, port: host.port, address: host.address } } }), why: /\/hosts\/x must have required property 'cachedAt'/ },
    { what: 'an extra top-level field', text: JSON.stringify({ version: 1, hosts: {}, owner: 'someone' }), why: /its content does not fit the format \(\/ must NOT have additional properties/ },
  ])('$what gives a warning and an empty cache', async ({ text, why }) => {
    const loaded = await parseHostCache(text, 'state.json');
    expect(loaded.warning).toMatch(why);
    expect(loaded.warning).toMatch(/^state file state\.json ignored: .*treating the host cache as empty$/);
    expect(loaded.cache.toJSON().hosts).toEqual({});
  });

  it('a path that is no regular file (a directory) is a FILE_READ error naming it', async () => {
    await expect(loadHostCache(dir)).rejects.toMatchObject({ code: 'FILE_READ', exitCode: 2, message: `cannot read state file ${dir}: is a directory, not a regular file` });
  });

  it('a file that is not a host cache is INPUT_INVALID (exit 2) and left alone; with force it is an empty cache and a warning', async () => {
    const file = path.join(dir, 'notes.txt');
    await fs.writeFile(file, 'shopping list\n');
    await expect(loadHostCache(file)).rejects.toMatchObject({ code: 'INPUT_INVALID', exitCode: 2, message: expect.stringMatching(/^state file .*notes\.txt is not a kms-srv host cache: not JSON .*pass --force to replace it\)$/) });
    expect(await fs.readFile(file, 'utf8')).toBe('shopping list\n');
    const forced = await loadHostCache(file, { force: true });
    expect(forced.warning).toMatch(/ignored: not JSON/);
    expect(forced.cache.toJSON().hosts).toEqual({});
  });

  it('a warning quotes a line break in the file as \\n and stays on one line', async () => {
    const loaded = await parseHostCache('oops\n{}\n', 'state.json');
    expect(loaded.warning).not.toMatch(/[\r\n]/);
    // V8 quotes the start of the text; each newline in it is shown as the two characters \ and n.
    expect(loaded.warning).toContain('oops\\n{}\\n');
  });

  it('a file that fails the schema is INPUT_INVALID naming the file, the JSON pointer and what the schema says', async () => {
    const file = path.join(dir, 'bad-port.json');
    const text = JSON.stringify({ version: 1, hosts: { 'corp.test': { ...host, port: 70000 } } });
    await fs.writeFile(file, text);
    const error: unknown = await loadHostCache(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'INPUT_INVALID', exitCode: 2, details: { file } });
    const message = (error as Error).message;
    expect(message.startsWith(`state file ${file} is not a kms-srv host cache: `)).toBe(true);
    // The port is over the schema's maximum of 65535: where (JSON pointer) and what (the schema's words).
    expect(message).toContain('/hosts/corp.test/port must be <= 65535');
    // Said once: the schema problem does not repeat the words of the error around it.
    expect(message.split('host cache').length - 1).toBe(1);
    expect(message).toContain('pass --force to replace it');
    expect(await fs.readFile(file, 'utf8')).toBe(text);
  });

  it('a valid file loads without a warning or a problem', async () => {
    const loaded = await parseHostCache(JSON.stringify({ version: 1, hosts: { 'corp.test': host } }), 'state.json');
    expect(loaded).toMatchObject({ warning: null, problem: null });
    expect(loaded.cache.toJSON()).toEqual({ version: 1, hosts: { 'corp.test': host } });
  });

  it('a cache, new or loaded, is dirty only once set changed it', async () => {
    const fresh = createHostCache();
    expect(fresh.dirty).toBe(false);
    const loaded = (await parseHostCache(JSON.stringify({ version: 1, hosts: { 'corp.test': host } }), 'state.json')).cache;
    expect(loaded.dirty).toBe(false);
    loaded.set('other.test', { ...host, target: 'kms2.other.test' });
    expect(loaded.dirty).toBe(true);
    fresh.set('corp.test', host);
    expect(fresh.dirty).toBe(true);
  });

  it('createDir makes the missing folders of the state file; without it nothing is created and the write fails', async () => {
    const nested = path.join(dir, 'made', 'by', 'save', 'host-cache.json');
    const cache = createHostCache();
    cache.set('corp.test', host);
    await expect(saveHostCache(nested, cache)).rejects.toThrow();
    await expect(fs.stat(path.join(dir, 'made'))).rejects.toMatchObject({ code: 'ENOENT' });
    await saveHostCache(nested, cache, { createDir: true });
    expect(JSON.parse(await fs.readFile(nested, 'utf8'))).toEqual({ version: 1, hosts: { 'corp.test': host } });
  });

  it('does not treat inherited object keys as cached hosts', () => {
    expect(createHostCache().get('constructor')).toBeUndefined();
  });
});

describe('defaultHostCachePath (discover --state without a file)', () => {
  it.each([
    ['win32', { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'C:\\Users\\ann', 'C:\\Users\\ann\\AppData\\Local\\kms-srv\\host-cache.json'],
    ['win32', {}, 'C:\\Users\\ann', 'C:\\Users\\ann\\AppData\\Local\\kms-srv\\host-cache.json'],
    ['linux', { XDG_STATE_HOME: '/var/state/ann' }, '/home/ann', '/var/state/ann/kms-srv/host-cache.json'],
    ['linux', {}, '/home/ann', '/home/ann/.local/state/kms-srv/host-cache.json'],
    // The XDG specification says a relative path is invalid and is to be ignored.
    ['darwin', { XDG_STATE_HOME: 'state' }, '/Users/ann', '/Users/ann/.local/state/kms-srv/host-cache.json'],
  ] as const)('%s %j home %s → %s', (platform, env, home, expected) => {
    expect(defaultHostCachePath(platform, env, home)).toBe(expected);
  });
});
