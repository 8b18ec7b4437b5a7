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
      for (let c = 0; c < C; c++) {
        const v = x[o + c];
        if (v > m) { m = v; best = c; } // NaN never wins: caught by the sums below
      }
      path[t] = best;
      if (m === -Infinity) { score = NaN; break; } // every value -inf (or NaN)
      if (logits) {
        score -= Math.log(sumExp(x, o, C, m)); // z[best] = m - lse = -log(sum exp(x - m))
      } else {
        let sum = 0; // NaN or +inf when the frame holds NaN or +inf
        for (let c = 0; c < C; c++) sum += x[o + c];
        score = sum !== sum || sum === Infinity ? NaN : score + m;
      }
    }
    logScore[b] = score;
    labels.push(score === score ? collapseAlignment(path, opts.variant, opts.blankIndex) : new Int32Array(0));
  }
  return { labels, logScore };
}

/** sum_c exp(x[o + c] - m) with four partial sums (no single add chain); NaN for any NaN, or +inf (inf - inf). */
function sumExp(x: ArrayLike<number>, o: number, C: number, m: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let c = 0;
  for (; c + 3 < C; c += 4) {
    s0 += Math.exp(x[o + c] - m);
    s1 += Math.exp(x[o + c + 1] - m);
    s2 += Math.exp(x[o + c + 2] - m);
    s3 += Math.exp(x[o + c + 3] - m);
  }
  for (; c < C; c++) s0 += Math.exp(x[o + c] - m);
  return s0 + s1 + (s2 + s3);
}
