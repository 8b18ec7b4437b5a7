import { frameLogSum } from './frame-log-sum.js';
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
  const frame = frameLogSum(x, offset, C);
  if (!frame) return false;
  if (!logits) {
    for (let c = 0; c < C; c++) out[c] = x[offset + c];
    return true;
  }
  for (let c = 0; c < C; c++) out[c] = x[offset + c] - frame.max - frame.logSum; // (x - m) - log s
  return true;
}
