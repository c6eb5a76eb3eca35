// The vitest configuration Stryker runs (stryker.config.mjs): the suite's own, limited to the test files
// in MUTATE_TESTS (comma-separated globs) when that is set. Limiting here, not with Stryker's
// --testFiles, matters: with --testFiles Stryker switches a mutant in module-level code on only after
// the modules were loaded, so the tests see the original and the mutant falsely "survives".
// The load-failure reporter makes a test file that cannot load count as a failed test: without it a
// mutant that breaks a module at load time "survives" (test/helpers/load-failure-reporter.ts).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';
import LoadFailureReporter from './test/helpers/load-failure-reporter.js';

const only = process.env.MUTATE_TESTS?.split(',').filter((glob) => glob !== '');
const baseReporters = base.test?.reporters;
const reporters = Array.isArray(baseReporters) ? baseReporters : baseReporters ? [baseReporters] : ['default'];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    ...(only && only.length > 0 ? { include: only } : {}),
    reporters: [...reporters, new LoadFailureReporter()],
  },
});
