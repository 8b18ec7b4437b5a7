import type { Lattice } from './lattice.js';

/**
 * State posteriors post_t(s) = P(path in s at t | w, x) = alpha_t(s) beta_t(s) / P, from
 * logPost[t, s] = log alpha_t(s) + log beta_t(s) (any per-frame shift), normalised WITHIN each frame
 * (lse over s instead of log P), so that huge logits (1e10) stay exact: no exp(huge - huge) of
 * separately rounded totals. Returns post [Tb, S]; each valid frame sums to 1.
 */
export function statePosteriors(logPost: Float64Array, Tb: number, S: number): Float64Array {
  const post = new Float64Array(Tb * S); // [Tb, S]
  for (let t = 0; t < Tb; t++) {
    const row = t * S;
    let m = -Infinity;
    for (let s = 0; s < S; s++) if (logPost[row + s] > m) m = logPost[row + s];
    let sum = 0;
    for (let s = 0; s < S; s++) {
      const e = logPost[row + s] === -Infinity ? 0 : Math.exp(logPost[row + s] - m);
      post[row + s] = e;
      sum += e;
    }
    for (let s = 0; s < S; s++) post[row + s] /= sum;
  }
  return post;
}

/** Token occupancy gamma[t, c] = sum over states s emitting c of post_t(s). Returns [Tb, C]. */
export function tokenOccupancy(lattice: Lattice, post: Float64Array, Tb: number, C: number): Float64Array {
  const { S, token } = lattice;
  const gamma = new Float64Array(Tb * C); // [Tb, C]
  for (let t = 0; t < Tb; t++) {
    for (let s = 0; s < S; s++) gamma[t * C + token[s]] += post[t * S + s];
  }
  return gamma;
}
