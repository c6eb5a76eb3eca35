import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import { hostPort, parseHostPort } from '../../src/names/host-port.js';
import { soundFacts } from '../checks/builders.js';

describe('hostPort', () => {
  it.each([
    ['kms1.contoso.com.', 1688, 'kms1.contoso.com:1688'],
    ['kms1.contoso.com', 1700, 'kms1.contoso.com:1700'],
    ['192.0.2.10', 1688, '192.0.2.10:1688'],
    ['fd00::1', 1688, '[fd00::1]:1688'],
    ['[fd00::1]', 1688, '[fd00::1]:1688'],
    ['.', 0, '.:0'],
  ])('%s port %i is %s', (target, port, expected) => {
    expect(hostPort(target, port)).toBe(expected);
  });

  it('is how host-unreachable names an IPv6 manual host', () => {
    const check = CHECKS.find((c) => c.id === 'host-unreachable')!;
    const [finding] = check.run(soundFacts({ probes: [{ target: 'fd00::1', port: 1688, address: 'fd00::1', tcp: 'refused' }] }));
    expect(finding?.subject).toBe('[fd00::1]:1688');
    expect(finding?.message).toContain('TCP to [fd00::1]:1688 (fd00::1)');
  });
});

describe('parseHostPort: the one host[:port] grammar', () => {
  it.each([
    ['dns1.example.test', { host: 'dns1.example.test', port: 53, portGiven: false, bracketed: false }],
    ['dns1.example.test:5353', { host: 'dns1.example.test', port: 5353, portGiven: true, bracketed: false }],
    ['192.0.2.1:1', { host: '192.0.2.1', port: 1, portGiven: true, bracketed: false }],
    ['[2001:db8::1]:65535', { host: '2001:db8::1', port: 65535, portGiven: true, bracketed: true }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: 53, portGiven: false, bracketed: true }],
    ['2001:db8::1', { host: '2001:db8::1', port: 53, portGiven: false, bracketed: false }],
    ['  localhost  ', { host: 'localhost', port: 53, portGiven: false, bracketed: false }],
  ])('%j', (text, expected) => {
    expect(parseHostPort(text, 53)).toEqual(expected);
  });

  it.each([
    ['', 'is empty'],
    [':53', 'has no host before the port'],
    ['host:0', 'port must be a number from 1 to 65535, got "0"'],
    ['host:65536', 'port must be a number from 1 to 65535, got "65536"'],
    ['host:', 'port must be a number from 1 to 65535, got ""'],
    ['[::1]:x', 'port must be a number from 1 to 65535, got "x"'],
    [`host:${'9'.repeat(40)}`, `port must be a number from 1 to 65535, got "${'9'.repeat(20)}…"`],
  ])('%j: %s', (text, problem) => {
    expect(parseHostPort(text, 53)).toEqual({ problem });
  });
});
