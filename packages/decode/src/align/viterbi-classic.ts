/** The best single path of one sample and, per frame, which label position it emits. */
export interface BestPath {
  /** Its log-probability; -Infinity when no path has positive probability. */
  readonly logScore: number;
  /** [T_b] label position u emitted at frame t, or -1 for the blank. */
  readonly position: Int32Array;
}

/**
 * Viterbi (max-plus) over the classic interleaved lattice l' = (k, w_0, k, ..., w_{U-1}, k), S = 2U + 1:
 *   delta_t(s) = em(t, l'_s) + max(delta_{t-1}(s), delta_{t-1}(s-1), [l'_s != k, w != previous w] delta_{t-1}(s-2)),
 * backpointers [T_b, S], backtrack from the better of s = S-1, S-2.
 * Ties: the predecessor with the smaller jump wins (stay, then s-1, then s-2); at the end the final
 * blank (s = S-1) wins. em is [T_b, U + 1] (column 0 blank, u + 1 token w_u); needs T_b >= 1.
 */
export function viterbiClassic(em: Float64Array, Tb: number, label: ArrayLike<number>): BestPath {
  const U = label.length;
  const K = U + 1;
  const S = 2 * U + 1;
  const col = (s: number) => (s & 1 ? (s + 1) >> 1 : 0); // state -> em column
  let prev = new Float64Array(S).fill(-Infinity); // [S] delta_{t-1}
  let next = new Float64Array(S); // [S] delta_t
  const back = new Uint8Array(Tb * S); // [T_b, S] 0 stay, 1 from s-1, 2 from s-2
  prev[0] = em[0];
  if (S > 1) prev[1] = em[1];
  for (let t = 1; t < Tb; t++) {
    const row = t * K;
    for (let s = 0; s < S; s++) {
      let best = prev[s];
      let from = 0;
      if (s > 0 && prev[s - 1] > best) { best = prev[s - 1]; from = 1; }
      if (s > 1 && s & 1 && label[(s - 1) >> 1] !== label[(s - 3) >> 1] && prev[s - 2] > best) {
        best = prev[s - 2];
        from = 2;
      }
      next[s] = best + em[row + col(s)];
      back[t * S + s] = from;
    }
    [prev, next] = [next, prev];
  }
  let s = S - 1;
  if (S > 1 && prev[S - 2] > prev[S - 1]) s = S - 2;
  const logScore = prev[s];
  const position = new Int32Array(Tb).fill(-1);
  if (logScore === -Infinity) return { logScore, position };
  for (let t = Tb - 1; t >= 0; t--) {
    position[t] = s & 1 ? (s - 1) >> 1 : -1;
    if (t > 0) s -= back[t * S + s];
  }
  return { logScore, position };
}
