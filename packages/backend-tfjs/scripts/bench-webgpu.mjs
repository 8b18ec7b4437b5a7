#!/usr/bin/env node
// Loss + gradient through tf.valueAndGrad on tfjs-backend-webgpu in Node (Dawn): the 'kernel' path
// (backend-webgpu's WGSL passes on tfjs's device) against the generic tfjs-ops path, alternating
// run by run. Without a GPU it selects the software Vulkan driver (lavapipe / SwiftShader), whose
// times are a regression baseline only.
//   node scripts/bench-webgpu.mjs [--reps 7] [--warmup 2] [--cases warpctc-c28,small] [--out results.json]
// (bench/'s timeAlternately: at least --warmup calls each and 0.3 s of warm-up, then medians)
// (cases: original, warpctc-c28, small; backend-webgpu's scripts/gpu-bench.sh runs it on a real GPU)
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { findVulkanDriver } from '../../backend-webgpu/scripts/vulkan-env.mjs';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { timeAlternately } from '../../../bench/src/time-it.mjs';

// LD_LIBRARY_PATH only takes effect at process start: re-run with the driver's variables.
const found = findVulkanDriver();
if (found && Object.keys(found.env).length > 0 && !process.env.CTC_BENCH_CHILD) {
  const r = spawnSync(process.execPath, process.argv.slice(1), { env: { ...process.env, ...found.env, CTC_BENCH_CHILD: found.driver }, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const flags = parseBenchFlags({
  usage: 'usage: node scripts/bench-webgpu.mjs [--cases warpctc-c28,small] [flags]',
  reps: 7,
  warmup: 2,
  out: true,
  options: { cases: { type: 'string', default: 'warpctc-c28,small' } },
});
const runs = flags.reps;

const dawn = await import('webgpu');
Object.assign(globalThis, dawn.globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.create([]) }, configurable: true });
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-webgpu');
await import('@seq2seq-losses/backend-tfjs/webgpu'); // hands backend-webgpu's WGSL passes to the losses
const { lossStep } = await import('./loss-step.mjs');
const { randomBatch } = await import('@seq2seq-losses/spec');
if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs-webgpu did not start (no WebGPU adapter)');

const SHAPES = {
  original: { B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126], logitLength: [127, 254] },
  'warpctc-c28': { B: 32, T: 150, C: 28, L: 40, labelLength: [40, 40], logitLength: [150, 150] },
  small: { B: 8, T: 50, C: 16, L: 12, labelLength: [6, 12] },
};

/** One valueAndGrad step on `path`, awaited to the gradient's values (as a training step's read). */
function stepOf(batch, path) {
  const { step } = lossStep(batch, path); // the batch's tensors live until the process ends
  return async () => {
    const { value, grad } = step();
    await grad.data();
    tf.dispose([value, grad]);
  };
}

const cases = flags.values.cases.split(',');
for (const name of cases) if (!SHAPES[name]) throw new Error(`unknown case ${name}; known: ${Object.keys(SHAPES).join(', ')}`);
const rows = [];
for (const name of cases) {
  const shape = SHAPES[name];
  const batch = randomBatch({ ...shape, seed: 3, dtype: 'float32' });
  const [kernel, generic] = await timeAlternately([stepOf(batch, 'kernel'), stepOf(batch, 'generic')], flags.timing);
  const row = { case: name, ...shape, kernelMs: +kernel.medianMs.toFixed(2), genericMs: +generic.medianMs.toFixed(2) };
  row.speedup = +(row.genericMs / row.kernelMs).toFixed(1);
  rows.push(row);
  console.log(JSON.stringify(row));
}
const report = { adapter: tf.backend().adapterInfo ?? null, driver: process.env.CTC_BENCH_CHILD ?? found?.driver ?? 'system', cpu: `${os.cpus().length}x ${os.cpus()[0]?.model}`, node: process.version, date: new Date().toISOString(), runs, rows };
if (flags.out) writeFileSync(flags.out, JSON.stringify(report, null, 2) + '\n');
