import type { BestPath } from './viterbi-classic.js';

/**
 * Viterbi (max-plus) over the simplified lattice, u = tokens emitted so far (0..U):
 *   delta_{t+1}(u) = max(em(t, k) + delta_t(u), em(t, w_{u-1}) + delta_t(u-1)), delta_0 = [0, -inf, ...],
 * best path ends in u = U. Ties: the blank (staying) wins. em is [T_b, U + 1] (column 0 blank).
 */
export function viterbiSimplified(em: Float64Array, Tb: number, label: ArrayLike<number>): BestPath {
  const U = label.length;
  const K = U + 1;
  let prev = new Float64Array(K).fill(-Infinity); // [U + 1] delta_t
  let next = new Float64Array(K);
  const advanced = new Uint8Array(Tb * K); // [T_b, U + 1] 1 when frame t emitted w_{u-1}
  prev[0] = 0;
  for (let t = 0; t < Tb; t++) {
    const row = t * K;
    for (let u = 0; u < K; u++) {
      const stay = prev[u] + em[row];
      const advance = u > 0 ? prev[u - 1] + em[row + u] : -Infinity;
      next[u] = advance > stay ? advance : stay;
      advanced[row + u] = advance > stay ? 1 : 0;
    }
    [prev, next] = [next, prev];
  }
  const logScore = prev[U];
  const position = new Int32Array(Tb).fill(-1);
  if (logScore === -Infinity) return { logScore, position };
  let u = U;
  for (let t = Tb - 1; t >= 0; t--) {
    if (advanced[t * K + u]) position[t] = --u;
  }
  return { logScore, position };
}
