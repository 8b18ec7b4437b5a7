import * as tf from '@tensorflow/tfjs-core';
import { infeasibleLoss, isFeasible } from '@seq2seq-losses/spec';
import { computeFromRun, type CtcCompute, type CtcOutputs, type CtcRun } from '../compute.js';
import type { CtcContext } from '../context.js';
import { lossOutcome } from '../outcome.js';
import { forwardBackward } from './forward-backward.js';
import { buildLattice, gatherStates } from './lattice.js';
import { occupancy } from './occupancy.js';
import { covarianceTimes } from './tangent.js';

/**
 * The CTC math built from tfjs ops: runs on any tfjs backend (webgl, webgpu, tensorflow...).
 * A loop over T of small batched ops (about a dozen per frame and pass), log space throughout.
 */
export const runGeneric: CtcRun = run;

export const genericCompute: CtcCompute = computeFromRun(runGeneric, (x, scale) =>
  tf.mul(x, tf.reshape(scale, [-1, ...x.shape.slice(1).map(() => 1)])),
);

function run(ctx: CtcContext, x: tf.Tensor, withGradient: boolean, v?: tf.Tensor): CtcOutputs {
  const { B, T, C, L } = ctx.dims;
  const { variant, inputs, zeroInfinity } = ctx.options;
  const feasibleHost = new Uint8Array(B);
  for (let b = 0; b < B; b++) feasibleHost[b] = isFeasible(variant, ctx.logitLength[b], ctx.labels, b * L, ctx.labelLength[b]) ? 1 : 0;
  return tf.tidy((): tf.TensorContainer => {
    const feasible = tf.tensor1d(feasibleHost, 'bool'); // [B]
    const Tb = tf.tensor1d(ctx.logitLength, 'int32'); // [B]
    const zeros = tf.zeros([B, T, C]);
    if (B * T === 0) {
      const loss = tf.where(feasible, tf.zeros([B]), tf.scalar(infeasibleLoss(zeroInfinity)));
      return { loss, gradient: withGradient ? zeros : undefined, hvp: v ? zeros : undefined };
    }
    const lat = buildLattice(ctx);
    // z [B, T, C]: log-probs. Under softmax, +inf or an all -inf frame gives NaN; make log-prob
    // inputs do the same (the contract: that sample's outputs are NaN).
    const z = inputs === 'logits' ? tf.logSoftmax(x) : tf.where(tf.logicalOr(tf.equal(x, Infinity), tf.equal(tf.max(x, 2, true), -Infinity)), tf.scalar(NaN), x);
    // Padded frames (t >= T_b, never read) emit the blank with probability 1 instead.
    const validBT = tf.less(tf.expandDims(tf.range(0, T, 1, 'int32'), 0), tf.expandDims(Tb, 1)); // [B, T]
    const blankRow = tf.where(tf.equal(tf.range(0, C, 1, 'int32'), ctx.options.blankIndex), tf.zeros([C]), tf.fill([C], -Infinity)); // [C]
    const emit = gatherStates(lat, tf.where(tf.expandDims(validBT, 2), z, blankRow)); // T x [B, S]
    const fb = forwardBackward(lat, emit, { beta: withGradient, weights: v !== undefined });

    // Impossible samples (no alignment of length T_b, or probability 0 through -inf entries):
    // spec's loss rule and every derivative 0. NaN samples stay NaN.
    const { loss, possible } = lossOutcome(fb.logP, feasible, ctx.options);
    if (!withGradient) return { loss };

    const { post, gamma } = occupancy(lat, fb);
    const keep = tf.logicalAnd(tf.reshape(possible, [B, 1, 1]), tf.expandDims(validBT, 2)); // [B, T, 1]
    const p = inputs === 'logits' ? tf.exp(z) : undefined;
    const gradient = tf.where(keep, p ? tf.sub(p, gamma) : tf.neg(gamma), zeros);
    if (!v) return { loss, gradient };

    // Centre v per frame under the posterior (exact no-op, much better in float32).
    const centred = tf.where(keep, tf.sub(v, tf.sum(tf.mul(gamma, v), 2, true)), zeros);
    const cov = covarianceTimes(lat, fb, post, gamma, centred);
    const softmaxTerm = p ? tf.sub(tf.mul(p, v), tf.mul(p, tf.sum(tf.mul(p, v), 2, true))) : undefined;
    const hvp = tf.where(keep, softmaxTerm ? tf.sub(softmaxTerm, cov) : tf.neg(cov), zeros);
    return { loss, gradient, hvp };
  }) as unknown as CtcOutputs;
}
