import * as tf from '@tensorflow/tfjs-core';
import { lossRule, type ResolvedCtcOptions } from '@seq2seq-losses/spec';

/** The losses of a batch and which samples have an alignment of positive probability. */
export interface LossOutcome {
  /** [B] loss */
  readonly loss: tf.Tensor;
  /** [B] bool: feasible and ll > -inf (the others' derivatives are 0) */
  readonly possible: tf.Tensor;
}

/**
 * spec's sampleLoss on tensors (call inside tf.tidy): from ll [B] = log p(w | x) and feasible [B]
 * bool, loss = infeasibleLoss (+inf, 0 with zeroInfinity) where no alignment has probability > 0,
 * else 0 - ll (+0, never -0, for a certain alignment), a float32 round-off below 0 clamped in
 * 'logits' mode; NaN where `invalid` [B] bool holds (NaN log-likelihoods stay NaN without it).
 */
export function lossOutcome(
  ll: tf.Tensor,
  feasible: tf.Tensor,
  options: Pick<ResolvedCtcOptions, 'zeroInfinity' | 'inputs'>,
  invalid?: tf.Tensor,
): LossOutcome {
  const rule = lossRule(options, true);
  const possible = tf.logicalAnd(feasible, tf.notEqual(ll, -Infinity)); // [B]
  let loss = tf.where(possible, tf.sub(0, ll), tf.scalar(rule.infeasibleLoss));
  if (rule.clampAtZero) loss = tf.where(tf.less(loss, 0), tf.zerosLike(loss), loss);
  if (invalid) loss = tf.where(invalid, tf.scalar(NaN), loss);
  return { loss, possible };
}
