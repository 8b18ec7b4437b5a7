import type { CtcBatch, CtcPrecision, FloatArray } from '@seq2seq-losses/spec';

/** Values as a backend of `precision` holds them, returned as float64 (Math.fround for float32). */
export function roundToPrecision(values: ArrayLike<number>, precision: CtcPrecision): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  if (precision === 'float32') for (let i = 0; i < out.length; i++) out[i] = Math.fround(out[i]);
  return out;
}

/** The array a backend of `precision` receives: Float32Array for float32, Float64Array otherwise. */
export function toBackendArray(values: ArrayLike<number>, precision: CtcPrecision): FloatArray {
  return precision === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
}

/** A copy of the batch whose logits have the backend's array type (labels copied too, so calls never share). */
export function toBackendBatch(batch: CtcBatch, precision: CtcPrecision): CtcBatch {
  return withLogits(batch, toBackendArray(batch.logits, precision));
}

/** A float64 copy of the batch with logits rounded to `precision` (what the reference must be given). */
export function roundBatch(batch: CtcBatch, precision: CtcPrecision): CtcBatch<Float64Array> {
  return withLogits(batch, roundToPrecision(batch.logits, precision));
}

/** A copy of the batch (integer arrays and dims copied) with `logits` in place of its own. */
function withLogits<F extends FloatArray>(batch: CtcBatch, logits: F): CtcBatch<F> {
  return {
    logits,
    labels: Int32Array.from(batch.labels),
    labelLength: Int32Array.from(batch.labelLength),
    logitLength: Int32Array.from(batch.logitLength),
    dims: { ...batch.dims },
  };
}

/**
 * The batch made of items `order[0], order[1], ...` (a permutation, or a single item), same T and L.
 * logits [B', T, C], labels [B', L].
 */
export function selectItems(batch: CtcBatch<Float64Array>, order: readonly number[]): CtcBatch<Float64Array> {
  const { T, C, L } = batch.dims;
  const B = order.length;
  const logits = new Float64Array(B * T * C);
  const labels = new Int32Array(B * L);
  order.forEach((b, i) => {
    logits.set(batch.logits.subarray(b * T * C, (b + 1) * T * C), i * T * C);
    labels.set(batch.labels.subarray(b * L, (b + 1) * L), i * L);
  });
  return {
    logits,
    labels,
    labelLength: Int32Array.from(order, (b) => batch.labelLength[b]),
    logitLength: Int32Array.from(order, (b) => batch.logitLength[b]),
    dims: { B, T, C, L },
  };
}

/** Rows of a per-item array [B, ...rest] picked in `order` (rest = `size` numbers). */
export function selectRows(values: ArrayLike<number>, size: number, order: readonly number[]): Float64Array {
  const out = new Float64Array(order.length * size);
  order.forEach((b, i) => {
    for (let k = 0; k < size; k++) out[i * size + k] = values[b * size + k];
  });
  return out;
}

/** The per-item slice [size] of item b, as float64. */
export function itemRow(values: ArrayLike<number>, size: number, b: number): Float64Array {
  return selectRows(values, size, [b]);
}
