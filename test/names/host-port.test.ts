import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/catalogue.js';
import { hostPort } from '../../src/names/host-port.js';
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
