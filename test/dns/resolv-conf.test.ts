import { describe, expect, it } from 'vitest';
import { loadResolvConf, parseResolvConf } from '../../src/dns/resolv-conf.js';

describe('parseResolvConf', () => {
  it.each([
    ['empty file: defaults of resolv.conf(5)', '', {}, { servers: ['127.0.0.1:53'], domain: null, search: [], timeoutMs: 5000, attempts: 2, ndots: 1 }],
    ['nameservers v4 and v6, scoped v6', 'nameserver 192.0.2.1\nnameserver 2001:db8::1\nnameserver fe80::1%eth0\n', {}, { servers: ['192.0.2.1:53', '2001:db8::1:53', 'fe80::1%eth0:53'] }],
    ['more than three nameservers: first three', 'nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n', {}, { servers: ['10.0.0.1:53', '10.0.0.2:53', '10.0.0.3:53'] }],
    ['domain gives the search list', 'domain corp.example.\n', {}, { domain: 'corp.example', search: ['corp.example'] }],
    ['search list, domain is its first entry', 'search a.example b.example\n', {}, { domain: 'a.example', search: ['a.example', 'b.example'] }],
    ['last of domain/search wins (search last)', 'domain x.example\nsearch a.example\n', {}, { search: ['a.example'] }],
    ['last of domain/search wins (domain last)', 'search a.example\ndomain x.example\n', {}, { domain: 'x.example', search: ['x.example'] }],
    ['host name supplies the domain', '', { hostname: 'pc1.branch.example' }, { domain: 'branch.example', search: ['branch.example'] }],
    ['options timeout attempts ndots', 'options timeout:2 attempts:3 ndots:4 rotate\n', {}, { timeoutMs: 2000, attempts: 3, ndots: 4, rotate: true }],
    ['options capped at their maxima', 'options timeout:99 attempts:9 ndots:40\n', {}, { timeoutMs: 30000, attempts: 5, ndots: 15 }],
    ['use-vc forces TCP', 'options use-vc\n', {}, { useVc: true }],
    ['comments and blank lines ignored', '# nameserver 10.9.9.9\n; nameserver 10.8.8.8\n\n  \nnameserver 192.0.2.7\n', {}, { servers: ['192.0.2.7:53'] }],
    ['CRLF line ends', 'nameserver 192.0.2.8\r\nsearch a.example\r\n', {}, { servers: ['192.0.2.8:53'], search: ['a.example'] }],
  ])('%s', (_label, text, options, expected) => {
    const conf = parseResolvConf(text, options);
    const view: Record<string, unknown> = { ...conf, servers: conf.servers.map((s) => `${s.host}:${s.port}`) };
    for (const [key, value] of Object.entries(expected)) expect(view[key], key).toEqual(value);
  });

  it.each([
    ['nameserver dns.example.com', /not an IP address/],
    ['options timeout:x', /needs a whole number/],
  ])('warns about %s', (text, warning) => {
    expect(parseResolvConf(text).warnings.join('\n')).toMatch(warning);
  });
});

describe('loadResolvConf', () => {
  it('reads through the injected reader', async () => {
    const conf = await loadResolvConf({ path: '/x/resolv.conf', readFile: async (p) => (p === '/x/resolv.conf' ? 'nameserver 192.0.2.9\n' : '') });
    expect(conf.servers).toEqual([{ host: '192.0.2.9', port: 53 }]);
  });
  it('a missing file gives the defaults', async () => {
    const missing = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    const conf = await loadResolvConf({ readFile: async () => Promise.reject(missing) });
    expect(conf.servers).toEqual([{ host: '127.0.0.1', port: 53 }]);
  });
  it('an unreadable file is a FILE_READ error', async () => {
    const denied = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    await expect(loadResolvConf({ path: '/r', readFile: async () => Promise.reject(denied) })).rejects.toMatchObject({ code: 'FILE_READ' });
  });
  it('says why in words, without the path Node repeats in its own message', async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open '/r'"), { code: 'EACCES' });
    await expect(loadResolvConf({ path: '/r', readFile: async () => Promise.reject(denied) })).rejects.toMatchObject({ message: 'cannot read /r: permission denied' });
  });
});
