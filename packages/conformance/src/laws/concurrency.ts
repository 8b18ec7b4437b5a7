import type { CtcBatch, CtcOptions, FloatArray } from '@seq2seq-losses/spec';
import type { BatchSpec } from '../arbitraries.js';
import { toBackendArray, toBackendBatch } from '../batch-tools.js';
import { compareExact, itemShape, type LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

/** How many calls are in flight at once. */
export const CONCURRENT_CALLS = 20;

type Outputs = { loss: ArrayLike<number>; gradient?: ArrayLike<number>; hvp?: ArrayLike<number> };
interface Call {
  readonly name: string;
  readonly dims: CtcBatch['dims'];
  readonly method: string;
  readonly run: () => Promise<Outputs>;
}

/**
 * 20 calls in flight at once, over four batches of different shapes and seeds and the methods
 * loss(), lossAndGradient() and hessianVectorProduct(), give bitwise the results of the same calls
 * made one after another: no state shared between calls (workspaces, pooled buffers, sessions,
 * worker replies) leaks from one into another.
 */
export const concurrencyLaw: CtcLaw = propertyLaw({
  id: 'determinism/concurrent',
  title: `${CONCURRENT_CALLS} concurrent calls of mixed batches give the bits of sequential calls`,
  limits: { maxB: 4, maxT: 16, maxC: 8 },
  runs: (ctx) => Math.max(2, Math.ceil(ctx.runs / 4)), // 3 * 20 + 12 calls per run
  check: checkConcurrent,
});

async function checkConcurrent(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const calls = mixedCalls(ctx, spec);
  const sequential: Outputs[] = [];
  for (const call of calls) sequential.push(await call.run());
  const picks = Array.from({ length: CONCURRENT_CALLS }, (_, k) => (k * 7) % calls.length); // every call, interleaved
  const concurrent = await Promise.all(picks.map((i) => calls[i].run()));
  const failures: LawFailure[] = [];
  concurrent.forEach((got, k) => {
    const call = calls[picks[k]];
    for (const q of ['loss', 'gradient', 'hvp'] as const) {
      const x = got[q];
      const y = sequential[picks[k]][q];
      if (!x || !y) continue;
      const f = compareExact(call.name, `${q} from ${call.method} (concurrent call ${k})`, x, y, itemShape(q, call.dims.T, call.dims.C));
      if (f) failures.push({ ...f, message: 'a concurrent call differs from the same call made alone' });
    }
  });
  return failures;
}

/** Four batches (the drawn one and three of other shapes) times the backend's methods. */
function mixedCalls(ctx: LawContext, spec: BatchSpec): Call[] {
  const { backend } = ctx;
  const caps = backend.capabilities;
  const specs: BatchSpec[] = [0, 1, 2, 3].map((k) => ({
    ...spec,
    seed: spec.seed + k,
    B: 1 + ((spec.B + k) % 4),
    T: k === 0 ? spec.T : 2 + ((spec.T + 5 * k) % 15),
    L: k === 0 ? spec.L : 1 + ((spec.L + k) % 4),
  }));
  return specs.flatMap((s) => {
    const input = inputOf(ctx, s);
    const batch = toBackendBatch(input.batch, caps.precision);
    const direction: FloatArray = toBackendArray(input.direction!, caps.precision);
    const options: CtcOptions = input.options;
    const base = { name: input.name, dims: batch.dims };
    const list: Call[] = [
      { ...base, method: 'loss()', run: async () => ({ loss: await backend.loss(batch, options) }) },
      { ...base, method: 'lossAndGradient()', run: () => backend.lossAndGradient(batch, options) },
    ];
    if (caps.hessianVectorProduct) list.push({ ...base, method: 'hessianVectorProduct()', run: () => backend.hessianVectorProduct(batch, direction, options) });
    return list;
  });
}
