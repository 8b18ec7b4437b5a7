import type { Reporter, TestModule } from 'vitest/node';

/** Prints one closing line `N passed, M failed, K skipped` after every test has run. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    failed += unhandledErrors.length;
    // Printed after vitest's own summary so it is the last line of the run.
    setImmediate(() => console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`));
  }
}
