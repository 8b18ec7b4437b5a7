import type { FloatArray } from '@seq2seq-losses/spec';
import type { SampleRange } from './batch-plan.js';
import type { CtcIntegerInputs } from './prepare.js';

/** Samples [b0, b1) of a batch (its logits too, when it has them), as views ([B, ...] batch-major). */
export function sliceBatch<Batch extends CtcIntegerInputs & { readonly logits?: FloatArray }>(batch: Batch, { b0, b1 }: SampleRange): Batch {
  const { T, C, L } = batch.dims;
  return {
    ...batch,
    ...(batch.logits ? { logits: batch.logits.subarray(b0 * T * C, b1 * T * C) } : {}),
    labels: batch.labels.subarray(b0 * L, b1 * L),
    labelLength: batch.labelLength.subarray(b0, b1),
    logitLength: batch.logitLength.subarray(b0, b1),
    dims: { ...batch.dims, B: b1 - b0 },
  };
}

/**
 * The results of consecutive sub-batches as one result: each array (per-sample and batch-major:
 * [B], [B, T, C], [B, TC, TC]), or each array of an object of them, concatenated in batch order.
 */
export function concatResults<R extends FloatArray | object>(parts: readonly R[]): R {
  if (parts.length === 1) return parts[0];
  const concat = (arrays: FloatArray[]) => {
    const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
    let offset = 0;
    for (const a of arrays) {
      out.set(a, offset);
      offset += a.length;
    }
    return out;
  };
  if (ArrayBuffer.isView(parts[0])) return concat(parts as unknown as FloatArray[]) as R;
  const keys = Object.keys(parts[0]);
  return Object.fromEntries(keys.map((k) => [k, concat(parts.map((p) => (p as Record<string, FloatArray>)[k]))])) as R;
}
