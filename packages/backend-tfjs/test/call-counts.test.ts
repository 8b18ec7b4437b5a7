import * as tf from '@tensorflow/tfjs-core';
import * as backendCpu from '@seq2seq-losses/backend-cpu';
import * as accepted from '@seq2seq-losses/backend-cpu/internal';
import * as spec from '@seq2seq-losses/spec';
import { CtcInputError, exampleBatch } from '@seq2seq-losses/spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classicCtcLoss, createBackend } from '../src/index.js';
import { tensorsOf, useBackend } from './helpers/tfjs.js';

// Every validating or computing entry point this package reaches, wrapped in counting spies:
// spec's validateCtcCall (what the ops run), backend-cpu's public sync functions (each validates)
// and its accepted-call entry points (the computation itself). The adapter's one validation is
// defineCtcBackend's (inside spec); everything after it must take the accepted call as it is.
vi.mock('@seq2seq-losses/spec', async (importOriginal) => {
  const original = await importOriginal<typeof import('@seq2seq-losses/spec')>();
  return { ...original, validateCtcCall: vi.fn(original.validateCtcCall) };
});
vi.mock('@seq2seq-losses/backend-cpu', async (importOriginal) => {
  const original = await importOriginal<typeof import('@seq2seq-losses/backend-cpu')>();
  return {
    ...original,
    ctcLossSync: vi.fn(original.ctcLossSync),
    ctcLossAndGradientSync: vi.fn(original.ctcLossAndGradientSync),
    ctcHessianVectorProductSync: vi.fn(original.ctcHessianVectorProductSync),
    ctcHessianSync: vi.fn(original.ctcHessianSync),
  };
});
vi.mock('@seq2seq-losses/backend-cpu/internal', async (importOriginal) => {
  const original = await importOriginal<typeof import('@seq2seq-losses/backend-cpu/internal')>();
  return {
    lossAccepted: vi.fn(original.lossAccepted),
    lossAndGradientAccepted: vi.fn(original.lossAndGradientAccepted),
    hessianVectorProductAccepted: vi.fn(original.hessianVectorProductAccepted),
    hessianAccepted: vi.fn(original.hessianAccepted),
  };
});

const validations = () => vi.mocked(spec.validateCtcCall).mock.calls.length;
const publicSyncCalls = () =>
  [backendCpu.ctcLossSync, backendCpu.ctcLossAndGradientSync, backendCpu.ctcHessianVectorProductSync, backendCpu.ctcHessianSync]
    .map((f) => vi.mocked(f).mock.calls.length)
    .reduce((a, b) => a + b, 0);
const acceptedCalls = () => ({
  loss: vi.mocked(accepted.lossAccepted).mock.calls.length,
  lossAndGradient: vi.mocked(accepted.lossAndGradientAccepted).mock.calls.length,
  hessianVectorProduct: vi.mocked(accepted.hessianVectorProductAccepted).mock.calls.length,
  hessian: vi.mocked(accepted.hessianAccepted).mock.calls.length,
});
const none = { loss: 0, lossAndGradient: 0, hessianVectorProduct: 0, hessian: 0 };

let dataSync: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.clearAllMocks();
  dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
});
afterEach(() => dataSync.mockRestore());

describe.each(['cpu', 'wasm'] as const)('the adapter on tfjs-%s', (tfjsBackend) => {
  it('validates once (in defineCtcBackend) and hands the accepted call to backend-cpu: one computation per method', async () => {
    const backend = await createBackend({ tfjsBackend });
    const batch = exampleBatch(); // B = 2, T = 5, C = 3
    vi.clearAllMocks();
    await backend.lossAndGradient(batch);
    expect(acceptedCalls()).toEqual({ ...none, lossAndGradient: 1 });
    vi.clearAllMocks();
    const hvp = await backend.hessianVectorProduct(batch, new Float64Array(30).fill(0.5));
    // one kernel call: loss, gradient and H v from one forward-backward and one tangent pass
    expect(acceptedCalls()).toEqual({ ...none, hessianVectorProduct: 1 });
    const call = vi.mocked(accepted.hessianVectorProductAccepted).mock.calls[0]![0];
    expect(call.batch.labels).toBe(batch.labels); // the caller's host array itself: nothing was read back
    expect(call.direction).toBeInstanceOf(Float32Array); // the float32 input policy
    expect(hvp.hvp).toHaveLength(30);
    vi.clearAllMocks();
    await backend.loss(batch);
    await backend.hessian(batch);
    expect(acceptedCalls()).toEqual({ ...none, loss: 1, hessian: 1 });
    // no second validation anywhere after defineCtcBackend's, no read-back of host inputs
    expect(validations()).toBe(0);
    expect(publicSyncCalls()).toBe(0);
    expect(dataSync).not.toHaveBeenCalled();
    // the one validation still rejects bad input before any computation
    vi.clearAllMocks();
    await expect(backend.lossAndGradient({ ...batch, labelLength: new Int32Array([9, 1]) })).rejects.toBeInstanceOf(CtcInputError);
    expect(acceptedCalls()).toEqual(none);
    await backend.dispose();
  });
});

it('the adapter on the generic path (the tf.grad route) neither re-validates nor reads its host inputs back', async () => {
  const backend = await createBackend({ tfjsBackend: 'cpu', path: 'generic' });
  const batch = exampleBatch();
  vi.clearAllMocks();
  const r = await backend.hessianVectorProduct(batch, new Float64Array(30).fill(0.5));
  expect(r.hvp).toHaveLength(30);
  await backend.lossAndGradient(batch);
  expect(validations()).toBe(0);
  expect(dataSync).not.toHaveBeenCalled();
  expect(acceptedCalls()).toEqual(none); // the generic path computes with tfjs ops
  await backend.dispose();
});

describe.each(['cpu', 'wasm'] as const)('the ops on tfjs-%s', (tfjsBackend) => {
  it('validate once per op call; the kernels take the prepared call without validating again', async () => {
    await useBackend(tfjsBackend);
    const args = tensorsOf(exampleBatch());
    const dy = tf.ones([2]);
    const v = tf.fill([2, 5, 3], 0.5);
    const loss = (x: tf.Tensor) => classicCtcLoss({ ...args, logits: x });
    vi.clearAllMocks();
    tf.dispose(tf.valueAndGrad(loss)(args.logits, dy) as unknown as tf.TensorContainer);
    expect(validations()).toBe(1);
    expect(acceptedCalls()).toEqual({ ...none, lossAndGradient: 1 });
    vi.clearAllMocks();
    tf.dispose(tf.grad((x: tf.Tensor) => tf.grad(loss)(x, dy))(args.logits, v));
    expect(validations()).toBe(1);
    expect(acceptedCalls()).toEqual({ ...none, lossAndGradient: 1, hessianVectorProduct: 1 });
    expect(publicSyncCalls()).toBe(0);
    tf.dispose([dy, v]);
    args.dispose();
  });
});
