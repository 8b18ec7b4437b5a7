#!/usr/bin/env node
// Times backend-webgpu on the bench shapes (the same seeds and shapes as bench/src/cases.mjs) and
// checks each result against the float64 reference. Needs the built packages (dist/).
//
//   node scripts/bench.mjs [--reps 5] [--warmup 1] [--out results.json] [--no-check] [--inputs DIR]
//
// Each row: one call whose result is checked, then bench/'s timeIt (at least --warmup calls and
// 0.3 s of warm-up, then the median of --reps timed calls).
//
// --inputs DIR also writes each case's batch for scripts/gpu-bench-torch.py: DIR/<case>.bin =
// logits f32 [B,T,C] | labels i32 [B,L] | labelLength i32 [B] | logitLength i32 [B], and
// DIR/<case>.loss.bin = this backend's loss f32 [B].
//
// On a machine without a GPU it selects the software Vulkan driver (scripts/vulkan-env.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { findVulkanDriver } from './vulkan-env.mjs';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { timeIt } from '../../../bench/src/time-it.mjs';

const flags = parseBenchFlags({
  usage: 'usage: node scripts/bench.mjs [--no-check] [--inputs DIR] [flags]',
  reps: 5,
  warmup: 1,
  out: true,
  options: { 'no-check': { type: 'boolean' }, inputs: { type: 'string' } },
});

// LD_LIBRARY_PATH only takes effect at process start: re-run with the driver's variables.
const found = findVulkanDriver();
if (found && Object.keys(found.env).length > 0 && !process.env.CTC_BENCH_CHILD) {
  const env = { ...process.env, ...found.env, CTC_BENCH_CHILD: found.driver };
  const r = spawnSync(process.execPath, process.argv.slice(1), { env, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { randomBatch, compareArrays, maxAbsDeviation } = await import('@seq2seq-losses/spec');
const { createBackend } = await import('@seq2seq-losses/backend-webgpu');
const check = !flags.values['no-check'];
const inputsDir = flags.values.inputs;

function writeInputs(name, batch, loss) {
  mkdirSync(inputsDir, { recursive: true });
  const parts = [batch.logits, batch.labels, batch.labelLength, batch.logitLength].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  writeFileSync(join(inputsDir, `${name}.bin`), Buffer.concat(parts));
  writeFileSync(join(inputsDir, `${name}.loss.bin`), Buffer.from(loss.buffer, loss.byteOffset, loss.byteLength));
}

/** name, shape, op: the rows of the table. */
const CASES = [
  { name: 'original', B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126], logitLength: [127, 254], seed: 2, ops: ['loss', 'lossAndGradient'] },
  { name: 'warpctc-c28', B: 32, T: 150, C: 28, L: 40, labelLength: [40, 40], logitLength: [150, 150], seed: 3, ops: ['loss', 'lossAndGradient', 'hvp'] },
];

const backend = await createBackend();
const rows = [];
for (const c of CASES) {
  const batch = randomBatch({ ...c, dtype: 'float32' });
  const direction = randomBatch({ ...c, seed: c.seed + 100, dtype: 'float32' }).logits;
  for (const op of c.ops) {
    const run = () =>
      op === 'loss' ? backend.loss(batch) : op === 'lossAndGradient' ? backend.lossAndGradient(batch) : backend.hessianVectorProduct(batch, direction);
    const result = await run(); // the checked result; also the first warm-up (pipelines, buffers)
    const t = await timeIt(run, flags.timing);
    const row = { case: c.name, op, B: c.B, T: c.T, C: c.C, L: c.L, medianMs: +t.medianMs.toFixed(2), minMs: +t.minMs.toFixed(2), reps: t.reps };
    if (check && op !== 'loss') {
      const ref = await import('@seq2seq-losses/reference-cpu');
      const want = op === 'hvp' ? ref.referenceHessianVectorProduct(batch, direction) : ref.referenceLossAndGradient(batch);
      row.lossMaxRelErr = Math.max(...Array.from(want.loss, (v, i) => Math.abs(result.loss[i] - v) / Math.max(1, Math.abs(v))));
      row.gradientMaxAbsErr = maxAbsDeviation(result.gradient, want.gradient);
      if (op === 'hvp') row.hvpMaxAbsErr = maxAbsDeviation(result.hvp, want.hvp);
      row.within1e4 = compareArrays(result.gradient, want.gradient, { rtol: 1e-4, atol: 1e-4 }).failures === 0;
    }
    if (inputsDir && op === 'lossAndGradient') writeInputs(c.name, batch, result.loss);
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
const report = {
  backend: 'webgpu',
  adapter: backend.info.adapter,
  driver: process.env.CTC_BENCH_CHILD ?? found?.driver ?? 'system',
  cpu: `${cpus().length}x ${cpus()[0]?.model ?? 'unknown'}`,
  node: process.version,
  date: new Date().toISOString(),
  rows,
};
await backend.dispose();
if (flags.out) writeFileSync(flags.out, JSON.stringify(report, null, 2) + '\n');
else console.log(JSON.stringify({ ...report, rows: undefined }));
