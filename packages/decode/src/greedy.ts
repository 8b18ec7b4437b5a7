import { collapseAlignment } from './collapse.js';
import { frameOffsetOf } from './frames.js';
import type { DecodeInput, DecodeOptions, GreedyResult } from './types.js';
import { validateDecodeCall } from './validate.js';

/**
 * Greedy (best path) decoding: the argmax token of every valid frame (ties: the lowest token id),
 * collapsed by the variant's rule. logScore[b] = sum over t < T_b of max_c log_softmax(x[b, t])[c],
 * the best single path's log-probability. A sample with an invalid frame (NaN, +inf, all -inf)
 * gives an empty label and logScore NaN, as the losses give NaN there.
 */
export function ctcGreedyDecode(input: DecodeInput, options?: DecodeOptions): GreedyResult {
  const opts = validateDecodeCall('ctcGreedyDecode', input, options);
  const { B, C } = input.dims;
  const x = input.logits;
  const offsetOf = frameOffsetOf(input.dims, opts.timeMajor);
  const logits = opts.inputs === 'logits';
  const labels: Int32Array[] = [];
  const logScore = new Float64Array(B); // [B]
  for (let b = 0; b < B; b++) {
    const Tb = input.logitLength[b];
    const path = new Int32Array(Tb); // [T_b] argmax per frame
    let score = 0;
    for (let t = 0; t < Tb && score === score; t++) {
      const o = offsetOf(b, t);
      let best = 0;
      let m = -Infinity;
      let sum = 0; // logProbs: NaN or +inf when the frame holds NaN or +inf
      for (let c = 0; c < C; c++) {
        const v = x[o + c];
        if (v > m) { m = v; best = c; } // NaN never wins: caught by the sums below
        sum += v;
      }
      path[t] = best;
      if (m === -Infinity) { score = NaN; break; } // every value -inf (or NaN)
      if (logits) {
        let s = 0;
        for (let c = 0; c < C; c++) s += Math.exp(x[o + c] - m); // NaN for any NaN, or +inf (inf - inf)
        score -= Math.log(s); // z[best] = m - lse = -log(sum exp(x - m))
      } else {
        score = sum !== sum || sum === Infinity ? NaN : score + m;
      }
    }
    logScore[b] = score;
    labels.push(score === score ? collapseAlignment(path, opts.variant, opts.blankIndex) : new Int32Array(0));
  }
  return { labels, logScore };
}
