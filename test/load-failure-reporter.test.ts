// The mutation run's reporter: a test file that fails to load must give Stryker a failed test to see,
// or a mutant that breaks a module at load time is reported "survived" (docs/testing.md).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVitest } from 'vitest/node';
import LoadFailureReporter, { LOAD_FAILURE_TEST } from './helpers/load-failure-reporter.js';

const FIXTURES = path.resolve('test/fixtures/load-failure');

type Task = { type: string; name: string; tasks?: Task[]; result?: { state?: string; errors?: { message: string }[] } };

/** The tests a reader of vitest's finished state finds, walked as Stryker's vitest runner walks them. */
function collected(task: Task): Task[] {
  return (task.tasks ?? []).flatMap((child) => (child.type === 'suite' ? collected(child) : child.type === 'test' ? [child] : []));
}

/** Runs the two fixture files in a vitest of their own, with or without the reporter. */
async function run(withReporter: boolean): Promise<Map<string, Task[]>> {
  const vitest = await createVitest('test', {
    config: false,
    root: FIXTURES,
    include: ['*.fixture.ts'],
    watch: false,
    // A reporter that prints nothing keeps the fixtures' failures out of the suite's own output.
    reporters: withReporter ? [new LoadFailureReporter()] : [{}],
  });
  try {
    await vitest.start();
    return new Map(vitest.state.getFiles().map((file) => [path.basename(file.filepath), collected(file as unknown as Task)]));
  } finally {
    await vitest.close();
  }
}

describe('the load-failure reporter', () => {
  it('gives a file that fails to load one failed test carrying its error', async () => {
    const files = await run(true);
    const tests = files.get('unloadable.fixture.ts');
    expect(tests).toHaveLength(1);
    expect(tests![0]).toMatchObject({ name: LOAD_FAILURE_TEST, result: { state: 'fail' } });
    expect(tests![0]!.result!.errors![0]!.message).toContain('thrown while the file loads');
  }, 60_000);

  it('leaves the tests of a file that loaded as they ran', async () => {
    const tests = (await run(true)).get('loadable.fixture.ts')!;
    expect(tests.map((test) => [test.name, test.result?.state])).toEqual([
      ['passes', 'pass'],
      ['fails', 'fail'],
    ]);
  }, 60_000);

  it('is needed: without it the file that failed to load shows no test at all', async () => {
    expect((await run(false)).get('unloadable.fixture.ts')).toEqual([]);
  }, 60_000);
});
