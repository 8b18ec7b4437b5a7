import fc from 'fast-check';
import { describeError } from '@seq2seq-losses/spec';
import type { LawFailure } from './failures.js';

/** Evaluations spent shrinking after the first failure: keeps a failing run short on slow backends. */
const SHRINK_BUDGET = 25;

/**
 * Runs `check` on `runs` seeded draws of `arb`; returns the failures of the smallest failing input
 * found within a bounded shrink, each tagged with the fast-check seed for replay, or [].
 */
export async function checkProperty<T>(
  arb: fc.Arbitrary<T>,
  options: { runs: number; seed: number },
  name: (value: T) => string,
  check: (value: T) => Promise<LawFailure[]>,
): Promise<LawFailure[]> {
  let last: LawFailure[] | undefined;
  let budget = SHRINK_BUDGET;
  const details = await fc.check(
    fc.asyncProperty(arb, async (value) => {
      if (last !== undefined && budget-- <= 0) return true; // shrink budget spent: keep the last failure
      const failures = await guarded(() => check(value), name(value));
      if (failures.length === 0) return true;
      last = failures;
      return false;
    }),
    { seed: options.seed, numRuns: options.runs },
  );
  if (!details.failed) return [];
  if (last === undefined) {
    return [{ case: `seed ${options.seed}`, quantity: 'exception', message: describeError(details.errorInstance) }];
  }
  return last.map((f) => ({ ...f, message: [f.message, `fast-check seed ${details.seed}`].filter(Boolean).join('; ') }));
}

/** Any exception thrown by a check (a backend that crashes) becomes a failure instead of escaping. */
export async function guarded(check: () => Promise<LawFailure[]>, caseName: string): Promise<LawFailure[]> {
  try {
    return await check();
  } catch (error) {
    return [{ case: caseName, quantity: 'exception', message: describeError(error) }];
  }
}
