import * as tf from '@tensorflow/tfjs-core';
import type { Lattice } from './lattice.js';
import { logSumExpLast, neighbours, rescale, softmaxLast } from './log-ops.js';

/**
 * Log-space forward-backward over the lattice, batched over B, a dozen ops per frame and pass.
 * emit: T x [B, S], z[b, t, l'_s], where padded frames (t >= T_b) already emit the blank with
 * probability 1 (so every sample runs all T frames and the accepting states keep their mass).
 *   alpha_0 = emit_0 + start;  alpha_t(s) = emit_t(s) + lse_k(alpha_{t-1}(s - k) + into(s, k))
 *   beta_{T-1} = end;          beta_t(s) = lse_k(emit_{t+1}(s + k) + beta_{t+1}(s + k) + outOf(s, k))
 * Both are stored rescaled, minus their frame maximum over s (alpha-hat, beta-hat): they stay O(1)
 * in float32 however long the sequence, and every later use is invariant to a per-frame shift.
 * logP [B] = sum of the alpha shifts + lse over s of (alpha-hat_{T-1} + end).
 * With `weights`, also the transition posteriors the HVP recursions need:
 *   into_t [B, S, 3]  = softmax_k of the incoming terms of alpha_t (t >= 1),
 *   outOf_t [B, S, 3] = softmax_k of the outgoing terms of beta_t (t <= T - 2).
 */
export interface ForwardBackward {
  /** T x [B, S] alpha-hat */
  readonly alpha: tf.Tensor[];
  /** T x [B, S] beta-hat; empty when only the loss was asked for */
  readonly beta: tf.Tensor[];
  /** [B] log P(w | x) */
  readonly logP: tf.Tensor;
  readonly intoWeights: tf.Tensor[];
  readonly outOfWeights: tf.Tensor[];
}

export function forwardBackward(lat: Lattice, emit: tf.Tensor[], want: { beta: boolean; weights: boolean }): ForwardBackward {
  const T = emit.length;
  const alpha: tf.Tensor[] = [];
  const intoWeights: tf.Tensor[] = [];
  let logScale = tf.zeros([lat.start.shape[0], 1]); // [B, 1]: sum of the alpha shifts so far
  for (let t = 0; t < T; t++) {
    const out = tf.tidy(() => {
      let next: tf.Tensor;
      let w: tf.Tensor | undefined;
      if (t === 0) next = tf.add(emit[0], lat.start);
      else {
        const terms = tf.add(neighbours(alpha[t - 1], 'into', -Infinity), lat.into); // [B, S, 3]
        next = tf.add(emit[t], logSumExpLast(terms));
        if (want.weights) w = softmaxLast(terms);
      }
      const { hat, shift } = rescale(next);
      return { hat, scale: tf.add(logScale, shift), w };
    });
    alpha.push(out.hat);
    if (out.w) intoWeights.push(out.w);
    logScale.dispose();
    logScale = out.scale;
  }
  const logP = tf.tidy(() => tf.squeeze(tf.add(logScale, tf.reshape(logSumExpLast(tf.add(alpha[T - 1], lat.end)), [-1, 1])), [1]));
  logScale.dispose();
  const beta: tf.Tensor[] = new Array<tf.Tensor>(want.beta ? T : 0);
  const outOfWeights: tf.Tensor[] = new Array<tf.Tensor>(want.weights ? T - 1 : 0);
  if (want.beta) {
    beta[T - 1] = tf.clone(lat.end);
    for (let t = T - 2; t >= 0; t--) {
      const out = tf.tidy(() => {
        const terms = tf.add(neighbours(tf.add(emit[t + 1], beta[t + 1]), 'outOf', -Infinity), lat.outOf); // [B, S, 3]
        return { hat: rescale(logSumExpLast(terms)).hat, u: want.weights ? softmaxLast(terms) : undefined };
      });
      beta[t] = out.hat;
      if (out.u) outOfWeights[t] = out.u;
    }
  }
  return { alpha, beta, logP, intoWeights, outOfWeights };
}
