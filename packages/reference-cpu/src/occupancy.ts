import type { Lattice } from './lattice.js';

/**
 * State posteriors post_t(s) = P(path in s at t | w, x) = alpha_t(s) beta_t(s) / P, computed in log
 * space and normalised WITHIN each frame (lse over s of alpha + beta instead of log P), so that
 * huge logits (1e10) stay exact: no exp(huge - huge) of separately rounded totals.
 * Returns post [Tb, S]; each valid frame sums to 1.
 */
export function statePosteriors(lattice: Lattice, alpha: Float64Array, beta: Float64Array, Tb: number): Float64Array {
  const { S } = lattice;
  const post = new Float64Array(Tb * S); // [Tb, S]
  for (let t = 0; t < Tb; t++) {
    const row = t * S;
    let m = -Infinity;
    for (let s = 0; s < S; s++) {
      const v = alpha[row + s] + beta[row + s];
      post[row + s] = v;
      if (v > m) m = v;
    }
    let sum = 0;
    for (let s = 0; s < S; s++) {
      const e = post[row + s] === -Infinity ? 0 : Math.exp(post[row + s] - m);
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
