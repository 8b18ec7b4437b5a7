import * as tf from '@tensorflow/tfjs-core';
import { computeFromRun, type CtcCompute, type CtcOutputs } from '../compute.js';
import type { CtcContext } from '../context.js';
import { lossOutcome } from '../outcome.js';
import { genericCompute, runGeneric } from '../generic/generic-compute.js';
import { ctcWebGpu, ctcWebGpuIfLoaded } from './provider.js';
import { activeTfjsWebGpu, flushTfjsCommands, gpuBufferOf, newGpuTensor } from './tfjs-webgpu-access.js';

/**
 * tfjs-backend-webgpu running backend-webgpu's WGSL passes on tfjs's own GPUDevice: the inputs are
 * read from tfjs's GPU buffers and the results written into new tfjs tensors, with no host round
 * trip. One submission per call (log-softmax, forward-backward, occupancy, HVP passes).
 */
export const webgpuCompute: CtcCompute = computeFromRun(run, genericCompute.scaleSamples);

function run(ctx: CtcContext, x: tf.Tensor, withGradient: boolean, v?: tf.Tensor): CtcOutputs {
  const { B, T, C } = ctx.dims;
  const backend = activeTfjsWebGpu();
  if (!backend || B * T * C === 0) return runGeneric(ctx, x, withGradient, v); // no frames: nothing for the GPU
  const { SharedDeviceCtc, STATUS_INFEASIBLE } = ctcWebGpu();
  const ctc = SharedDeviceCtc.forDevice(backend.device);
  const xBuf = gpuBufferOf(backend, x);
  const vBuf = v ? gpuBufferOf(backend, v) : undefined;
  const ll = newGpuTensor(backend, [B]);
  const frameBad = newGpuTensor(backend, [B, T]);
  const gradient = withGradient ? newGpuTensor(backend, [B, T, C]) : undefined;
  const hvp = v ? newGpuTensor(backend, [B, T, C]) : undefined;
  const raw = [ll.tensor, frameBad.tensor, gradient?.tensor, hvp?.tensor].filter((t): t is tf.Tensor => t !== undefined);
  try {
    flushTfjsCommands(backend); // x and v may still be in tfjs's unsubmitted encoder
    const into = { ll: ll.buffer, frameBad: frameBad.buffer, gradient: gradient?.buffer, hvp: hvp?.buffer };
    const { status } = ctc.submit(ctx, ctx.options, xBuf, into, vBuf);
    const infeasible = Uint8Array.from(status, (s) => (s === STATUS_INFEASIBLE ? 1 : 0)); // [B]
    const finished = () => finish(ctx, infeasible, frameBad.tensor, ll.tensor, gradient?.tensor, hvp?.tensor) as unknown as tf.TensorContainer;
    return tf.tidy(finished) as unknown as CtcOutputs;
  } finally {
    tf.dispose(raw);
  }
}

/**
 * loss [B] from ll [B] as the contract has it (+inf, or 0 with zeroInfinity, where no alignment has
 * probability > 0; +0 for a certain one), and NaN for the loss and the valid frames' derivatives of a
 * sample with NaN or +inf, or an all -inf frame, among its valid frames (flagged per frame by the
 * log-softmax pass: frameBad [B, T]); padded frames keep their 0.
 */
function finish(ctx: CtcContext, infeasible: Uint8Array, frameBad: tf.Tensor, ll: tf.Tensor, gradient?: tf.Tensor, hvp?: tf.Tensor): CtcOutputs {
  const { invalid, nanFrames } = invalidSamples(ctx, frameBad);
  const { loss } = lossOutcome(ll, tf.logicalNot(tf.tensor1d(infeasible, 'bool')), ctx.options, invalid);
  const nan = tf.scalar(NaN);
  return {
    loss,
    gradient: gradient && tf.where(nanFrames, nan, gradient),
    hvp: hvp && tf.where(nanFrames, nan, hvp),
  };
}

/** invalid [B]: some valid frame of sample b is flagged; nanFrames [B, T, 1]: the valid frames of those samples. */
function invalidSamples(ctx: CtcContext, frameBad: tf.Tensor): { invalid: tf.Tensor; nanFrames: tf.Tensor } {
  const { B, T } = ctx.dims;
  const valid = tf.less(tf.expandDims(tf.range(0, T, 1, 'int32'), 0), tf.expandDims(tf.tensor1d(ctx.logitLength, 'int32'), 1)); // [B, T]
  const invalid = tf.any(tf.greater(frameBad, 0.5), 1); // [B]; padded frames are never flagged
  return { invalid, nanFrames: tf.expandDims(tf.logicalAnd(valid, tf.reshape(invalid, [B, 1])), 2) };
}

/**
 * Frees the scratch GPU buffers (alpha, beta, ... of the last shape) that the WGSL path keeps on
 * tfjs-webgpu's device for reuse; the next call allocates them again. A no-op on other backends.
 */
export function releaseCtcWebGpuBuffers(): void {
  const backend = activeTfjsWebGpu();
  if (backend) ctcWebGpuIfLoaded()?.SharedDeviceCtc.existing(backend.device)?.releaseBuffers();
}
