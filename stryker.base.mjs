// What the two Stryker configurations share (issue 13; docs/testing.md). No side effects here: each
// configuration sets its own default test list (MUTATE_TESTS) before Stryker starts its workers.
// Limit a run's tests with MUTATE_TESTS, never --testFiles: see vitest.mutate.config.ts.

/** The modules that guard trust: what `npm run mutate` mutates. */
export const trustScope = [
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
];

/**
 * The test files that run the scope in-process. Suites that spawn the CLI, Wine or the packed tarball
 * are left out: a mutant is switched on only inside the vitest process, so a child process always
 * runs the original code and those suites can neither kill nor cover a mutant. The two fuzzers
 * (test/hardening/fuzz-*.test.ts, 100,000 seeded inputs a reader, about a minute together) are left
 * out too: they look for crashes, not for a changed verdict, and would run again for every mutant
 * they cover. `test/hardening/generate-output.test.ts` is left out as well: its signal tests spawn
 * `dist/cli/bin.js`, and Stryker's sandbox holds no `dist/` (ignorePatterns), so there they fail.
 */
export const trustScopeTests = [
  'test/agreement/**/*.test.ts',
  'test/audit/**/*.test.ts',
  'test/checks/**/*.test.ts',
  'test/dns/**/*.test.ts',
  'test/doctor/**/*.test.ts',
  'test/gather/**/*.test.ts',
  'test/hardening/generate-scripts.test.ts',
  'test/hardening/hostile-names.test.ts',
  'test/hardening/input-files.test.ts',
  'test/hardening/leaks.test.ts',
  'test/kms/**/*.test.ts',
  'test/knowledge/**/*.test.ts',
  'test/names/**/*.test.ts',
  'test/plan/**/*.test.ts',
  'test/sim/**/*.test.ts',
  'test/srv/**/*.test.ts',
  'test/update/**/*.test.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export const baseOptions = {
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
  // The dry run of the whole scope's suites with coverage per test takes minutes on two busy cores.
  dryRunTimeoutMinutes: 30,
  ignorePatterns: ['dist', 'dist-exe', 'reports', 'coverage', 'bench'],
  reporters: ['clear-text', 'progress', 'json'],
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
