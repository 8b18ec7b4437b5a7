import { arrayKind, typeName } from './array-kind.js';
import { CtcInputError } from './errors.js';

/** Dense right-padded labels [B, L] (padding 0), their lengths [B] and L = max length (at least 0). */
export interface DenseLabels {
  readonly labels: Int32Array;
  readonly labelLength: Int32Array;
  readonly L: number;
}

/**
 * PyTorch-style concatenated targets (1-D, sample b's labels follow sample b-1's) with
 * targetLengths [B] -> dense right-padded labels [B, L], L = max targetLengths. Values are checked
 * as given (any number array or typed array): lengths must be integers >= 0 summing to
 * targets.length, targets integers in [0, 2^31). Label ranges against C and the blank are checked
 * later by the loss call. Errors are CtcInputError naming `targets` or `targetLengths`.
 */
export function labelsFromConcatenated(targets: ArrayLike<number>, targetLengths: ArrayLike<number>): DenseLabels {
  const fn = 'labelsFromConcatenated';
  const arrayLike = (name: string, value: unknown): void => {
    const ok = Array.isArray(value) || /^(Int|Uint|Float|BigInt)\d+(Clamped)?Array$/.test(arrayKind(value));
    if (!ok) throw new CtcInputError('INVALID_OPTION', fn, name, `expected \`${name}\` to be an array or typed array of integers, got ${typeName(value)}`);
  };
  arrayLike('targets', targets);
  arrayLike('targetLengths', targetLengths);
  const B = targetLengths.length;
  let total = 0;
  let L = 0;
  for (let b = 0; b < B; b++) {
    const n = targetLengths[b];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new CtcInputError('LENGTH_OUT_OF_RANGE', fn, 'targetLengths', `expected \`targetLengths[${b}]\` to be an integer >= 0, got ${String(n)}`);
    }
    total += n;
    L = Math.max(L, n);
  }
  if (total !== targets.length) {
    throw new CtcInputError('SHAPE_MISMATCH', fn, 'targets', `expected \`targets\` to have sum(targetLengths) = ${total} elements, got ${targets.length}`);
  }
  const labels = new Int32Array(B * L);
  let offset = 0;
  for (let b = 0; b < B; b++) {
    for (let u = 0; u < targetLengths[b]; u++, offset++) {
      const label = targets[offset];
      if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label > 2 ** 31 - 1) {
        throw new CtcInputError('LABEL_OUT_OF_RANGE', fn, 'targets', `expected \`targets[${offset}]\` (sample ${b}, position ${u}) to be an integer in [0, 2^31), got ${String(label)}`);
      }
      labels[b * L + u] = label;
    }
  }
  return { labels, labelLength: Int32Array.from(targetLengths), L };
}
