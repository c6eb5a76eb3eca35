// A manual host (--kms-host, or KeyManagementServiceName from the registry) resolves the way the
// client's OS resolves it (dns.lookup: hosts file, suffixes) unless --server pins DNS (issue 11 item 5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { memoryIo } from '../../src/cli/io.js';
import { osLookup } from '../../src/dns/os-lookup.js';
import { runDiscover } from '../../src/kms/run-discover.js';
import { runDoctor } from '../../src/doctor/run-doctor.js';
import { startKmsStandIn, type KmsStandIn } from '../../src/kms/stand-in.js';
import type { HostLookup } from '../../src/dns/os-lookup.js';
import { a, fakeDns } from './fakes.js';
import { fakeServer } from '../doctor/fakes.js';

describe('manual hosts through the OS resolver', () => {
  let kms: KmsStandIn;
  beforeAll(async () => {
    kms = await startKmsStandIn({ host: '127.0.0.1', answerBind: true });
  });
  afterAll(async () => {
    await kms.close();
  });

  it('--kms-host localhost:PORT is found through the hosts file and selected (it failed with 0xC004F074 before)', async () => {
    const io = memoryIo();
    const code = await run(['discover', '--kms-host', `localhost:${kms.port}`, '--probe-timeout', '2000'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(new RegExp(`Selected: localhost:${kms.port} at (127\\.0\\.0\\.1|::1) \\(from the manual setting\\)`));
    expect(io.out()).toContain("the manual host localhost was resolved through the operating system's resolver (hosts file, DNS suffixes, system DNS servers), as the client resolves it");
  });

  it('the OS resolver is asked, not the DNS query function, and a failure says so', async () => {
    const asked: string[] = [];
    const lookupHost: HostLookup = async (name) => {
      asked.push(name);
      return { addresses: [], failure: `ENOTFOUND: the operating system's resolver found no address for ${name}` };
    };
    const query = async () => {
      throw new Error('DNS must not be asked for a manual host when --server is not given');
    };
    const report = await runDiscover({ kmsHost: 'kms9.nowhere.test', probe: 'none' }, { query, lookupHost });
    expect(asked).toEqual(['kms9.nowhere.test']);
    expect(report.selected).toBeNull();
    expect(report.errorCode).toBe('0xC004F074');
    expect(report.notes.join('\n')).toMatch(/resolved through the operating system's resolver .*: ENOTFOUND/);
  });

  it('with --server the manual host is looked up in DNS, and the note says that instead', async () => {
    const lookupHost: HostLookup = async () => {
      throw new Error('the OS resolver must not be asked when --server pins DNS');
    };
    const { query, queries: questions } = fakeDns({ 'kms1.lab.test A': { answers: [a('kms1.lab.test', '127.0.0.1')] } });
    const report = await runDiscover({ kmsHost: `kms1.lab.test:${kms.port}`, servers: ['127.0.0.1:9'], probe: 'tcp' }, { query, lookupHost });
    expect(questions).toContain('kms1.lab.test A');
    expect(report.selected).toEqual({ target: 'kms1.lab.test', port: kms.port, address: '127.0.0.1' });
    expect(report.notes.join('\n')).toMatch(/looked up in DNS \(A\/AAAA\) through the DNS servers given with --server/);
  });

  it('doctor probes a client manual host at the addresses the OS resolver gives', async () => {
    const lookupHost: HostLookup = async () => ({ addresses: ['127.0.0.1'] });
    const { query } = fakeServer({ apex: 'lab.test', records: [] });
    const result = await runDoctor(
      {
        domains: ['lab.test'],
        probe: 'tcp',
        windowsClient: {
          manualHost: { value: { host: 'kms1.lab.test', port: kms.port }, source: 'test' },
          hostCaching: { value: true, source: 'test' },
          domains: [],
          servers: [],
          wmi: { read: false, reason: 'test' },
          notes: [],
        },
      },
      { query, queryAt: (_server, name, type, options) => query(name, type, options), lookupHost, loadResolvConf: async () => { throw new Error('resolv.conf must not be read'); } },
    );
    expect(result.report.facts.probes).toContainEqual(expect.objectContaining({ target: 'kms1.lab.test', port: kms.port, address: '127.0.0.1', tcp: 'ok' }));
    expect(result.log.notes.join('\n')).toMatch(/the manual host kms1.lab.test was resolved through the operating system's resolver/);
  });

  it('osLookup gives every loopback address of localhost and never rejects', async () => {
    expect((await osLookup('localhost')).addresses.length).toBeGreaterThan(0);
    const missing = await osLookup('no-such-host.invalid');
    expect(missing.addresses).toEqual([]);
    expect(missing.failure).toMatch(/no address for no-such-host\.invalid/);
  });
});
