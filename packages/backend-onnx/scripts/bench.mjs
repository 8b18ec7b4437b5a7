#!/usr/bin/env node
// Benchmarks of @seq2seq-losses/backend-onnx, with PyTorch's native CPU F.ctc_loss on the same
// inputs in the same run (when `/usr/bin/python3 -c 'import torch'` works).
//   node scripts/bench.mjs [--reps N] [--out bench-results.json]
// Needs the package built (npx tsc -p tsconfig.build.json). Times are medians after a warm-up.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBatch } from '@seq2seq-losses/spec';
import { createBackend } from '../dist/index.js';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '10' }, out: { type: 'string' } } });
const reps = Number(values.reps);

/** The named cases: shapes, label/logit length ranges, and what is timed. */
const benchCases = [
  { name: 'forward B=32 T=150 C=28 L=40', op: 'loss', B: 32, T: 150, C: 28, L: 40, labelLength: [40, 40], logitLength: [150, 150] },
  { name: 'loss+gradient B=256 T=255 C=32 U=63-126', op: 'lossAndGradient', B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126], logitLength: [127, 254] },
];

/** { min, median } ms of n timed calls after two warm-up calls. */
async function timeIt(fn, n) {
  for (let i = 0; i < 2; i++) await fn();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { min: times[0], median: times[Math.floor(n / 2)] };
}
const fmt = (t) => `${t.median.toFixed(2)} (min ${t.min.toFixed(2)})`;

function torchAvailable() {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

function runTorch(batch, mode, n, threads) {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-bench-'));
  try {
    const { B, T, C, L } = batch.dims;
    const bytes = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(join(dir, 'logits.f32'), bytes(batch.logits));
    writeFileSync(join(dir, 'labels.i32'), bytes(batch.labels));
    writeFileSync(join(dir, 'label_length.i32'), bytes(batch.labelLength));
    writeFileSync(join(dir, 'logit_length.i32'), bytes(batch.logitLength));
    const script = new URL('./torch_ctc.py', import.meta.url).pathname;
    const out = execFileSync('/usr/bin/python3', [script, dir, B, T, C, L, n, mode, threads].map(String), { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The backends' default (ORT's choice: one intra-op thread per core) and 1 thread. */
const backendConfigs = [{ dtype: 'float32' }, { dtype: 'float32', intraOpNumThreads: 1 }, { dtype: 'float64' }];
const withTorch = torchAvailable();
const results = [];
for (const bc of benchCases) {
  const batch = randomBatch({ seed: 1, dtype: 'float32', ...bc });
  const n = bc.B * bc.T > 10_000 ? Math.max(3, Math.floor(reps / 3)) : reps;
  const row = { case: bc.name };
  for (const options of backendConfigs) {
    const backend = await createBackend(options);
    const t = await timeIt(() => (bc.op === 'loss' ? backend.loss(batch) : backend.lossAndGradient(batch)), n);
    const threads = options.intraOpNumThreads === 1 ? '1 thr' : `${cpus().length} thr`;
    row[`${backend.name} ms (${threads})`] = fmt(t);
    row.loss ??= Array.from((await backend.loss(batch)).subarray(0, 4));
    await backend.dispose();
  }
  if (withTorch) {
    for (const threads of [0, cpus().length]) {
      const t = runTorch(batch, bc.op === 'loss' ? 'loss' : 'grad', n, threads);
      row[`torch ms (${t.threads} thr)`] = fmt(t);
      row['max |loss - torch loss| (first 4)'] = Math.max(...t.loss.map((v, i) => Math.abs(v - row.loss[i])));
    }
  }
  results.push(row);
  console.log(JSON.stringify(row));
}
const report = {
  date: new Date().toISOString(),
  machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`,
  loadAverage: loadavg().map((v) => Number(v.toFixed(2))),
  node: process.version,
  torch: withTorch,
  results,
};
console.log(`load average ${report.loadAverage.join(' ')} on ${report.machine}`);
if (values.out) writeFileSync(values.out, JSON.stringify(report, null, 2) + '\n');
console.table(results.map(({ loss, ...r }) => r));
