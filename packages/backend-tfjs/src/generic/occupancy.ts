import * as tf from '@tensorflow/tfjs-core';
import type { ForwardBackward } from './forward-backward.js';
import type { Lattice } from './lattice.js';
import { logSumExpLast } from './log-ops.js';

/**
 * State posteriors post [B, T, S] = P(state s at t | w, x), normalised within each frame
 * (exp(alpha + beta - lse_s(alpha + beta)), the float32-accurate form; 0 for an impossible
 * frame), and token occupancies gamma [B, T, C] = sum over s with l'_s = c of post.
 */
export function occupancy(lat: Lattice, fb: ForwardBackward): { post: tf.Tensor; gamma: tf.Tensor } {
  return tf.tidy(() => {
    const logPost = tf.add(tf.stack(fb.alpha, 1), tf.stack(fb.beta, 1)); // [B, T, S]
    const norm = tf.expandDims(logSumExpLast(logPost), 2); // [B, T, 1]
    const post = tf.exp(tf.sub(logPost, tf.where(tf.isInf(norm), tf.zerosLike(norm), norm)));
    const gamma = tf.matMul(post, lat.tokenOneHot); // [B, T, S] x [B, S, C] -> [B, T, C]
    return { post, gamma };
  });
}
