import { frameLogSum } from '../frame-log-sum.js';

/**
 * The log-probabilities a sample's lattice reads, [T_b, U + 1]: column 0 is the blank, column u + 1
 * the label token w_u; em[t, j] = log_softmax(x[b, t])[token j] ('logits') or x[b, t, token j]
 * ('logProbs'). Reads only frames t < T_b. Returns null when a frame is invalid (NaN, +inf or every
 * value -inf), where the losses give NaN.
 */
export function labelEmissions(
  x: ArrayLike<number>,
  frameOffset: (t: number) => number,
  Tb: number,
  C: number,
  blank: number,
  label: ArrayLike<number>,
  logits: boolean,
): Float64Array | null {
  const U = label.length;
  const K = U + 1;
  const em = new Float64Array(Tb * K); // [T_b, U + 1]
  for (let t = 0; t < Tb; t++) {
    const o = frameOffset(t);
    const frame = frameLogSum(x, o, C);
    if (!frame) return null;
    // log_softmax = (x - m) - log sum exp(x - m); log-probs as given
    const [m, logSum] = logits ? [frame.max, frame.logSum] : [0, 0];
    em[t * K] = x[o + blank] - m - logSum;
    for (let u = 0; u < U; u++) em[t * K + u + 1] = x[o + label[u]] - m - logSum;
  }
  return em;
}
