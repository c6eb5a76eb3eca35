// Makes a test file that fails to load count as a failed test, for mutation runs (vitest.mutate.config.ts).
// Stryker's vitest runner (9.6.1) builds a mutant's result from the tests it finds in each file; a file
// whose import throws (a mutant that breaks code run at load time, or a test file that works while it
// loads) holds no test, so "no test failed" and the mutant is reported Survived although the suite
// catches it (stryker-js issue 6150). This reporter gives such a file one failed test carrying the
// load error, so the mutant is Killed. Ordinary `npm test` does not use it.
import type { RunnerTestFile } from 'vitest';
import type { Reporter, Vitest } from 'vitest/node';

/** The name of the stand-in test that carries a file's load error. */
export const LOAD_FAILURE_TEST = '(the file failed to load)';

type TestTask = Extract<RunnerTestFile['tasks'][number], { type: 'test' }>;

/** Adds the stand-in failed test to every file that failed and holds no task; returns how many. */
export function markUnloadedFiles(files: readonly RunnerTestFile[]): number {
  let marked = 0;
  for (const file of files) {
    if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
    const errors = file.result.errors ?? [{ name: 'Error', message: 'the test file failed to load' }];
    // Only the fields a reader of finished results looks at: nothing runs this task.
    const standIn = {
      type: 'test',
      id: `${file.id}_load`,
      name: LOAD_FAILURE_TEST,
      fullName: `${file.name} ${LOAD_FAILURE_TEST}`,
      mode: 'run',
      file,
      suite: file,
      meta: {},
      annotations: [],
      artifacts: [],
      timeout: 0,
      context: undefined,
      result: { state: 'fail', errors, duration: 0 },
    } as unknown as TestTask;
    file.tasks.push(standIn);
    marked++;
  }
  return marked;
}

export default class LoadFailureReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  /** The files as Stryker reads them once the run ends: vitest's state. */
  onTestRunEnd(): void {
    if (this.vitest) markUnloadedFiles(this.vitest.state.getFiles());
  }
}
