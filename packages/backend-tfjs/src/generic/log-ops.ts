import * as tf from '@tensorflow/tfjs-core';

/** A finite stand-in for -inf as a subtracted maximum: exp(-inf - FLOOR) = 0, never NaN. */
const FLOOR = -1e30;

/**
 * [B, S] -> [B, S, 3]: for each s, x at s, s-1, s-2 ('into') or at s, s+1, s+2 ('outOf'),
 * `fill` beyond the ends. One pad and one gather (cheaper than slices and a stack on every backend).
 */
export function neighbours(x: tf.Tensor, direction: 'into' | 'outOf', fill: number): tf.Tensor {
  const [B, S] = x.shape as [number, number];
  const padded = tf.pad(x, direction === 'into' ? [[0, 0], [2, 0]] : [[0, 0], [0, 2]], fill); // [B, S + 2]
  return tf.reshape(tf.gather(padded, neighbourIndex(S, direction), 1), [B, S, 3]);
}

const indexCache = new Map<string, Int32Array>();

/** Column of padded x holding neighbour k of state s, for s < S, k < 3 (row-major [S, 3]). */
function neighbourIndex(S: number, direction: 'into' | 'outOf'): Int32Array {
  const key = `${direction}:${S}`;
  let index = indexCache.get(key);
  if (!index) {
    index = new Int32Array(S * 3);
    for (let s = 0; s < S; s++) for (let k = 0; k < 3; k++) index[s * 3 + k] = direction === 'into' ? s + 2 - k : s + k;
    if (indexCache.size > 64) indexCache.clear();
    indexCache.set(key, index);
  }
  return index;
}

/** Largest entry along the last axis (kept), -inf raised to a finite floor. */
function safeMax(x: tf.Tensor): tf.Tensor {
  return tf.maximum(tf.max(x, -1, true), FLOOR);
}

/** log-sum-exp over the last axis (dropped); -inf for an all -inf slice, NaN if any NaN. */
export function logSumExpLast(x: tf.Tensor): tf.Tensor {
  const m = safeMax(x);
  return tf.squeeze(tf.add(m, tf.log(tf.sum(tf.exp(tf.sub(x, m)), -1, true))), [x.rank - 1]);
}

/** softmax over the last axis; 0 everywhere for an all -inf slice. */
export function softmaxLast(x: tf.Tensor): tf.Tensor {
  const e = tf.exp(tf.sub(x, safeMax(x)));
  return tf.div(e, tf.maximum(tf.sum(e, -1, true), 1e-30)); // the sum is >= 1 unless all are -inf
}

/** x minus its maximum along the last axis, and that maximum (kept; 0 for an all -inf slice). */
export function rescale(x: tf.Tensor): { hat: tf.Tensor; shift: tf.Tensor } {
  const m = tf.max(x, -1, true);
  const shift = tf.where(tf.isInf(m), tf.zerosLike(m), m);
  return { hat: tf.sub(x, shift), shift };
}
