import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createBackend } from '@seq2seq-losses/backend-cpu';
import { classicCtcLoss } from '@seq2seq-losses/backend-tfjs';

const out = document.querySelector('#out');
const dims = { B: 2, T: 5, C: 3, L: 4 };
const labels = [1, 2, 2, 1, 1, 2, 1, 0]; // [B, L], right-padded
const labelLength = [4, 3]; // [B]
const logitLength = [5, 4]; // [B]

async function run() {
  // 1. backend-cpu: loss and gradient of uniform logits; expected [5 ln 3, 4 ln 3 - ln 7]
  const cpu = await createBackend({ threads: 2, inlineBelow: 0 }); // inlineBelow 0: use the workers even for this small batch
  const batch = { logits: new Float32Array(2 * 5 * 3), labels: Int32Array.from(labels), labelLength: Int32Array.from(labelLength), logitLength: Int32Array.from(logitLength), dims };
  const { loss } = await cpu.lossAndGradient(batch, { variant: 'classic', blankIndex: 0 });
  const info = cpu.info;
  await cpu.dispose();

  // 2. backend-tfjs: gradient descent on the logits themselves, d(sum of losses)/d(logits) by tf.grad
  await tf.setBackend('cpu');
  const args = (logits) => ({
    labels: tf.tensor2d(labels, [dims.B, dims.L], 'int32'),
    logits,
    labelLength: tf.tensor1d(labelLength, 'int32'),
    logitLength: tf.tensor1d(logitLength, 'int32'),
  });
  const lossOf = (logits) => classicCtcLoss(args(logits)); // [B]
  const gradient = tf.grad(lossOf);
  let logits = tf.zeros([dims.B, dims.T, dims.C]);
  const trace = [];
  for (let step = 0; step <= 20; step++) {
    trace.push(Array.from(await lossOf(logits).data()));
    if (step < 20) logits = tf.tidy(() => tf.sub(logits, tf.mul(gradient(logits), 0.5)));
  }
  return { isolated: self.crossOriginIsolated, parallelism: info.parallelism, loss: Array.from(loss), trace };
}

run().then(
  (r) => {
    window.exampleResult = r;
    const fmt = (xs) => xs.map((x) => x.toFixed(5)).join(', ');
    out.textContent =
      `backend-cpu (${r.parallelism}; page ${r.isolated ? 'is' : 'is not'} cross-origin isolated)\n` +
      `  loss = [${fmt(r.loss)}]   expected [5 ln 3, 4 ln 3 - ln 7] = [5.49306, 2.44854]\n\n` +
      `backend-tfjs, gradient descent on the logits (step size 0.5):\n` +
      r.trace.map((l, step) => `  step ${String(step).padStart(2)}: loss = [${fmt(l)}]`).filter((_, i) => i % 5 === 0).join('\n');
  },
  (error) => {
    window.exampleResult = { error: String(error) };
    out.textContent = `failed: ${error}`;
  },
);
