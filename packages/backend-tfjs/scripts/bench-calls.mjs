#!/usr/bin/env node
// The four entry points of this package at the original library's shape (B=256, T=255, C=32,
// labels 63-126), on tfjs-cpu and tfjs-wasm, medians of --reps (bench/'s timing rule and flags):
//   adapter.lossAndGradient, adapter.hessianVectorProduct (the CtcBackend),
//   tf.valueAndGrad(classicCtcLoss), and the tfjs HVP tf.grad(x => tf.grad(classicCtcLoss)(x))(x, v).
//   node scripts/bench-calls.mjs [--reps 5] [--warmup 1] [--module @seq2seq-losses/backend-tfjs]
// --module loads another build of this package (e.g. a copy of an older dist), for before/after.
// Needs the workspace built. Prints one JSON line of medians in ms.
import os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { randomBatch } from '@seq2seq-losses/spec';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { timeIt } from '../../../bench/src/time-it.mjs';

const flags = parseBenchFlags({
  usage: 'usage: node scripts/bench-calls.mjs [--module <another build of backend-tfjs>] [flags]',
  reps: 5,
  warmup: 1,
  options: { module: { type: 'string' } },
});
const runs = flags.reps;
const specifier = flags.values.module ?? '@seq2seq-losses/backend-tfjs';
const { createBackend, classicCtcLoss } = await import(specifier);

const shape = { B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126] };
const batch = randomBatch({ seed: 8, ...shape, dtype: 'float32' });
const { B, T, C, L } = batch.dims;
const direction = randomBatch({ seed: 9, ...shape, dtype: 'float32' }).logits; // [B, T, C]

/** Median ms of an async function (bench/'s warm-up rule first). */
async function median(f) {
  return (await timeIt(f, flags.timing)).medianMs;
}

/** The tfjs ops on host tensors, results read back (as a training step would). */
function opSteps() {
  const labels = tf.tensor2d(batch.labels, [B, L], 'int32');
  const labelLength = tf.tensor1d(batch.labelLength, 'int32');
  const logitLength = tf.tensor1d(batch.logitLength, 'int32');
  const x = tf.tensor3d(batch.logits, [B, T, C]);
  const v = tf.tensor3d(direction, [B, T, C]);
  const dy = tf.ones([B]);
  const loss = (y) => classicCtcLoss({ labels, logits: y, labelLength, logitLength });
  const read = async (tensors) => {
    for (const t of tensors) await t.data();
    tf.dispose(tensors);
  };
  return {
    valueAndGrad: () => {
      const { value, grad } = tf.valueAndGrad(loss)(x, dy);
      return read([value, grad]);
    },
    hvp: () => read([tf.grad((y) => tf.grad(loss)(y, dy))(x, v)]),
    dispose: () => tf.dispose([labels, labelLength, logitLength, x, v, dy]),
  };
}

const result = { module: specifier, runs, shape: 'B=256 T=255 C=32 U=63..126', cores: os.cpus().length, load: Number(os.loadavg()[0].toFixed(1)) };
for (const tfjsBackend of ['cpu', 'wasm']) {
  const backend = await createBackend({ tfjsBackend });
  result[`tfjs-${tfjsBackend} adapter.lossAndGradient`] = await median(() => backend.lossAndGradient(batch));
  result[`tfjs-${tfjsBackend} adapter.hessianVectorProduct`] = await median(() => backend.hessianVectorProduct(batch, direction));
  const ops = opSteps();
  result[`tfjs-${tfjsBackend} tf.valueAndGrad(classicCtcLoss)`] = await median(ops.valueAndGrad);
  result[`tfjs-${tfjsBackend} tf.grad(tf.grad(classicCtcLoss))`] = await median(ops.hvp);
  ops.dispose();
  await backend.dispose();
}
for (const [k, v] of Object.entries(result)) if (typeof v === 'number' && k.includes(' ')) result[k] = Math.round(v);
console.log(JSON.stringify(result));
