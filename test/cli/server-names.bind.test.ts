// --server takes a host name: resolved once by the OS resolver (injected here), the address used is
// named in a note, and a name that does not resolve is a usage error naming the flag.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo, type CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { resolveServer } from '../../src/dns/server-address.js';
import { bindMissing, startBind, type BindServer } from '../helpers/bind.js';

const ZONE_TEXT = readFileSync(path.join(import.meta.dirname, '../../zones/example.test.zone'), 'utf8');

/** An OS resolver that knows one name (dns.lab → 127.0.0.1) and counts its calls. */
function fakeLookup() {
  const asked: string[] = [];
  const lookup: NonNullable<CliIo['lookupHost']> = async (name) => {
    asked.push(name);
    if (name === 'dns.lab') return { address: '127.0.0.1', family: 4 };
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
  return { lookup, asked };
}

describe('resolveServer', () => {
  it.each([
    ['192.0.2.1', { host: '192.0.2.1', port: 53 }],
    ['192.0.2.1:5353', { host: '192.0.2.1', port: 5353 }],
    ['[2001:db8::1]:54', { host: '2001:db8::1', port: 54 }],
    ['2001:db8::1', { host: '2001:db8::1', port: 53 }],
    ['dns.lab:5300', { host: '127.0.0.1', port: 5300, name: 'dns.lab' }],
  ])('%s', async (text, expected) => {
    expect(await resolveServer(text, fakeLookup().lookup)).toEqual(expected);
  });

  it.each([
    ['nowhere.lab', /does not resolve \(no such host\)/],
    ['bad_name!.lab', /neither an IP address nor a host name/],
    ['dns.lab:0', /port must be a number from 1 to 65535/],
    ['[dns.lab]:53', /brackets are only for IPv6/],
    ['', /empty/],
  ])('refuses %j', async (text, message) => {
    await expect(resolveServer(text, fakeLookup().lookup)).rejects.toThrow(message);
  });

  it('asks the OS resolver nothing for an address', async () => {
    const { lookup, asked } = fakeLookup();
    await resolveServer('127.0.0.1:53', lookup);
    expect(asked).toEqual([]);
  });
});

describe.skipIf(bindMissing())('--server NAME on the commands', () => {
  let bind: BindServer;
  beforeAll(async () => {
    bind = await startBind({ zones: [{ name: 'example.test', text: ZONE_TEXT }] });
  });
  afterAll(() => bind?.stop());

  async function cli(args: string[], quiet = false) {
    const { lookup, asked } = fakeLookup();
    const io = Object.assign(memoryIo(), { lookupHost: lookup });
    const code = await run([...args, ...(quiet ? ['--quiet'] : [])], io);
    return { code, out: io.out(), err: io.err(), asked };
  }

  it('lookup resolves the name once and says which address it used', async () => {
    const r = await cli(['lookup', '_vlmcs._tcp.example.test', '--server', `dns.lab:${bind.port}`]);
    expect(r.code, r.err).toBe(0);
    expect(r.asked).toEqual(['dns.lab']);
    expect(r.err).toBe(`kms-srv: note: --server dns.lab:${bind.port}: using 127.0.0.1:${bind.port} (dns.lab resolved by the system resolver)\n`);
    expect(r.out).toContain('kms1.example.test');
  });

  it('--quiet leaves the note out', async () => {
    const r = await cli(['lookup', '_vlmcs._tcp.example.test', '--server', `dns.lab:${bind.port}`], true);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });

  it.each([
    [['discover', '--domain', 'example.test', '--probe', 'none', '--server']],
    [['doctor', 'example.test', '--no-probe', '--authoritative', `dns.lab:PORT`, '--server']],
  ])('%j takes a name', async (args) => {
    const r = await cli([...args.map((a) => a.replace('PORT', String(bind.port))), `dns.lab:${bind.port}`]);
    expect(r.code, r.err).toBe(0);
    expect(r.asked.every((name) => name === 'dns.lab')).toBe(true);
  });

  it('a name that does not resolve: exit 2, one message naming the flag, no DNS sent', async () => {
    const r = await cli(['lookup', 'example.test', '--server', 'nowhere.lab']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('kms-srv: --server: server "nowhere.lab": host name "nowhere.lab" does not resolve (no such host); give an IP address or a name the system resolver knows\n');
    const json = await cli(['lookup', 'example.test', '--server', 'nowhere.lab', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ error: { code: 'USAGE', details: { host: 'nowhere.lab' } } });
  });
});
