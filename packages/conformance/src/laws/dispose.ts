import { describeError } from '@seq2seq-losses/spec';
import type { LawFailure } from '../failures.js';
import { compareOutputs, contractBatch, floatOf, startMethod } from './contract-batch.js';
import type { CtcLaw } from './types.js';

/**
 * dispose() on a fresh backend with 10 calls in flight: the 10 finish with the right results
 * (dispose waits for them), then a new call rejects with CtcDisposedError naming the backend and
 * the method, and a second dispose() resolves (a no-op).
 */
export const disposeLaw: CtcLaw = {
  id: 'contract/dispose',
  title: 'calls in flight at dispose finish; later calls reject with CtcDisposedError',
  skipReason: () => undefined,
  run: async (ctx) => {
    const caseName = '10 lossAndGradient calls in flight, then dispose, then one more call';
    if (!ctx.create) return [{ case: caseName, quantity: 'setup', message: 'the law context has no `create` to start a fresh backend' }];
    const failures: LawFailure[] = [];
    const backend = await ctx.create();
    const { batch } = contractBatch(floatOf(backend));
    const want = await ctx.reference.lossAndGradient(contractBatch((n) => new Float64Array(n)).batch);
    const inFlight = Array.from({ length: 10 }, () => backend.lossAndGradient(batch));
    const disposed = backend.dispose();
    // the handlers are attached at once: the rejection must not go unhandled while the others settle
    const late = backend.loss(batch).then(
      () => 'a result',
      (error: { name?: string; backend?: string; functionName?: string }) =>
        error?.name === 'CtcDisposedError' && error.backend === backend.name && error.functionName === 'loss' ? undefined : `${error?.name}: ${describeError(error)}`,
    );
    const settled = await Promise.allSettled(inFlight);
    settled.forEach((s, i) => {
      if (s.status === 'rejected') failures.push({ case: caseName, quantity: `call ${i} in flight`, message: `rejected: ${describeError(s.reason)}` });
      else failures.push(...compareOutputs(caseName, 'lossAndGradient', s.value, want, ctx.tolerance, { T: 5, C: 4 }));
    });
    try {
      await disposed;
      await backend.dispose();
    } catch (error) {
      failures.push({ case: caseName, quantity: 'dispose()', message: `rejected: ${describeError(error)}` });
    }
    const lateResult = await late;
    if (lateResult) failures.push({ case: caseName, quantity: 'call after dispose()', got: lateResult, expected: `CtcDisposedError naming '${backend.name}' and 'loss'` });
    const afterResult = await startMethod(backend, 'lossAndGradient', batch, batch.logits).then(
      () => 'a result',
      (error: { name?: string }) => (error?.name === 'CtcDisposedError' ? undefined : `${error?.name}: ${describeError(error)}`),
    );
    if (afterResult) failures.push({ case: caseName, quantity: 'call after dispose() resolved', got: afterResult, expected: 'CtcDisposedError' });
    return failures;
  },
};
