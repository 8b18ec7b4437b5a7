import * as tf from '@tensorflow/tfjs-core';
import type { ForwardBackward } from './forward-backward.js';
import { gatherStates, type Lattice } from './lattice.js';
import { neighbours } from './log-ops.js';

/**
 * Cov(n) v [B, T, C], the posterior covariance of token counts applied to a direction, in
 * O(B T S) by forward-mode expectations (docs/math.md, "The HVP recursion"):
 *   r_t(s) = v[t, l'_s] + sum_k into_t(s, k) r_{t-1}(s - k)
 *   q_t(s) = sum_k outOf_t(s, k) (v[t+1, l'_{s+k}] + q_{t+1}(s + k)),  q_{T-1} = 0
 *   E[n_{t,c} V] = sum over s with l'_s = c of post_t(s) (r_t(s) + q_t(s)),  E[V] = sum_s post_t(s) (r_t(s) + q_t(s)).
 * v [B, T, C] must already be centred per frame and 0 on padded frames.
 */
export function covarianceTimes(lat: Lattice, fb: ForwardBackward, post: tf.Tensor, gamma: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const vs = gatherStates(lat, v); // T x [B, S]
  const T = vs.length;
  const weighted = (w: tf.Tensor, x: tf.Tensor, direction: 'into' | 'outOf') => tf.sum(tf.mul(w, neighbours(x, direction, 0)), 2);
  const r: tf.Tensor[] = [tf.clone(vs[0])];
  for (let t = 1; t < T; t++) r.push(tf.tidy(() => tf.add(vs[t], weighted(fb.intoWeights[t - 1], r[t - 1], 'into'))));
  const q: tf.Tensor[] = new Array<tf.Tensor>(T);
  q[T - 1] = tf.zerosLike(vs[T - 1]);
  for (let t = T - 2; t >= 0; t--) q[t] = tf.tidy(() => weighted(fb.outOfWeights[t], tf.add(vs[t + 1], q[t + 1]), 'outOf'));
  const out = tf.tidy(() => {
    const m = tf.mul(post, tf.add(tf.stack(r, 1), tf.stack(q, 1))); // [B, T, S]
    const eNV = tf.matMul(m, lat.tokenOneHot); // [B, T, C]
    const eV = tf.sum(m, 2, true); // [B, T, 1]
    return tf.sub(eNV, tf.mul(gamma, eV));
  });
  tf.dispose([...vs, ...r, ...q]);
  return out;
}
