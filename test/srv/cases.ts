// Record sets shared by the selection and probability tests: one per situation §3 distinguishes.
import type { ClientProfile, SrvRecord } from '../../src/srv/types.js';

export function records(spec: Array<[priority: number, weight: number]>): SrvRecord[] {
  return spec.map(([priority, weight], i) => ({ priority, weight, port: 1688, target: `kms${i + 1}.example.test.` }));
}

export const SELECTION_CASES: Array<{ name: string; records: SrvRecord[]; profile: ClientProfile }> = [
  { name: 'mixed weights', records: records([[0, 60], [0, 30], [0, 10]]), profile: 'win7' },
  { name: 'zero and non-zero weights together', records: records([[0, 5], [0, 0], [0, 3], [0, 0]]), profile: 'win7' },
  { name: 'all weights zero', records: records([[0, 0], [0, 0], [0, 0], [0, 0]]), profile: 'win7' },
  { name: 'a single record', records: records([[10, 7]]), profile: 'win7' },
  { name: 'several priorities', records: records([[20, 1], [10, 2], [10, 0], [20, 3], [0, 9]]), profile: 'win7' },
  { name: 'vista profile ignores priority and weight', records: records([[20, 1], [10, 2], [10, 0], [0, 9]]), profile: 'vista' },
];
