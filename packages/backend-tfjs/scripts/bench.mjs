#!/usr/bin/env node
// Loss + gradient through tf.valueAndGrad on tfjs-cpu and tfjs-wasm, against backend-cpu's
// single-threaded ctcLossAndGradientSync on the same batch (the cpu/wasm kernels run that code).
//   node scripts/bench.mjs [--reps 7] [--warmup 2] [--generic] [--out results.json]
// Each tfjs case alternates with the baseline run by run, so both see the same machine load
// (bench/'s timeAlternately: at least --warmup calls each and 0.3 s of warm-up, then medians).
// --generic adds the generic tfjs-ops path (what webgl/webgpu run) at a smaller shape.
// Needs the workspace built (npm run build). Prints a table; --out saves JSON.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { ctcLossAndGradientSync } from '@seq2seq-losses/backend-cpu';
import { randomBatch } from '@seq2seq-losses/spec';
import { lossStep } from './loss-step.mjs';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { timeAlternately } from '../../../bench/src/time-it.mjs';

const flags = parseBenchFlags({ usage: 'usage: node scripts/bench.mjs [--generic] [flags]', reps: 7, warmup: 2, out: true, options: { generic: { type: 'boolean' } } });
const runs = flags.reps;
setWasmPaths(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/');

/** The original library's benchmark shape, and a small one for the generic path. */
const SHAPES = {
  paper: { B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126] },
  small: { B: 32, T: 100, C: 32, L: 40, labelLength: [20, 40] },
};

/** One valueAndGrad step on the active tfjs backend, read synchronously; and a cleanup. */
function tfjsStep(batch, pathName) {
  const { step, dispose } = lossStep(batch, pathName);
  return {
    step: () => {
      const { value, grad } = step();
      grad.dataSync(); // wait for the result, as a training step would
      tf.dispose([value, grad]);
    },
    dispose,
  };
}

/** Median ms of each function, run alternately (bench/'s timing rule). */
async function alternate(fns, n) {
  return (await timeAlternately(fns, { ...flags.timing, reps: n })).map((t) => t.medianMs);
}

const cases = [
  { shape: 'paper', backend: 'cpu', path: 'kernel', runs },
  { shape: 'paper', backend: 'wasm', path: 'kernel', runs },
  ...(flags.values.generic ? [{ shape: 'small', backend: 'wasm', path: 'generic', runs: 2 }] : []),
];
const results = [];
for (const c of cases) {
  const batch = randomBatch({ seed: 42, ...SHAPES[c.shape], dtype: 'float32' });
  await tf.setBackend(c.backend);
  const { step, dispose } = tfjsStep(batch, c.path);
  const [baseMs, tfjsMs] = await alternate([() => ctcLossAndGradientSync(batch), step], c.runs);
  dispose();
  results.push({ ...c, dims: batch.dims, baselineMs: round(baseMs), tfjsMs: round(tfjsMs), ratio: round(tfjsMs / baseMs, 2) });
}
const machine = `${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, load ${os.loadavg()[0].toFixed(1)}`;
console.log(`tf.valueAndGrad(classicCtcLoss) vs backend-cpu ctcLossAndGradientSync (1 thread), medians; ${machine}`);
for (const r of results) {
  const { B, T, C } = r.dims;
  console.log(`tfjs-${r.backend} ${r.path.padEnd(7)} B=${B} T=${T} C=${C}: ${String(r.tfjsMs).padStart(8)} ms vs ${String(r.baselineMs).padStart(7)} ms = ${r.ratio}x`);
}
if (flags.out) writeFileSync(flags.out, JSON.stringify({ shapes: SHAPES, machine, date: new Date().toISOString(), results }, null, 2) + '\n');

function round(x, digits = 1) {
  return Number(x.toFixed(digits));
}
