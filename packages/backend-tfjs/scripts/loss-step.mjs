// One training-style step for the scripts: tf.valueAndGrad of the classic loss on the active tfjs
// backend for a spec batch, returning the loss and gradient tensors (the caller reads and disposes
// them), and a cleanup for the batch's tensors.
import * as tf from '@tensorflow/tfjs-core';
import { classicCtcLoss } from '@seq2seq-losses/backend-tfjs';

/** @param {import('@seq2seq-losses/spec').CtcBatch} batch @param {'kernel' | 'generic'} path */
export function lossStep(batch, path) {
  const { B, T, C, L } = batch.dims;
  const labels = tf.tensor2d(batch.labels, [B, L], 'int32');
  const labelLength = tf.tensor1d(batch.labelLength, 'int32');
  const logitLength = tf.tensor1d(batch.logitLength, 'int32');
  const logits = tf.tensor3d(batch.logits, [B, T, C]);
  const dy = tf.ones([B]);
  const loss = (x) => classicCtcLoss({ labels, logits: x, labelLength, logitLength }, { path });
  return {
    step: () => tf.valueAndGrad(loss)(logits, dy),
    dispose: () => tf.dispose([labels, labelLength, logitLength, logits, dy]),
  };
}
