// Benchmark of the float64 reference (not a test). Run after the build:
//   node packages/reference-cpu/scripts/bench.mjs [--runs 5]
// Shape of the original Python library's benchmark: B=256, T=255, C=32, label lengths 63-126,
// logit lengths 127-254, normal logits, classic CTC, blank 0. Prints the median of a few runs in ms
// for loss+gradient and for the HVP; when `/usr/bin/python3 -c "import torch"` works, also times
// PyTorch's F.ctc_loss float64 (+ backward) on one thread on the same inputs and prints the ratio
// and the largest deviation between the two.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBatch } from '@seq2seq-losses/spec';
import { referenceHessianVectorProduct, referenceLossAndGradient } from '../dist/index.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const shape = { B: 256, T: 255, C: 32, L: 126 };
const batch = randomBatch({ seed: 2024, ...shape, labelLength: [63, 126], logitLength: [127, 254] });
const direction = Float64Array.from(randomBatch({ seed: 2025, ...shape, L: 0 }).logits);

function medianMs(fn, runs) {
  fn(); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], times };
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`reference-cpu bench: B=${shape.B} T=${shape.T} C=${shape.C}, U 63-126, T_b 127-254, classic, float64`);
console.log(`machine: ${cpus().length}x ${cpus()[0]?.model ?? '?'}, node ${process.version}`);

let result;
const lg = medianMs(() => (result = referenceLossAndGradient(batch)), RUNS);
const infeasible = result.loss.filter((l) => l === Infinity).length;
console.log(`loss+gradient: median ${fmt(lg.median)} over ${RUNS} runs (${infeasible} of ${shape.B} samples infeasible)`);
const hvp = medianMs(() => referenceHessianVectorProduct(batch, direction), Math.max(1, Math.ceil(RUNS / 2)));
console.log(`loss+gradient+HVP: median ${fmt(hvp.median)}`);

const torchCheck = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
if (torchCheck.status !== 0) {
  console.log('PyTorch: not available (/usr/bin/python3 -c "import torch" failed); skipped the comparison');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'ref-bench-'));
  try {
    const input = join(dir, 'batch.bin');
    const output = join(dir, 'out.bin');
    const ints = new Int32Array([...batch.labels, ...batch.labelLength, ...batch.logitLength]);
    writeFileSync(input, Buffer.concat([Buffer.from(Float64Array.from(batch.logits).buffer), Buffer.from(ints.buffer)]));
    const script = join(dirname(fileURLToPath(import.meta.url)), 'torch_ctc_f64.py');
    const { B, T, C, L } = shape;
    const run = spawnSync('/usr/bin/python3', [script, input, B, T, C, L, RUNS, output].map(String), {
      env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`torch run failed: ${run.stderr}`);
    const { torch, runs_ms } = JSON.parse(run.stdout.trim().split('\n').pop());
    const torchMedian = [...runs_ms].sort((a, b) => a - b)[Math.floor(runs_ms.length / 2)];
    const out = new Float64Array(new Uint8Array(readFileSync(output)).buffer);
    let lossDev = 0;
    let gradDev = 0;
    for (let b = 0; b < B; b++) if (Number.isFinite(result.loss[b])) lossDev = Math.max(lossDev, Math.abs(out[b] - result.loss[b]) / result.loss[b]);
    for (let b = 0; b < B; b++) {
      if (!Number.isFinite(result.loss[b])) continue;
      for (let i = b * T * C; i < (b + 1) * T * C; i++) gradDev = Math.max(gradDev, Math.abs(out[B + i] - result.gradient[i]));
    }
    console.log(`PyTorch ${torch} F.ctc_loss float64, 1 thread, loss+backward: median ${fmt(torchMedian)}`);
    console.log(`ratio reference / PyTorch: ${(lg.median / torchMedian).toFixed(2)}x (target <= 2x)`);
    console.log(`agreement on feasible samples: loss rel. ${lossDev.toExponential(1)}, gradient abs. ${gradDev.toExponential(1)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
