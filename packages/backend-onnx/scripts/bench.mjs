#!/usr/bin/env node
// Benchmarks of @seq2seq-losses/backend-onnx, with PyTorch's native CPU F.ctc_loss on the same
// inputs in the same run (when `/usr/bin/python3 -c 'import torch'` works).
//   node scripts/bench.mjs [--reps N] [--warmup N] [--no-torch] [--out bench-results.json]
// Needs the package built (npx tsc -p tsconfig.build.json). Times are medians after a warm-up
// (bench/'s timeIt: at least --warmup calls and 0.3 s).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { randomBatch } from '@seq2seq-losses/spec';
import { createBackend } from '../dist/index.js';
// The repository's one PyTorch runner (bench/python/torch_ctc.py behind it).
import { torchOnce, torchUnavailableReason } from '../../../bench/src/torch.mjs';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { summarize } from '../../../bench/src/stats.mjs';
import { timeIt } from '../../../bench/src/time-it.mjs';

const flags = parseBenchFlags({ usage: 'usage: node scripts/bench.mjs [flags]', reps: 10, warmup: 2, torch: true, out: true });
const reps = flags.reps;

/** The named cases: shapes, label/logit length ranges, and what is timed. */
const benchCases = [
  { name: 'forward B=32 T=150 C=28 L=40', op: 'loss', B: 32, T: 150, C: 28, L: 40, labelLength: [40, 40], logitLength: [150, 150] },
  { name: 'loss+gradient B=256 T=255 C=32 U=63-126', op: 'lossAndGradient', B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126], logitLength: [127, 254] },
];

const fmt = (t) => `${t.medianMs.toFixed(2)} (min ${t.minMs.toFixed(2)})`;

/** PyTorch float32 with `threads` threads (0: torch's default): { medianMs, minMs, threads, loss (first 4) }. */
function runTorch(batch, op, n, threads) {
  const r = torchOnce(batch, { op, threads, warmup: flags.warmup, reps: n });
  return { ...summarize(r.times), threads: r.threads, loss: Array.from(r.loss.subarray(0, 4)) };
}

/** The backends' default (see OnnxBackendOptions.intraOpNumThreads) and 1 thread, and float64. */
const backendConfigs = [{ dtype: 'float32' }, { dtype: 'float32', intraOpNumThreads: 1 }, { dtype: 'float64' }];
const withTorch = flags.torch && torchUnavailableReason() === undefined;
const results = [];
for (const bc of benchCases) {
  const batch = randomBatch({ seed: 1, dtype: 'float32', ...bc });
  const n = bc.B * bc.T > 10_000 ? Math.max(3, Math.floor(reps / 3)) : reps;
  const row = { case: bc.name };
  for (const options of backendConfigs) {
    const backend = await createBackend(options);
    const t = await timeIt(() => (bc.op === 'loss' ? backend.loss(batch) : backend.lossAndGradient(batch)), { ...flags.timing, reps: n });
    // The default: ORT's choice (one thread per core) for derivative models, 1 thread for loss models.
    const threads = options.intraOpNumThreads === 1 ? '1 thr' : 'default threads';
    row[`${backend.name} ms (${threads})`] = fmt(t);
    row.loss ??= Array.from((await backend.loss(batch)).subarray(0, 4));
    await backend.dispose();
  }
  if (withTorch) {
    for (const threads of [0, cpus().length]) {
      const t = runTorch(batch, bc.op === 'loss' ? 'forward' : 'lossAndGradient', n, threads);
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
if (flags.out) writeFileSync(flags.out, JSON.stringify(report, null, 2) + '\n');
console.table(results.map(({ loss, ...r }) => r));
