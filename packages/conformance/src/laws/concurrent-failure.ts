import type { CtcBatch, FloatArray } from '@seq2seq-losses/spec';
import { methodsOf } from '../expect-error.js';
import type { LawFailure } from '../failures.js';
import { compareOutputs, contractBatch, floatOf, startMethod, type MethodOutputs } from './contract-batch.js';
import type { CtcLaw, LawContext } from './types.js';

/** Calls in flight at once, one of them with a bad input. */
export const CONCURRENT_WITH_FAILURE = 50;

/** The arrays of a call, copied, to check that nothing was written into the caller's. */
function copyOf(batch: CtcBatch, direction: FloatArray): Array<ArrayLike<number>> {
  return [batch.logits, batch.labels, batch.labelLength, batch.logitLength, direction].map((a) => Array.from(a));
}

/**
 * 50 calls in flight at once (every declared method in turn, on the input-contract laws' base call),
 * the 25th with `labelLength[0]` beyond L: that call rejects with CtcInputError LENGTH_OUT_OF_RANGE
 * naming `labelLength`, every other call resolves to the result of the same call made alone, nothing
 * hangs, and no call writes into the caller's arrays.
 */
export const concurrentFailureLaw: CtcLaw = {
  id: 'contract/concurrent-failure',
  title: `${CONCURRENT_WITH_FAILURE} concurrent calls, one of them bad: one typed error, the rest correct, inputs unchanged`,
  skipReason: () => undefined,
  run: async (ctx: LawContext): Promise<LawFailure[]> => {
    const { backend } = ctx;
    const methods = methodsOf(backend);
    const expected = new Map<string, MethodOutputs>();
    for (const method of methods) {
      const alone = contractBatch(floatOf(backend)); // fresh arrays for each call made alone
      expected.set(method, await startMethod(backend, method, alone.batch, alone.direction));
    }
    const { batch, direction } = contractBatch(floatOf(backend));
    const bad = { ...batch, labelLength: Int32Array.of(batch.dims.L + 1, 1) };
    const before = copyOf(batch, direction);
    const badBefore = copyOf(bad, direction);
    const failing = CONCURRENT_WITH_FAILURE >> 1;
    const calls = Array.from({ length: CONCURRENT_WITH_FAILURE }, (_, k) => {
      const method = methods[k % methods.length];
      return { method, pending: startMethod(backend, method, k === failing ? bad : batch, direction) };
    });
    const settled = await Promise.allSettled(calls.map((c) => c.pending));
    const failures: LawFailure[] = [];
    const caseName = `${CONCURRENT_WITH_FAILURE} concurrent calls, call ${failing} bad`;
    settled.forEach((outcome, k) => {
      const { method } = calls[k];
      if (k === failing) {
        const e = outcome.status === 'rejected' ? (outcome.reason as { name?: string; code?: string; argument?: string }) : undefined;
        if (!e || e.name !== 'CtcInputError' || e.code !== 'LENGTH_OUT_OF_RANGE' || e.argument !== 'labelLength') {
          failures.push({ case: caseName, quantity: `error from ${method}()`, expected: 'CtcInputError LENGTH_OUT_OF_RANGE naming labelLength', got: outcome.status === 'fulfilled' ? 'a result' : `${e?.name}: ${e?.code} ${e?.argument}` });
        }
        return;
      }
      if (outcome.status === 'rejected') {
        failures.push({ case: caseName, quantity: `${method}() (call ${k})`, message: `rejected: ${String(outcome.reason)}` });
        return;
      }
      failures.push(...compareOutputs(`${caseName}, call ${k}`, method, outcome.value, expected.get(method)!, ctx.tolerance, { T: batch.dims.T, C: batch.dims.C }));
    });
    const names = ['logits', 'labels', 'labelLength', 'logitLength', 'direction'];
    const after = copyOf(batch, direction);
    const badAfter = copyOf(bad, direction);
    names.forEach((name, i) => {
      const changed = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).some((v, j) => !Object.is(v, y[j]));
      if (changed(before[i], after[i]) || changed(badBefore[i], badAfter[i])) failures.push({ case: caseName, quantity: name, message: "a call wrote into the caller's array" });
    });
    return failures;
  },
};
