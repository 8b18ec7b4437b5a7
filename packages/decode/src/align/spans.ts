import type { TokenSpan } from '../types.js';

/**
 * One span per label position u: the frames [start, end) where the path emits w_u, and its score,
 * the mean of p[t, w_u] = exp(em[t, u + 1]) over those frames. position is [T_b] (u or -1 for blank),
 * em is [T_b, U + 1].
 */
export function tokenSpans(position: Int32Array, em: Float64Array, label: ArrayLike<number>): TokenSpan[] {
  const U = label.length;
  const K = U + 1;
  const spans: TokenSpan[] = [];
  let t = 0;
  for (let u = 0; u < U; u++) {
    while (position[t] !== u) t++;
    const start = t;
    let sum = 0;
    for (; t < position.length && position[t] === u; t++) sum += Math.exp(em[t * K + u + 1]);
    spans.push({ token: label[u], start, end: t, score: sum / (t - start) });
  }
  return spans;
}
