import * as tf from '@tensorflow/tfjs-core';
import { CtcInputError, type CtcInputErrorCode } from '@seq2seq-losses/spec';
import { expect, it } from 'vitest';
import { classicCtcLoss, type CtcLossArgs } from '../src/index.js';
import { useBackend } from './helpers/tfjs.js';

// Bad input gets spec's typed errors, before anything is computed.
function expectCode(f: () => unknown, code: CtcInputErrorCode, message: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CtcInputError);
  expect((error as CtcInputError).code).toBe(code);
  expect((error as CtcInputError).message).toMatch(message);
}

it('rejects bad tensors and options with CtcInputError codes and clear messages', async () => {
  await useBackend('cpu');
  const logits = tf.zeros([2, 5, 3]);
  const ok: CtcLossArgs = { labels: [[1, 2], [2, 0]], logits, labelLength: [2, 1], logitLength: [5, 4] };
  const call = (patch: Partial<CtcLossArgs>) => () => classicCtcLoss({ ...ok, ...patch });
  const intLogits = tf.zeros([2, 5, 3], 'int32');
  const rank2 = tf.zeros([2, 5]);
  const floatLabels = tf.zeros([2, 2]);
  expectCode(call({ logits: intLogits }), 'INVALID_OPTION', /classicCtcLoss: expected `logits` to be float32, got int32/);
  expectCode(call({ logits: rank2 }), 'SHAPE_MISMATCH', /rank 3/);
  expectCode(call({ labels: floatLabels }), 'INVALID_OPTION', /`labels` to be int32/);
  expectCode(call({ labels: [[1, 2]] }), 'SHAPE_MISMATCH', /batch size 2, got 1/);
  expectCode(call({ labelLength: [2] }), 'SHAPE_MISMATCH', /labelLength/);
  expectCode(call({ logitLength: [6, 4] }), 'LENGTH_OUT_OF_RANGE', /logitLength\[0\]` in \[0, T\] = \[0, 5\], got 6/);
  expectCode(call({ labelLength: [3, 1] }), 'LENGTH_OUT_OF_RANGE', /labelLength\[0\]/);
  expectCode(call({ labels: [[1, 3], [2, 0]] }), 'LABEL_OUT_OF_RANGE', /labels\[0\]\[1\]/);
  expectCode(call({ blankIndex: 2 }), 'BLANK_IN_LABEL', /differ from the blank index 2/);
  expectCode(call({ blankIndex: -4 }), 'BLANK_OUT_OF_RANGE', /\[-3, 3\)/);
  expectCode(call({ blankIndex: 0.5 }), 'INVALID_OPTION', /blankIndex/);
  expectCode(call({ zeroInfinity: 'yes' as never }), 'INVALID_OPTION', /zeroInfinity/);
  // Padding beyond labelLength is never read, whatever it holds.
  const padded = classicCtcLoss({ ...ok, labels: [[1, 2], [2, -7]] });
  expect(Number.isFinite(padded.dataSync()[1])).toBe(true);
  tf.dispose([logits, intLogits, rank2, floatLabels, padded]);
});
