import * as tf from '@tensorflow/tfjs-core';

/**
 * [T, B, C] -> [B, T, C] (and back: the swap is its own inverse) as a custom-gradient op whose
 * gradient is the same swap, so it differentiates any number of times without tfjs's registered
 * gradients (tfjs-core alone has none for Transpose).
 */
export function swapTimeAndBatch(x: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
    value: tf.transpose(args[0] as tf.Tensor, [1, 0, 2]),
    gradFunc: (dy: tf.Tensor) => swapTimeAndBatch(dy),
  }));
  return op(x);
}
