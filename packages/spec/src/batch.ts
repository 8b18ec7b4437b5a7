/** A float array as backends take and return it: row-major, no tensor class. */
export type FloatArray = Float32Array | Float64Array;

/** Batch dimensions: B samples, T frames, C tokens (blank included), L label slots. */
export interface CtcDims {
  readonly B: number;
  readonly T: number;
  readonly C: number;
  readonly L: number;
}

/**
 * One CTC batch, batch-major like `tf.nn.ctc_loss(logits_time_major=False)`.
 * - logits      [B, T, C]  unnormalised scores (or log-probabilities with inputs: 'logProbs')
 * - labels      [B, L]     dense, right-padded; entries u >= labelLength[b] are never read
 * - labelLength [B]        U_b in [0, L]
 * - logitLength [B]        T_b in [0, T]; frames t >= T_b are never read
 */
export interface CtcBatch<F extends FloatArray = FloatArray> {
  readonly logits: F;
  readonly labels: Int32Array;
  readonly labelLength: Int32Array;
  readonly logitLength: Int32Array;
  readonly dims: CtcDims;
}
