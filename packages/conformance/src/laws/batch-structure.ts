import { seededRandom } from '@seq2seq-losses/spec';
import type { BatchSpec } from '../arbitraries.js';
import { selectItems, selectRows, toBackendArray, toBackendBatch } from '../batch-tools.js';
import { compareQuantity, itemShape, type LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

/**
 * Batch items are independent and permutation-equivariant: each item computed alone, and the batch
 * computed in a shuffled order, give the same loss, gradient (and HVP) within tolerance.
 */
export const batchStructureLaw: CtcLaw = propertyLaw({
  id: 'batch-independence',
  title: 'batch items are independent and permutation-equivariant',
  limits: { maxB: 5, maxT: 12, maxC: 6 },
  check: checkBatchStructure,
});

interface Outputs {
  loss: ArrayLike<number>;
  gradient: ArrayLike<number>;
  hvp?: ArrayLike<number>;
}

async function checkBatchStructure(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const { backend, tolerance } = ctx;
  const caps = backend.capabilities;
  const input = inputOf(ctx, spec);
  const { B, T, C } = input.batch.dims;
  const frame = T * C;
  const run = async (order: number[]): Promise<Outputs> => {
    const batch = toBackendBatch(selectItems(input.batch, order), caps.precision);
    if (!caps.hessianVectorProduct) return backend.lossAndGradient(batch, input.options);
    const direction = toBackendArray(selectRows(input.direction!, frame, order), caps.precision);
    return backend.hessianVectorProduct(batch, direction, input.options);
  };
  const failures: LawFailure[] = [];
  const compare = (what: string, got: Outputs, full: Outputs, order: number[]) => {
    for (const q of ['loss', 'gradient', 'hvp'] as const) {
      const g = got[q];
      const f = full[q];
      if (!g || !f) continue;
      const size = q === 'loss' ? 1 : frame;
      const fail = compareQuantity(input.name, `${q} (${what})`, g, selectRows(f, size, order), tolerance, itemShape(q, T, C));
      if (fail) failures.push({ ...fail, item: fail.item === undefined ? undefined : order[fail.item] });
    }
  };
  const identity = Array.from({ length: B }, (_, b) => b);
  const full = await run(identity);
  for (const b of identity) compare('item alone', await run([b]), full, [b]);
  const shuffled = shuffle(identity, seededRandom(spec.seed ^ 0x68e31da4));
  compare(`order [${shuffled.join(',')}]`, await run(shuffled), full, shuffled);
  return failures;
}

function shuffle(values: number[], uniform: () => number): number[] {
  const out = values.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
