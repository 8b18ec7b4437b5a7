import type * as tf from '@tensorflow/tfjs-core';
import { CtcInputError, describeValue } from '@seq2seq-losses/spec';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Checks a host array (nested arrays or typed arrays) bound for an int32 tensor value by value,
 * before tf.tensor would truncate or wrap it (1.5 -> 1, 2^32 + 1 -> 1, NaN -> 0, "2" -> 2): every
 * value must be a number that is an integer in int32 range. Reports the value as given, e.g.
 * "expected `labels[1][0]` to be an int32 integer, got 3.9" (code LABEL_OUT_OF_RANGE for labels,
 * LENGTH_OUT_OF_RANGE for lengths, INVALID_OPTION for a value that is not a number).
 */
export function checkIntValues(fn: string, name: string, input: tf.TensorLike): void {
  const code = name === 'labels' ? 'LABEL_OUT_OF_RANGE' : 'LENGTH_OUT_OF_RANGE';
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const items = value as ArrayLike<unknown>;
      for (let i = 0; i < items.length; i++) visit(items[i], `${path}[${i}]`);
      return;
    }
    if (typeof value !== 'number') {
      throw new CtcInputError('INVALID_OPTION', fn, name, `expected \`${path}\` to be an int32 integer, got ${describeValue(value)}`);
    }
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw new CtcInputError(code, fn, name, `expected \`${path}\` to be an int32 integer, got ${String(value)}`);
    }
  };
  visit(input, name);
}
