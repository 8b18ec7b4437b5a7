// Benchmark of the float64 reference (not a test). Run after the build:
//   node packages/reference-cpu/scripts/bench.mjs [--reps 5] [--warmup 1] [--no-torch]
// Shape of the original Python library's benchmark: B=256, T=255, C=32, label lengths 63-126,
// logit lengths 127-254, normal logits, classic CTC, blank 0. Prints the median of a few runs in ms
// for loss+gradient and for the HVP; when `/usr/bin/python3 -c "import torch"` works, also times
// PyTorch's F.ctc_loss float64 (+ backward) on one thread on the same inputs and prints the ratio
// and the largest deviation between the two.
import { cpus } from 'node:os';
import { randomBatch } from '@seq2seq-losses/spec';
// The repository's one PyTorch runner (bench/python/torch_ctc.py behind it).
import { torchOnce, torchUnavailableReason } from '../../../bench/src/torch.mjs';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { summarize } from '../../../bench/src/stats.mjs';
import { timeIt } from '../../../bench/src/time-it.mjs';
import { referenceHessianVectorProduct, referenceLossAndGradient } from '../dist/index.js';

const flags = parseBenchFlags({ usage: 'usage: node packages/reference-cpu/scripts/bench.mjs [flags]', reps: 5, warmup: 1, torch: true });
const RUNS = flags.reps;
const shape = { B: 256, T: 255, C: 32, L: 126 };
const batch = randomBatch({ seed: 2024, ...shape, labelLength: [63, 126], logitLength: [127, 254] });
const direction = Float64Array.from(randomBatch({ seed: 2025, ...shape, L: 0 }).logits);

const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`reference-cpu bench: B=${shape.B} T=${shape.T} C=${shape.C}, U 63-126, T_b 127-254, classic, float64`);
console.log(`machine: ${cpus().length}x ${cpus()[0]?.model ?? '?'}, node ${process.version}`);

let result;
const lg = await timeIt(() => (result = referenceLossAndGradient(batch)), flags.timing);
const infeasible = result.loss.filter((l) => l === Infinity).length;
console.log(`loss+gradient: median ${fmt(lg.medianMs)} over ${lg.reps} runs (${infeasible} of ${shape.B} samples infeasible)`);
const hvp = await timeIt(() => referenceHessianVectorProduct(batch, direction), { ...flags.timing, reps: Math.max(1, Math.ceil(RUNS / 2)) });
console.log(`loss+gradient+HVP: median ${fmt(hvp.medianMs)}`);

const torchMissing = flags.torch ? torchUnavailableReason() : '--no-torch';
if (torchMissing) {
  console.log(`PyTorch: not available (${torchMissing}); skipped the comparison`);
} else {
  const { B, T, C } = shape;
  const out = torchOnce(batch, { op: 'lossAndGradient', dtype: 'float64', threads: 1, warmup: flags.warmup, reps: RUNS });
  const torchMedian = summarize(out.times).medianMs;
  let lossDev = 0;
  let gradDev = 0;
  for (let b = 0; b < B; b++) {
    if (!Number.isFinite(result.loss[b])) continue;
    lossDev = Math.max(lossDev, Math.abs(out.loss[b] - result.loss[b]) / result.loss[b]);
    for (let i = b * T * C; i < (b + 1) * T * C; i++) gradDev = Math.max(gradDev, Math.abs(out.gradient[i] - result.gradient[i]));
  }
  console.log(`PyTorch ${out.torch} F.ctc_loss float64, 1 thread, loss+backward: median ${fmt(torchMedian)}`);
  console.log(`ratio reference / PyTorch: ${(lg.medianMs / torchMedian).toFixed(2)}x (target <= 2x)`);
  console.log(`agreement on feasible samples: loss rel. ${lossDev.toExponential(1)}, gradient abs. ${gradDev.toExponential(1)}`);
}
