import type { CtcBatch, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { computeBatch, type ComputeRequest, type ComputeResult } from './compute.js';

/**
 * Sample b of an already validated batch, computed alone by the reference (exact at any magnitude:
 * wide log-values when a log-probability reaches 2^10). For backends that hand over the samples their
 * own arithmetic cannot resolve. `direction` is the batch's [B, T, C]. Returns the one-sample results:
 * loss [1], gradient and hvp [T, C], hessian [T, C, T, C].
 */
export function referenceSample(
  batch: CtcBatch,
  b: number,
  opts: ResolvedCtcOptions,
  request: ComputeRequest,
): ComputeResult {
  const { T, C, L } = batch.dims;
  const frames = T * C;
  const one: CtcBatch = {
    logits: batch.logits.subarray(b * frames, (b + 1) * frames),
    labels: batch.labels.subarray(b * L, (b + 1) * L),
    labelLength: batch.labelLength.subarray(b, b + 1),
    logitLength: batch.logitLength.subarray(b, b + 1),
    dims: { B: 1, T, C, L },
  };
  const dir = request.direction;
  const direction = dir ? Float64Array.from({ length: frames }, (_, i) => dir[b * frames + i]) : undefined;
  return computeBatch(one, opts, { ...request, direction });
}
