#!/usr/bin/env node
// Trains a small per-frame MLP with the CTC loss on synthetic sequences, then decodes held-out
// sequences with @seq2seq-losses/decode (greedy and prefix beam search) and reports the character
// error rate (tokens 1-5 are the letters a-e).
//   node train-synthetic.mjs [steps=300] [cpu|wasm]      (npm start runs 300 steps on cpu)
// Each label token k has a random feature prototype; a sequence holds every label token for 1-3
// frames, with blank-prototype frames around them, plus noise. The model sees only frames and
// label sequences (no alignment), so it must learn the alignment through the CTC loss.
import * as tf from '@tensorflow/tfjs';
import { classicCtcLoss, reduceCtcLoss } from '@seq2seq-losses/backend-tfjs';
import { characterErrorRate, ctcBeamSearch, ctcGreedyDecode } from '@seq2seq-losses/decode';
import { normalSampler, randomInt, seededRandom } from '@seq2seq-losses/spec';

const C = 6; // 5 tokens + blank 0
const F = 12; // features per frame
const T = 28; // >= 2 + 5 * (3 + 2) frames: sequences are never truncated
const L = 5;

/** A seeded synthetic task: prototypes [C, F] and a batch sampler. */
export function syntheticTask(seed) {
  const uniform = seededRandom(seed);
  const normal = normalSampler(uniform);
  const prototypes = Array.from({ length: C }, () => Array.from({ length: F }, () => 2 * normal()));
  /** features [B, T, F], labels [B, L], labelLength [B], logitLength [B] as plain arrays */
  const sample = (B) => {
    const features = [];
    const labels = [];
    const labelLength = [];
    const logitLength = [];
    for (let b = 0; b < B; b++) {
      const U = randomInt(uniform, 2, L);
      const label = Array.from({ length: U }, () => randomInt(uniform, 1, C - 1));
      const frames = [];
      const push = (k, n) => {
        for (let i = 0; i < n; i++) frames.push(prototypes[k].map((p) => p + 0.5 * normal()));
      };
      push(0, randomInt(uniform, 0, 2));
      for (const k of label) {
        push(k, randomInt(uniform, 1, 3));
        push(0, randomInt(uniform, 1, 2)); // a blank after every token separates repeats
      }
      const Tb = frames.length;
      while (frames.length < T) frames.push(new Array(F).fill(0));
      features.push(frames);
      labels.push([...label, ...new Array(L - U).fill(0)]);
      labelLength.push(U);
      logitLength.push(Tb);
    }
    return { features, labels, labelLength, logitLength };
  };
  return { sample };
}

/** Tokens 1..C-1 as letters (blank 0 is never emitted): [1, 2, 2] -> 'abb'. */
const toText = (tokens) => Array.from(tokens, (k) => String.fromCharCode(96 + k)).join('');

/**
 * Decodes logits [B, T, C] (a tf.Tensor) on the host: greedy and prefix beam search (width 8), with
 * the character error rate of each against the true labels.
 */
export function evaluate(logits, batch) {
  const [B] = logits.shape;
  const input = { logits: logits.dataSync(), logitLength: Int32Array.from(batch.logitLength), dims: { B, T, C } };
  const references = batch.labels.map((row, b) => toText(row.slice(0, batch.labelLength[b])));
  const greedy = ctcGreedyDecode(input).labels.map(toText);
  const beam = ctcBeamSearch(input, { beamWidth: 8 }).paths.map((paths) => toText(paths[0].labels));
  return {
    greedy: characterErrorRate(greedy, references),
    beam: characterErrorRate(beam, references),
    exact: greedy.filter((text, b) => text === references[b]).length / B,
    example: { reference: references[0], greedy: greedy[0], beam: beam[0] },
  };
}

/**
 * Trains and evaluates; returns the first and last training losses, the greedy exact-match rate and
 * the character error rates of greedy and beam-search decoding on 64 held-out sequences.
 */
export async function trainSynthetic({ steps = 300, batchSize = 32, seed = 2, backend = 'cpu', log = () => {} } = {}) {
  await tf.setBackend(backend);
  const task = syntheticTask(seed);
  const H = 32;
  const init = (shape) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / shape[0]), 'float32', seed));
  const params = { w1: init([F, H]), b1: tf.variable(tf.zeros([H])), w2: init([H, C]), b2: tf.variable(tf.zeros([C])) };
  // logits [B, T, C] = relu(x W1 + b1) W2 + b2, frame by frame
  const model = (x) => tf.tidy(() => {
    const [B] = x.shape;
    const h = tf.relu(tf.add(tf.matMul(tf.reshape(x, [B * T, F]), params.w1), params.b1));
    return tf.reshape(tf.add(tf.matMul(h, params.w2), params.b2), [B, T, C]);
  });
  const optimizer = tf.train.adam(0.01);
  const losses = [];
  for (let step = 0; step < steps; step++) {
    const batch = task.sample(batchSize);
    const x = tf.tensor3d(batch.features);
    const cost = optimizer.minimize(() => {
      const loss = classicCtcLoss({ labels: batch.labels, logits: model(x), labelLength: batch.labelLength, logitLength: batch.logitLength });
      return reduceCtcLoss(loss, { reduction: 'meanOverTargetLengths', labelLength: batch.labelLength });
    }, true);
    losses.push(cost.dataSync()[0]);
    tf.dispose([x, cost]);
    if (step % 50 === 0 || step === steps - 1) log(`step ${step}: loss ${losses[step].toFixed(4)}`);
  }
  const test = task.sample(64);
  const x = tf.tensor3d(test.features);
  const logits = model(x);
  const rates = evaluate(logits, test);
  tf.dispose([x, logits, ...Object.values(params)]);
  optimizer.dispose();
  return { initialLoss: losses[0], finalLoss: losses[losses.length - 1], accuracy: rates.exact, cer: rates.greedy.rate, beamCer: rates.beam.rate, example: rates.example };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const steps = Number(process.argv[2] ?? 300);
  const backend = process.argv[3] ?? 'cpu';
  if (backend === 'wasm') {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    const { createRequire } = await import('node:module');
    const path = await import('node:path');
    setWasmPaths(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/');
  }
  const r = await trainSynthetic({ steps, backend, log: console.log });
  console.log(`loss ${r.initialLoss.toPrecision(3)} -> ${r.finalLoss.toPrecision(2)}`);
  console.log(`64 held-out sequences: character error rate ${(100 * r.cer).toFixed(2)}% greedy, ${(100 * r.beamCer).toFixed(2)}% beam search (width 8); greedy exact on ${(100 * r.accuracy).toFixed(1)}%`);
  console.log(`e.g. reference '${r.example.reference}', greedy '${r.example.greedy}', beam '${r.example.beam}'`);
}
