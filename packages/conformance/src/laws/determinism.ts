import type { CtcBatch } from '@seq2seq-losses/spec';
import type { BatchSpec } from '../arbitraries.js';
import { toBackendArray, toBackendBatch } from '../batch-tools.js';
import { compareExact, itemShape, type LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

/**
 * Two identical calls return bitwise-identical results (no atomics races, no unseeded
 * randomness), and no call modifies its inputs. The Hessian is included where T*C <= 60.
 */
export const determinismLaw: CtcLaw = propertyLaw({
  id: 'determinism',
  title: 'identical calls give bitwise-identical results and leave inputs untouched',
  limits: { maxB: 4, maxT: 16, maxC: 8 },
  check: checkDeterminism,
});

async function checkDeterminism(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const { backend } = ctx;
  const caps = backend.capabilities;
  const input = inputOf(ctx, spec);
  const { T, C } = input.batch.dims;
  const failures: LawFailure[] = [];
  const batch = toBackendBatch(input.batch, caps.precision);
  const direction = toBackendArray(input.direction!, caps.precision);
  const before = snapshot(batch, direction);
  const same = (q: string, a: ArrayLike<number>, b: ArrayLike<number>) => {
    const f = compareExact(input.name, `${q} (second call)`, b, a, itemShape(q, T, C));
    if (f) failures.push({ ...f, message: 'two identical calls differ' });
  };
  type Result = { loss: ArrayLike<number>; gradient?: ArrayLike<number>; hvp?: ArrayLike<number>; hessian?: ArrayLike<number> };
  const twice = async (method: string, call: () => Promise<Result>) => {
    const a = await call();
    const b = await call();
    for (const q of ['loss', 'gradient', 'hvp', 'hessian'] as const) {
      const x = a[q];
      const y = b[q];
      if (x && y) same(`${q} from ${method}`, x, y);
    }
  };
  await twice('loss()', async () => ({ loss: await backend.loss(batch, input.options) }));
  await twice('lossAndGradient()', () => backend.lossAndGradient(batch, input.options));
  if (caps.hessianVectorProduct) await twice('hessianVectorProduct()', () => backend.hessianVectorProduct(batch, direction, input.options));
  if (caps.hessian && T * C <= 60) await twice('hessian()', () => backend.hessian(batch, input.options));

  const after = snapshot(batch, direction);
  for (const [key, values] of Object.entries(before)) {
    const f = compareExact(input.name, `input ${key}`, after[key], values, []);
    if (f) failures.push({ ...f, item: undefined, message: `the backend modified its input \`${key}\`` });
  }
  return failures;
}

function snapshot(batch: CtcBatch, direction: ArrayLike<number>): Record<string, Float64Array> {
  return {
    logits: Float64Array.from(batch.logits),
    labels: Float64Array.from(batch.labels),
    labelLength: Float64Array.from(batch.labelLength),
    logitLength: Float64Array.from(batch.logitLength),
    direction: Float64Array.from(direction),
  };
}
