import type { CtcBackend, CtcBatch, CtcOptions, FloatArray } from '@seq2seq-losses/spec';
import { compareQuantity, itemShape, type LawFailure } from '../failures.js';
import { methodsOf, type CtcMethod } from '../expect-error.js';

/**
 * The input-contract laws' base call: B=2, T=5, C=4, L=2, logits sin(i) [B, T, C] (held in the
 * backend's float type), labels [[1, 2], [3, pad]], lengths labelLength [2, 1], logitLength [5, 4].
 */
export function contractBatch(float: (n: number) => FloatArray): { batch: CtcBatch; direction: FloatArray } {
  const logits = float(40);
  const direction = float(40);
  for (let i = 0; i < 40; i++) {
    logits[i] = Math.sin(i);
    direction[i] = Math.cos(3 * i);
  }
  return {
    batch: { logits, labels: Int32Array.of(1, 2, 3, 0), labelLength: Int32Array.of(2, 1), logitLength: Int32Array.of(5, 4), dims: { B: 2, T: 5, C: 4, L: 2 } },
    direction,
  };
}

/** A float array of the backend's precision. */
export function floatOf(backend: CtcBackend): (n: number) => FloatArray {
  return backend.capabilities.precision === 'float32' ? (n) => new Float32Array(n) : (n) => new Float64Array(n);
}

/** The outputs of one method call, by quantity. */
export type MethodOutputs = Partial<Record<'loss' | 'gradient' | 'hvp' | 'hessian', ArrayLike<number>>>;

/** Starts `method` (synchronously: the returned promise is what the caller awaits). */
export function startMethod(backend: CtcBackend, method: CtcMethod, batch: CtcBatch, direction: FloatArray, options: CtcOptions = {}): Promise<MethodOutputs> {
  if (method === 'loss') return backend.loss(batch, options).then((loss) => ({ loss }));
  if (method === 'hessianVectorProduct') return backend.hessianVectorProduct(batch, direction, options);
  return backend[method](batch, options);
}

/** Compares every quantity two calls of one method returned, within `tol`. */
export function compareOutputs(
  caseName: string,
  method: CtcMethod,
  got: MethodOutputs,
  expected: MethodOutputs,
  tol: { rtol: number; atol: number },
  dims: { T: number; C: number },
): LawFailure[] {
  const failures: LawFailure[] = [];
  for (const q of ['loss', 'gradient', 'hvp', 'hessian'] as const) {
    const e = expected[q];
    if (!e) continue;
    const g = got[q];
    const f = g
      ? compareQuantity(caseName, `${q} from ${method}()`, g, e, tol, itemShape(q, dims.T, dims.C))
      : { case: caseName, quantity: `${q} from ${method}()`, message: 'missing' };
    if (f) failures.push(f);
  }
  return failures;
}

export { methodsOf };
