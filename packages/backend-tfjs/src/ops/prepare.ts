import * as tf from '@tensorflow/tfjs-core';
import { CtcInputError, rejectUnknownKeys, validateCtcCall, type CtcInputMode, type CtcVariant } from '@seq2seq-losses/spec';
import type { CtcContext } from '../context.js';
import { checkIntValues } from './int-values.js';

/** An int32 input: a tensor or anything tf.tensor accepts. */
export type IntInput = tf.Tensor | tf.TensorLike;

/** Arguments of `classicCtcLoss` / `simplifiedCtcLoss`, in tfjs conventions. */
export interface CtcLossArgs {
  /** int32 [B, L], dense and right-padded; entries u >= labelLength[b] are never read. */
  readonly labels: IntInput;
  /** float32 [B, T, C] ([T, B, C] with timeMajor): unnormalised scores, or log-probabilities with inputs 'logProbs'. */
  readonly logits: tf.Tensor;
  /** int32 [B]: U_b in [0, L]. */
  readonly labelLength: IntInput;
  /** int32 [B]: T_b in [0, T]; frames t >= T_b are never read. */
  readonly logitLength: IntInput;
  /** Default 0; negative counts from C. */
  readonly blankIndex?: number;
  /** Default 'logits' (softmax inside); 'logProbs' takes independent log-probabilities. */
  readonly inputs?: CtcInputMode;
  /** Default false: infeasible samples give +Infinity; true gives 0. Gradients are 0 either way. */
  readonly zeroInfinity?: boolean;
  /** Default false. true: logits are [T, B, C] (tf.nn.ctc_loss's default); gradients flow back [T, B, C]. */
  readonly timeMajor?: boolean;
}

/** Every key of CtcLossArgs; any other key is an INVALID_OPTION error. */
export const CTC_LOSS_ARG_KEYS: readonly (keyof CtcLossArgs)[] = [
  'labels', 'logits', 'labelLength', 'logitLength', 'blankIndex', 'inputs', 'zeroInfinity', 'timeMajor',
];

/** A validated call: the host-side context (batch-major dims) and whether logits are [T, B, C]. */
export interface PreparedCtcCall {
  readonly ctx: CtcContext;
  readonly timeMajor: boolean;
}

/**
 * Checks the argument keys, tensor ranks, dtypes and shapes, reads the int32 inputs to the host
 * (host arrays checked value by value first) and runs spec's `validateCtcCall`. Throws
 * `CtcInputError` before anything is computed.
 */
export function prepareCtcCall(fn: string, args: CtcLossArgs, variant: CtcVariant): PreparedCtcCall {
  const fail = (code: 'SHAPE_MISMATCH' | 'INVALID_OPTION', argument: string, message: string): never => {
    throw new CtcInputError(code, fn, argument, message);
  };
  if (args === null || typeof args !== 'object') fail('INVALID_OPTION', 'args', `expected an arguments object, got ${String(args)}`);
  rejectUnknownKeys(fn, args, CTC_LOSS_ARG_KEYS, { kind: 'argument', prefix: '' });
  const { logits } = args;
  if (!(logits instanceof tf.Tensor)) fail('INVALID_OPTION', 'logits', 'expected `logits` to be a tf.Tensor');
  if (logits.isDisposed) fail('INVALID_OPTION', 'logits', 'expected `logits` to be a live tf.Tensor, got a disposed one');
  if (logits.dtype !== 'float32') fail('INVALID_OPTION', 'logits', `expected \`logits\` to be float32, got ${logits.dtype}`);
  const timeMajor = args.timeMajor === true;
  const layout = timeMajor ? '[T, B, C]' : '[B, T, C]';
  if (logits.rank !== 3) fail('SHAPE_MISMATCH', 'logits', `expected \`logits\` to have rank 3 ${layout}, got shape [${logits.shape}]`);
  const [B, T, C] = (timeMajor ? [logits.shape[1], logits.shape[0], logits.shape[2]] : logits.shape) as [number, number, number];

  const labels = readInt(fn, 'labels', args.labels, 2);
  const labelLength = readInt(fn, 'labelLength', args.labelLength, 1);
  const logitLength = readInt(fn, 'logitLength', args.logitLength, 1);
  if (labels.shape[0] !== B) fail('SHAPE_MISMATCH', 'labels', `expected \`labels\` to have batch size ${B}, got ${labels.shape[0]}`);
  const L = labels.shape[1];
  const dims = { B, T, C, L };
  const options = validateCtcCall(
    fn,
    // Only the length of logits is checked; the values stay on the tfjs backend.
    { logits: new Float32Array(B * T * C), labels: labels.values, labelLength: labelLength.values, logitLength: logitLength.values, dims },
    // timeMajor is checked here (a boolean or undefined); the context is batch-major either way
    { variant, blankIndex: args.blankIndex, inputs: args.inputs, zeroInfinity: args.zeroInfinity, timeMajor: args.timeMajor },
  );
  const ctx = { labels: labels.values, labelLength: labelLength.values, logitLength: logitLength.values, dims, options: { ...options, timeMajor: false } };
  return { ctx, timeMajor };
}

/** Reads an int32 input of the given rank to the host (a copy; the caller's tensor is untouched). */
function readInt(fn: string, name: string, input: IntInput, rank: number): { values: Int32Array; shape: number[] } {
  if (input instanceof tf.Tensor) {
    if (input.isDisposed) {
      throw new CtcInputError('INVALID_OPTION', fn, name, `expected \`${name}\` to be a live tf.Tensor, got a disposed one`);
    }
    if (input.dtype !== 'int32') {
      throw new CtcInputError('INVALID_OPTION', fn, name, `expected \`${name}\` to be int32, got ${input.dtype}`);
    }
    if (input.rank !== rank) {
      throw new CtcInputError('SHAPE_MISMATCH', fn, name, `expected \`${name}\` to have rank ${rank}, got shape [${input.shape}]`);
    }
    return { values: Int32Array.from(input.dataSync() as Int32Array), shape: input.shape };
  }
  checkIntValues(fn, name, input);
  let t: tf.Tensor;
  try {
    t = tf.tensor(input, undefined, 'int32');
  } catch (error) {
    throw new CtcInputError('INVALID_OPTION', fn, name, `expected \`${name}\` to be an int32 tensor or array (${String(error)})`);
  }
  try {
    return readInt(fn, name, t, rank);
  } finally {
    t.dispose();
  }
}
