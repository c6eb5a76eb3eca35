// Mutation testing of the code that guards trust (issue 13; docs/testing.md). `npm run mutate` runs
// the whole scope; `MUTATE_TESTS='test/dns/**/*.test.ts' npm run mutate -- --mutate src/dns/reply-gate.ts` a part
// (limit the tests with MUTATE_TESTS, never --testFiles: see vitest.mutate.config.ts).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: {
    configFile: 'vitest.mutate.config.ts',
    // Coverage per test already picks the tests that ran each mutant; vitest's import-graph search
    // would only narrow them further.
    related: false,
  },
  coverageAnalysis: 'perTest',
  // Tests import src/*.ts directly (vitest transpiles): no build step, nothing to compile in the sandbox.
  checkers: [],
  // Two shared cores: one mutant at a time, and vitest itself runs one worker (the runner's setting).
  concurrency: 1,
  timeoutMS: 20_000,
  ignorePatterns: ['dist', 'reports', 'coverage', 'bench'],
  mutate: [
    'src/dns/reply-gate.ts',
    'src/dns/reply-reader.ts',
    'src/audit/srv-reply.ts',
    'src/dns/answer-gate.ts',
    'src/dns/resolver.ts',
    'src/dns/retry-policy.ts',
    'src/update/tsig.ts',
    'src/srv/select.ts',
    'src/srv/probability.ts',
    'src/knowledge/client-error.ts',
    'src/checks/client-error.ts',
    'src/audit/verdict.ts',
    'src/audit/audit-domain.ts',
    'src/kms/discovery.ts',
    'src/plan/names.ts',
    'src/kms/host-cache.ts',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
