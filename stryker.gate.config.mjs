// The mutation gate (issue 13; docs/testing.md): the security boundary only — the reply gate, the
// retry rule and TSIG verification — with the test files that exercise them, failing below 90 %.
// `npm run mutate:gate`. The whole scope is `npm run mutate` (stryker.config.mjs).
import process from 'node:process';
import { baseOptions } from './stryker.base.mjs';

process.env.MUTATE_TESTS ??= [
  'test/dns/wire.test.ts',
  'test/dns/reply-reader.test.ts',
  'test/dns/retry-policy.test.ts',
  'test/dns/faults.test.ts',
  'test/dns/fuzz.test.ts',
  'test/audit/srv-reply.test.ts',
  'test/audit/fast-audit.test.ts',
  'test/update/tsig.test.ts',
  'test/update/tsig-fields.test.ts',
  'test/update/tsig.bind.test.ts',
].join(',');

export default {
  ...baseOptions,
  mutate: ['src/dns/reply-gate.ts', 'src/dns/retry-policy.ts', 'src/update/tsig.ts'],
  thresholds: { ...baseOptions.thresholds, break: 90 },
  jsonReporter: { fileName: 'reports/mutation/gate.json' },
};
