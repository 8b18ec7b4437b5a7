import type { DecodeDims } from './types.js';

/** Offset of frame (b, t) in logits: [B, T, C] batch-major, [T, B, C] time-major. */
export function frameOffsetOf(dims: DecodeDims, timeMajor: boolean): (b: number, t: number) => number {
  const { B, T, C } = dims;
  return timeMajor ? (b, t) => (t * B + b) * C : (b, t) => (b * T + t) * C;
}

/**
 * out[0..C) = the frame's log-probabilities: log_softmax of x[offset .. offset + C) ('logits'), or the
 * values themselves ('logProbs'). Returns false for a frame the losses call invalid (NaN, +inf, or
 * every value -inf): the sample's results are then NaN.
 */
export function readLogProbs(
  x: ArrayLike<number>,
  offset: number,
  C: number,
  logits: boolean,
  out: Float64Array,
): boolean {
  let m = -Infinity;
  for (let c = 0; c < C; c++) {
    const v = x[offset + c];
    if (v !== v || v === Infinity) return false;
    if (v > m) m = v;
  }
  if (m === -Infinity) return false;
  if (!logits) {
    for (let c = 0; c < C; c++) out[c] = x[offset + c];
    return true;
  }
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.exp(x[offset + c] - m);
  const lse = m + Math.log(s);
  for (let c = 0; c < C; c++) out[c] = x[offset + c] - lse;
  return true;
}
