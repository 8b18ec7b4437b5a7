import { normalizeBlankIndex, type CtcBatch } from '@seq2seq-losses/spec';
import type { LawInput } from '../agree.js';
import type { BatchSpec } from '../arbitraries.js';
import { toBackendArray, toBackendBatch } from '../batch-tools.js';
import { compareExact, itemShape, type LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

const GARBAGE_LOGITS = [NaN, 1e30, -Infinity, Infinity, -1e30];

/**
 * Padding is inert: NaN / +-inf / huge values in frames t >= logitLength[b] and out-of-range integers
 * (or the blank) in label slots u >= labelLength[b] change no output bit; gradient and HVP rows of
 * padded frames are exactly 0.
 */
export const paddingLaw: CtcLaw = propertyLaw({
  id: 'padding-inert',
  title: 'padded frames and label slots are never read',
  limits: { maxB: 4, maxT: 12, maxC: 6 },
  check: checkPadding,
});

async function checkPadding(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const { backend } = ctx;
  const precision = backend.capabilities.precision;
  const input: LawInput = inputOf(ctx, spec);
  const garbage = withGarbagePadding(input.batch, normalizeBlankIndex(spec.blankIndex, spec.C));
  const { T, C } = input.batch.dims;
  const failures: LawFailure[] = [];
  const same = (quantity: string, got: ArrayLike<number>, clean: ArrayLike<number>) => {
    const f = compareExact(input.name, `${quantity} with garbage padding`, got, clean, itemShape(quantity, T, C));
    if (f) failures.push({ ...f, message: 'differs from the same batch with clean padding' });
  };
  const clean = await backend.lossAndGradient(toBackendBatch(input.batch, precision), input.options);
  const dirty = await backend.lossAndGradient(toBackendBatch(garbage, precision), input.options);
  same('loss', dirty.loss, clean.loss);
  same('gradient', dirty.gradient, clean.gradient);
  same('loss (loss())', await backend.loss(toBackendBatch(garbage, precision), input.options), clean.loss);
  zeroOnPaddedFrames(input.name, 'gradient', clean.gradient, input.batch, failures);
  if (backend.capabilities.hessianVectorProduct && input.direction) {
    const direction = toBackendArray(input.direction, precision);
    const h = await backend.hessianVectorProduct(toBackendBatch(input.batch, precision), direction, input.options);
    const hg = await backend.hessianVectorProduct(toBackendBatch(garbage, precision), direction, input.options);
    same('hvp', hg.hvp, h.hvp);
    zeroOnPaddedFrames(input.name, 'hvp', h.hvp, input.batch, failures);
  }
  return failures;
}

/** A copy with GARBAGE_LOGITS in frames t >= T_b and -7, C+3, the blank, 2^31-1 in label slots u >= U_b. */
export function withGarbagePadding(batch: CtcBatch<Float64Array>, blank: number): CtcBatch<Float64Array> {
  const { B, T, C, L } = batch.dims;
  const logits = Float64Array.from(batch.logits);
  const labels = Int32Array.from(batch.labels);
  const garbageLabels = [-7, C + 3, blank, 0x7fffffff];
  for (let b = 0; b < B; b++) {
    for (let t = batch.logitLength[b]; t < T; t++) {
      for (let c = 0; c < C; c++) logits[(b * T + t) * C + c] = GARBAGE_LOGITS[(t + c) % GARBAGE_LOGITS.length];
    }
    for (let u = batch.labelLength[b]; u < L; u++) labels[b * L + u] = garbageLabels[u % garbageLabels.length];
  }
  return { ...batch, logits, labels };
}

/** Rows [t >= T_b] of a [B, T, C] output must be exactly 0. */
function zeroOnPaddedFrames(
  caseName: string,
  quantity: string,
  values: ArrayLike<number>,
  batch: CtcBatch,
  failures: LawFailure[],
): void {
  const { B, T, C } = batch.dims;
  for (let b = 0; b < B; b++) {
    for (let t = batch.logitLength[b]; t < T; t++) {
      for (let c = 0; c < C; c++) {
        const v = values[(b * T + t) * C + c];
        if (v !== 0) {
          failures.push({ case: caseName, quantity, item: b, index: [t, c], got: v, expected: 0, message: 'padded frame must be 0' });
          return;
        }
      }
    }
  }
}
