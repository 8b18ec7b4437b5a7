import { logSoftmaxFrame, type CtcBatch, type CtcInputMode } from '@seq2seq-losses/spec';

/** The per-frame log-probabilities of one sample's valid frames, in float64. */
export interface SampleLogProbs {
  /** [Tb, C] z[t, c]: log_softmax of the logits, or the inputs themselves in 'logProbs' mode. */
  readonly z: Float64Array;
  /** [Tb, C] p[t, c] = softmax of the logits ('logits' mode only; null for 'logProbs'). */
  readonly p: Float64Array | null;
  /** True when some valid frame is all -inf or holds NaN / +inf: the sample's outputs are NaN. */
  readonly invalid: boolean;
}

/** Reads frames t < Tb of sample b (never the padded frames) and normalises them. */
export function sampleLogProbs(batch: CtcBatch, b: number, Tb: number, inputs: CtcInputMode): SampleLogProbs {
  const { T, C } = batch.dims;
  const x = batch.logits;
  const z = new Float64Array(Tb * C); // [Tb, C]
  let invalid = false;
  for (let t = 0; t < Tb; t++) {
    const src = (b * T + t) * C;
    if (inputs === 'logits') {
      logSoftmaxFrame(x, src, C, z, t * C); // NaN row for an all -inf frame or any NaN / +inf
    } else {
      for (let c = 0; c < C; c++) z[t * C + c] = x[src + c];
    }
    let finiteSomewhere = false;
    for (let c = 0; c < C; c++) {
      const v = z[t * C + c];
      if (v !== v || v === Infinity) invalid = true;
      if (v > -Infinity) finiteSomewhere = true;
    }
    if (!finiteSomewhere) invalid = true;
  }
  let p: Float64Array | null = null;
  if (inputs === 'logits') {
    p = new Float64Array(Tb * C);
    for (let i = 0; i < p.length; i++) p[i] = Math.exp(z[i]);
  }
  return { z, p, invalid };
}
