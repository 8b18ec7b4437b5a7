import * as tf from '@tensorflow/tfjs-core';
import { CTC_INPUT_MODES, CTC_VARIANTS, CtcInputError, normalizeBlankIndex, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import type { IntInput } from './prepare.js';

export interface CtcGreedyDecodeArgs {
  /** float32 [B, T, C] ([T, B, C] with timeMajor): unnormalised scores, or log-probabilities with inputs 'logProbs'. */
  readonly logits: tf.Tensor;
  /**
   * int32 [B]: T_b. A host array is checked (each in [0, T], else CtcInputError); a tensor is not read
   * back (the op never leaves the device), so values outside [0, T] act as clamped to it.
   */
  readonly logitLength: IntInput;
  /** Default 0; negative counts from C. */
  readonly blankIndex?: number;
  /** Default 'classic' (merge repeats, then drop blanks); 'simplified' drops blanks only. */
  readonly variant?: CtcVariant;
  /** Default 'logits'. */
  readonly inputs?: CtcInputMode;
  /** Default false: logits [B, T, C]; true: [T, B, C]. */
  readonly timeMajor?: boolean;
}

/** Device tensors; the caller disposes them (or reads them with `readGreedyLabels`). */
export interface CtcGreedyDecodeResult {
  /** int32 [B, T]: sample b's label in columns [0, lengths[b]), -1 after. */
  readonly labels: tf.Tensor2D;
  /** int32 [B]: label lengths. */
  readonly lengths: tf.Tensor1D;
  /** float32 [B]: the best path's log-probability (NaN for a sample with an invalid frame, label empty). */
  readonly logScore: tf.Tensor1D;
}

const FN = 'ctcGreedyDecode';

/**
 * Greedy CTC decoding as tfjs ops, on any tfjs backend, without reading anything back: per frame
 * best = argMax_c x (ties: tfjs's argMax, the lowest index), score = max_c x - logSumExp_c x
 * (logits) or max_c x (logProbs); frames t >= T_b masked out; collapse (classic: best != blank and
 * != the previous frame's best; simplified: != blank) and compaction by scatterND at the cumulative
 * sum of the kept flags. Same results as @seq2seq-losses/decode's ctcGreedyDecode (float32).
 */
export function ctcGreedyDecode(args: CtcGreedyDecodeArgs): CtcGreedyDecodeResult {
  const { logits, B, T, C, blank, variant, inputs, timeMajor } = checkArgs(args);
  const lengthInput = logitLengthTensor(args.logitLength, B, T);
  if (B * T === 0) {
    // Nothing to decode (empty labels, logScore 0); some backends (webgpu) cannot run ops on empty tensors.
    if (lengthInput.owned) lengthInput.tensor.dispose();
    return {
      labels: tf.tensor2d(new Int32Array(0), [B, T], 'int32'),
      lengths: tf.tensor1d(new Int32Array(B), 'int32'),
      logScore: tf.tensor1d(new Float32Array(B)),
    };
  }
  try {
    return tf.tidy(() => {
      const x = (timeMajor ? tf.transpose(logits, [1, 0, 2]) : logits) as tf.Tensor3D; // [B, T, C]
      const best = tf.argMax(x, 2) as tf.Tensor2D; // [B, T] int32
      const max = tf.max(x, 2); // [B, T]
      const lse = tf.logSumExp(x, 2); // [B, T]; NaN for a frame with NaN, +inf or only -inf
      // logProbs: max + (lse - lse) is max where the frame is valid and NaN where it is not.
      const frameScore = inputs === 'logits' ? tf.sub(max, lse) : tf.add(max, tf.sub(lse, lse)); // [B, T]
      const valid = tf.less(tf.expandDims(tf.range(0, T, 1, 'int32'), 0), tf.expandDims(lengthInput.tensor, 1)); // [B, T]
      const logScore = tf.sum(tf.where(valid, frameScore, tf.zerosLike(frameScore)), 1) as tf.Tensor1D; // [B]
      const sampleOk = tf.expandDims(tf.logicalNot(tf.isNaN(logScore)), 1); // [B, 1]
      let keep = tf.logicalAnd(tf.logicalAnd(valid, sampleOk), tf.notEqual(best, tf.scalar(blank, 'int32'))); // [B, T]
      if (variant === 'classic') {
        const previous = tf.concat([tf.fill([B, 1], -1, 'int32'), tf.slice(best, [0, 0], [B, Math.max(T - 1, 0)])], 1); // [B, T]
        keep = tf.logicalAnd(keep, tf.notEqual(best, previous));
      }
      const keepInt = tf.cast(keep, 'int32'); // [B, T]
      const lengths = tf.sum(keepInt, 1) as tf.Tensor1D; // [B]
      // Kept frame (b, t) goes to column cumsum - 1; the rest to a spare column T, dropped after.
      const column = tf.where(keep, tf.sub(tf.cumsum(keepInt, 1), tf.scalar(1, 'int32')), tf.fill([B, T], T, 'int32'));
      const row = tf.tile(tf.expandDims(tf.range(0, B, 1, 'int32'), 1), [1, T]); // [B, T]
      const indices = tf.reshape(tf.stack([row, column], 2), [B * T, 2]);
      const updates = tf.reshape(tf.add(best, tf.scalar(1, 'int32')), [B * T]); // token + 1: 0 marks an empty slot
      const scattered = tf.scatterND(indices, updates, [B, T + 1]); // [B, T + 1]
      const labels = tf.sub(tf.slice(scattered, [0, 0], [B, T]), tf.scalar(1, 'int32')) as tf.Tensor2D; // [B, T], -1 padded
      return { labels, lengths, logScore };
    });
  } finally {
    if (lengthInput.owned) lengthInput.tensor.dispose();
  }
}

/** The labels of a greedy result as host arrays, one Int32Array per sample (the tensors stay alive). */
export async function readGreedyLabels(result: Pick<CtcGreedyDecodeResult, 'labels' | 'lengths'>): Promise<Int32Array[]> {
  const [B, T] = result.labels.shape;
  const [labels, lengths] = await Promise.all([result.labels.data() as Promise<Int32Array>, result.lengths.data() as Promise<Int32Array>]);
  return Array.from({ length: B }, (_, b) => labels.slice(b * T, b * T + lengths[b]));
}

function checkArgs(args: CtcGreedyDecodeArgs) {
  const fail = (code: 'SHAPE_MISMATCH' | 'INVALID_OPTION' | 'BLANK_OUT_OF_RANGE', argument: string, message: string): never => {
    throw new CtcInputError(code, FN, argument, message);
  };
  if (args === null || typeof args !== 'object') fail('INVALID_OPTION', 'args', `expected an arguments object, got ${String(args)}`);
  const { logits } = args;
  if (!(logits instanceof tf.Tensor)) fail('INVALID_OPTION', 'logits', 'expected `logits` to be a tf.Tensor');
  if (logits.dtype !== 'float32') fail('INVALID_OPTION', 'logits', `expected \`logits\` to be float32, got ${logits.dtype}`);
  const timeMajor = args.timeMajor ?? false;
  if (typeof timeMajor !== 'boolean') fail('INVALID_OPTION', 'options.timeMajor', `expected \`options.timeMajor\` to be a boolean, got ${JSON.stringify(timeMajor)}`);
  if (logits.rank !== 3) fail('SHAPE_MISMATCH', 'logits', `expected \`logits\` to have rank 3 (${timeMajor ? '[T, B, C]' : '[B, T, C]'}), got shape [${logits.shape}]`);
  const [d0, d1, C] = logits.shape as [number, number, number];
  const [B, T] = timeMajor ? [d1, d0] : [d0, d1];
  const variant = args.variant ?? 'classic';
  if (!CTC_VARIANTS.includes(variant)) fail('INVALID_OPTION', 'options.variant', `expected \`options.variant\` to be one of ${CTC_VARIANTS.join(', ')}, got ${JSON.stringify(variant)}`);
  const inputs = args.inputs ?? 'logits';
  if (!CTC_INPUT_MODES.includes(inputs)) fail('INVALID_OPTION', 'options.inputs', `expected \`options.inputs\` to be one of ${CTC_INPUT_MODES.join(', ')}, got ${JSON.stringify(inputs)}`);
  const rawBlank = args.blankIndex ?? 0;
  if (typeof rawBlank !== 'number' || !Number.isInteger(rawBlank)) fail('INVALID_OPTION', 'options.blankIndex', `expected \`options.blankIndex\` to be an integer, got ${String(rawBlank)}`);
  if (rawBlank < -C || rawBlank >= C) fail('BLANK_OUT_OF_RANGE', 'options.blankIndex', `expected \`options.blankIndex\` in [-C, C) = [${-C}, ${C}), got ${rawBlank}`);
  return { logits, B, T, C, blank: normalizeBlankIndex(rawBlank, C), variant, inputs, timeMajor };
}

/** logitLength as an int32 [B] tensor: a given tensor as is, a host array checked and uploaded. */
function logitLengthTensor(input: IntInput, B: number, T: number): { tensor: tf.Tensor1D; owned: boolean } {
  const fail = (code: 'SHAPE_MISMATCH' | 'INVALID_OPTION' | 'LENGTH_OUT_OF_RANGE', message: string): never => {
    throw new CtcInputError(code, FN, 'logitLength', message);
  };
  if (input instanceof tf.Tensor) {
    if (input.dtype !== 'int32') fail('INVALID_OPTION', `expected \`logitLength\` to be int32, got ${input.dtype}`);
    if (input.rank !== 1 || input.shape[0] !== B) fail('SHAPE_MISMATCH', `expected \`logitLength\` to have shape [${B}], got [${input.shape}]`);
    return { tensor: input as tf.Tensor1D, owned: false };
  }
  const values = Array.from(input as ArrayLike<number>);
  if (values.length !== B) fail('SHAPE_MISMATCH', `expected \`logitLength\` to have ${B} elements (batch size B = ${B}), got ${values.length}`);
  values.forEach((v, b) => {
    if (!Number.isInteger(v) || v < 0 || v > T) fail('LENGTH_OUT_OF_RANGE', `expected \`logitLength[${b}]\` in [0, T] = [0, ${T}], got ${v}`);
  });
  return { tensor: tf.tensor1d(values, 'int32'), owned: true };
}
