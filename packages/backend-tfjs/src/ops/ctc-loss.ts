import * as tf from '@tensorflow/tfjs-core';
import { rejectUnknownKeys, type CtcVariant } from '@seq2seq-losses/spec';
import { ctcLossOp } from './differentiable.js';
import { prepareCtcCall, type CtcLossArgs } from './prepare.js';
import { selectCompute, type CtcPath } from './select-compute.js';
import { swapTimeAndBatch } from './swap-time-batch.js';

/** Options beyond the loss arguments; `path` forces an implementation (tests, benchmarks). */
export interface CtcLossExtras {
  readonly path?: CtcPath;
}

/**
 * Classic CTC (Graves 2006): per-sample loss [B] = -log P(labels_b | logits_b), alignments merge
 * repeats then drop blanks. Differentiable twice with tf.grad (gradient, then Hessian-vector products).
 * Infeasible samples give +Infinity (0 with zeroInfinity) and zero gradient.
 */
export function classicCtcLoss(args: CtcLossArgs, extras: CtcLossExtras = {}): tf.Tensor1D {
  return ctcLoss('classicCtcLoss', 'classic', args, extras);
}

/**
 * Simplified CTC: alignments drop blanks only (no merging; every non-blank frame emits the next
 * label token). Same arguments, outputs and derivatives as `classicCtcLoss`.
 */
export function simplifiedCtcLoss(args: CtcLossArgs, extras: CtcLossExtras = {}): tf.Tensor1D {
  return ctcLoss('simplifiedCtcLoss', 'simplified', args, extras);
}

/** With timeMajor, logits [T, B, C] are swapped to [B, T, C] by an op that differentiates any number of times. */
function ctcLoss(fn: string, variant: CtcVariant, args: CtcLossArgs, extras: CtcLossExtras): tf.Tensor1D {
  rejectUnknownKeys(fn, extras ?? {}, ['path'], { kind: 'extra', prefix: 'extras.' });
  const { ctx, timeMajor } = prepareCtcCall(fn, args, variant);
  const compute = selectCompute(extras.path);
  if (!timeMajor) return ctcLossOp(compute, ctx, args.logits) as tf.Tensor1D;
  return tf.tidy(() => ctcLossOp(compute, ctx, swapTimeAndBatch(args.logits))) as tf.Tensor1D;
}
