// Hand-made plans for the registry renderers (the plan loader lives in another area).
import type { Plan } from '../../src/plan/types.js';
import type { RenderContext } from '../../src/render/types.js';

export const NOW: RenderContext = { now: new Date('2025-01-02T03:04:05Z') };

/** `overrides.publishing` is the plan-wide value, which every host takes (as the loader fills it). */
export function registryPlan(overrides: Partial<Plan> = {}): Plan {
  const publishing = overrides.publishing ?? 'auto';
  return {
    ttl: 3600,
    publishing,
    hosts: [
      {
        name: 'kms1.contoso.com',
        port: 1688,
        publishing,
        ipv4: ['192.0.2.10'],
        ipv6: ['2001:db8::10'],
        publish: [
          { domain: 'contoso.com', priority: 0, weight: 0 },
          { domain: 'fabrikam.com', priority: 10, weight: 60 },
          { domain: 'corp.northwind-traders.example', priority: 20, weight: 100 },
        ],
      },
      {
        name: 'kms2.fabrikam.com',
        port: 1689,
        publishing,
        ipv4: ['192.0.2.20', '192.0.2.21'],
        ipv6: [],
        publish: [{ domain: 'fabrikam.com', priority: 0, weight: 40 }],
      },
    ],
    ...overrides,
  };
}
