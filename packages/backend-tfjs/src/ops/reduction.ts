import * as tf from '@tensorflow/tfjs-core';
import { CtcInputError, rejectUnknownKeys } from '@seq2seq-losses/spec';
import type { IntInput } from './prepare.js';

/**
 * How `reduceCtcLoss` combines per-sample losses [B] (weights w default 1):
 * - 'none':                    w_b * loss_b, shape [B]
 * - 'sum':                     sum_b w_b loss_b
 * - 'mean':                    sum_b w_b loss_b / B
 * - 'sumByNonzeroWeights':     sum_b w_b loss_b / #{b : w_b != 0} (tf.losses' default; 0 when no weight is nonzero)
 * - 'meanOverTargetLengths':   mean_b (w_b loss_b / max(U_b, 1)), PyTorch's CTCLoss(reduction='mean')
 * Every mode is linear in the losses, so grad(k * reduce(loss)) = k * grad(reduce(loss)).
 */
export type CtcReduction = 'none' | 'sum' | 'mean' | 'sumByNonzeroWeights' | 'meanOverTargetLengths';

export interface CtcReductionOptions {
  readonly reduction?: CtcReduction;
  /** [B] or scalar sample weights. */
  readonly weights?: tf.Tensor | number;
  /** [B] int32 label lengths U_b; required by 'meanOverTargetLengths'. */
  readonly labelLength?: IntInput;
}

/** Reduces per-sample CTC losses [B]; default 'sumByNonzeroWeights', like tf.losses. Built from tfjs ops. */
export function reduceCtcLoss(losses: tf.Tensor, options: CtcReductionOptions = {}): tf.Tensor {
  rejectUnknownKeys('reduceCtcLoss', options, ['reduction', 'weights', 'labelLength'], { kind: 'option', prefix: 'options.' });
  const reduction = options.reduction ?? 'sumByNonzeroWeights';
  return tf.tidy(() => {
    const B = losses.shape[0] ?? 1;
    const w = options.weights === undefined ? undefined : typeof options.weights === 'number' ? tf.scalar(options.weights) : options.weights;
    const weighted = w === undefined ? losses : tf.mul(losses, w);
    switch (reduction) {
      case 'none':
        return weighted;
      case 'sum':
        return tf.sum(weighted);
      case 'mean':
        return tf.div(tf.sum(weighted), B);
      case 'sumByNonzeroWeights': {
        if (w === undefined) return tf.div(tf.sum(weighted), B);
        const nonzero = tf.sum(tf.cast(tf.notEqual(tf.broadcastTo(w, [B]), 0), 'float32'));
        // With no nonzero weight the sum is 0 too, and max(count, 1) keeps it 0 (divNoNan has no gradient).
        return tf.div(tf.sum(weighted), tf.maximum(nonzero, 1));
      }
      case 'meanOverTargetLengths': {
        if (options.labelLength === undefined) {
          throw new CtcInputError('INVALID_OPTION', 'reduceCtcLoss', 'labelLength', "reduction 'meanOverTargetLengths' needs `labelLength`");
        }
        const given = options.labelLength;
        const U = tf.maximum(tf.cast(given instanceof tf.Tensor ? given : tf.tensor(given), 'float32'), 1);
        return tf.div(tf.sum(tf.div(weighted, U)), B);
      }
      default:
        throw new CtcInputError('INVALID_OPTION', 'reduceCtcLoss', 'reduction', `unknown reduction ${JSON.stringify(reduction)}`);
    }
  });
}
