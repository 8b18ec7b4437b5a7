#!/usr/bin/env node
// Benchmark of backend-cpu against the targets (not a test). Run after building:
//   node scripts/bench.mjs [--threads 2] [--reps 9] [--warmup 2] [--out results.json] [--no-torch]
//                          [--only original,warp,linearity,vocab] [--kernels wasm-simd|js]   (run on its own, `vocab` gives a clean peak RSS)
// Each case: bench/'s timeIt: warm-up (>= --warmup calls and >= 0.3 s), then the median of `reps` timed calls (wall time,
// and process CPU time over all threads, which a busy shared machine distorts less); shapes printed. When
// `/usr/bin/python3 -c 'import torch'` works, PyTorch's native CPU ctc_loss runs on the same
// inputs in the same run (OMP_NUM_THREADS = threads) and the ratios are printed.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { randomBatch } from '@seq2seq-losses/spec';
// The repository's one PyTorch runner (bench/python/torch_ctc.py behind it).
import { torchOnce, torchUnavailableReason } from '../../../bench/src/torch.mjs';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { summarize } from '../../../bench/src/stats.mjs';
import { timeAlternately, timeIt } from '../../../bench/src/time-it.mjs';
import { createBackend } from '../dist/index.js';
import { buildLattice } from '../dist/lattice.js';
import { Workspace } from '../dist/workspace.js';

const flags = parseBenchFlags({
  usage: 'usage: node scripts/bench.mjs [--threads 2] [--only original,warp,linearity,vocab] [--kernels wasm-simd|js] [flags]',
  reps: 9,
  warmup: 2,
  torch: true,
  out: true,
  options: { threads: { type: 'string', default: '2' }, only: { type: 'string', default: 'original,warp,linearity,vocab' }, kernels: { type: 'string', default: 'wasm-simd' } },
});
const threads = Number(flags.values.threads);
const reps = flags.reps;
const outFile = flags.out;
const kernels = flags.values.kernels; // 'js': the JavaScript loops (the fallback), for before/after
const only = flags.values.only.split(',');
const want = (name) => only.includes(name);
const useTorch = flags.torch && torchUnavailableReason() === undefined;

// The warm-up also warms the calling thread's JIT (it computes a share of each call).
const timing = (warmup) => ({ ...flags.timing, warmup: Math.max(warmup, flags.warmup), cpu: true });

/** Median wall time and process CPU time (all threads) in ms: { medianMs, cpuMedianMs }. */
const time = (fn, warmup = 2) => timeIt(fn, timing(warmup));

/**
 * Loss+gradient and HVP timed alternately (A, B, A, B, ...), so that both see the same load on a
 * shared machine: medians of wall and CPU time for each, as { grad, hvp, gradCpu, hvpCpu }.
 */
async function timeGradAndHvp(grad, hvp, warmup = 2) {
  const [g, h] = await timeAlternately([grad, hvp], timing(warmup));
  return { grad: g.medianMs, hvp: h.medianMs, gradCpu: g.cpuMedianMs, hvpCpu: h.cpuMedianMs };
}

/**
 * PyTorch's loss+grad and loss medians on the same batch with `threads` threads, or null; plus the
 * loss+grad median with 1 thread (`lossGrad1`): on a busy 2-core machine OpenMP's second thread can
 * make PyTorch slower, and the comparison should not profit from that.
 */
function torchTimes(batch) {
  if (!useTorch) return null;
  const main = torchRun(batch, threads);
  const one = threads === 1 ? main : torchRun(batch, 1);
  return { ...main, lossGrad1: one.lossGrad };
}

/** PyTorch (float32, log_softmax + F.ctc_loss [+ backward]) with `threads` threads: medians in ms. */
function torchRun(batch, threads) {
  const lossGrad = torchOnce(batch, { op: 'lossAndGradient', threads, warmup: flags.warmup, reps });
  const loss = torchOnce(batch, { op: 'forward', threads, warmup: flags.warmup, reps });
  const median = (times) => summarize(times).medianMs;
  return { version: lossGrad.torch, lossGrad: median(lossGrad.times), loss: median(loss.times), lossGradCpu: median(lossGrad.cpuTimes) };
}

/** Live lattice cells sum_b sum_t (hi_t - lo_t + 1): the work the recursions really do. */
function liveCells(batch) {
  const ws = new Workspace();
  const { C, L } = batch.dims;
  let cells = 0;
  for (let b = 0; b < batch.dims.B; b++) {
    const Tb = batch.logitLength[b];
    const U = batch.labelLength[b];
    if (Tb === 0) continue;
    ws.ensure(Tb, 2 * U + 1, C);
    buildLattice(ws, 'classic', batch.labels, b * L, U, 0, Tb);
    for (let t = 0; t < Tb; t++) cells += Math.max(0, ws.hi[t] - ws.lo[t] + 1);
  }
  return cells;
}

/** Loss+gradient fields shared by the cases compared with PyTorch (none without PyTorch). */
const torchFields = (t, lossGrad, lossGradCpu) =>
  t && {
    torchLossGradMs: t.lossGrad,
    vsTorchLossGrad: lossGrad / t.lossGrad,
    torchLossGradCpuMs: t.lossGradCpu,
    vsTorchLossGradCpu: lossGradCpu / t.lossGradCpu,
    torch1LossGradMs: t.lossGrad1,
    vsTorch1LossGrad: lossGrad / t.lossGrad1,
  };

const shape = (b) => {
  const { B, T, C } = b.dims;
  const U = [...b.labelLength];
  const Tb = [...b.logitLength];
  return `B=${B} T=${T} C=${C} U=${Math.min(...U)}-${Math.max(...U)} T_b=${Math.min(...Tb)}-${Math.max(...Tb)}`;
};

const backend = await createBackend({ precision: 'float32', threads, kernels });
const results = { machine: `${cpus().length}-core ${process.arch} ${process.platform}, ${cpus()[0]?.model ?? '?'}`, node: process.version, threads, kernels: backend.info.kernels, reps, cases: [] };
const record = (r) => {
  results.cases.push(r);
  const parts = Object.entries(r)
    .filter(([k]) => k !== 'name' && k !== 'shape')
    .map(([k, v]) => `${k}=${typeof v === 'number' ? +v.toFixed(v < 10 ? 3 : 1) : v}`);
  console.log(`${r.name.padEnd(28)} ${r.shape}\n${''.padEnd(28)} ${parts.join('  ')}`);
};

console.log(`backend-cpu bench: ${results.machine}, node ${process.version}, threads ${threads}, kernels ${backend.info.kernels}, median of ${reps}${useTorch ? ', with PyTorch' : ''}`);

// 1. The original library's benchmark shape.
if (want('original')) {
  const b = randomBatch({ seed: 1, B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126], logitLength: [127, 254], dtype: 'float32' });
  const v = randomBatch({ seed: 2, B: 256, T: 255, C: 32, L: 0, dtype: 'float32' }).logits;
  const { grad: lossGrad, hvp, gradCpu: lossGradCpu, hvpCpu } = await timeGradAndHvp(
    () => backend.lossAndGradient(b),
    () => backend.hessianVectorProduct(b, v),
  );
  const { medianMs: loss } = await time(() => backend.loss(b));
  const t = torchTimes(b);
  record({
    name: 'original (B=256)',
    shape: shape(b),
    lossGradMs: lossGrad,
    lossMs: loss,
    hvpMs: hvp,
    hvpOverGrad: hvp / lossGrad,
    lossGradCpuMs: lossGradCpu,
    hvpOverGradCpu: hvpCpu / lossGradCpu,
    ...torchFields(t, lossGrad, lossGradCpu),
    ...(t && { torchLossMs: t.loss, vsTorchLoss: loss / t.loss }),
  });
}

// 2. warp-ctc's published case.
if (want('warp')) {
  const b = randomBatch({ seed: 3, B: 32, T: 150, C: 28, L: 40, labelLength: [40, 40], dtype: 'float32' });
  const v = randomBatch({ seed: 4, B: 32, T: 150, C: 28, L: 0, dtype: 'float32' }).logits;
  const { grad: lossGrad, hvp, gradCpu: lossGradCpu, hvpCpu } = await timeGradAndHvp(
    () => backend.lossAndGradient(b),
    () => backend.hessianVectorProduct(b, v),
    5,
  );
  const t = torchTimes(b);
  record({
    name: 'warp-ctc (B=32, L=40)',
    shape: shape(b),
    lossGradMs: lossGrad,
    hvpMs: hvp,
    hvpOverGrad: hvp / lossGrad,
    lossGradCpuMs: lossGradCpu,
    hvpOverGradCpu: hvpCpu / lossGradCpu,
    ...torchFields(t, lossGrad, lossGradCpu),
  });
}

// 3. Linearity in T: T = 255 vs T = 1000 at the same B, C, label lengths. The windows prune more
// of the lattice at T = 255 (labels fill more of the frames), so the cost per live cell is the fair
// measure; the raw ratio is printed too.
if (want('linearity')) {
  const make = (T) => randomBatch({ seed: 5, B: 32, T, C: 32, L: 60, labelLength: [30, 60], dtype: 'float32' });
  const b255 = make(255);
  const b1000 = make(1000);
  const { medianMs: t255, cpuMedianMs: cpu255 } = await time(() => backend.lossAndGradient(b255));
  const { medianMs: t1000, cpuMedianMs: cpu1000 } = await time(() => backend.lossAndGradient(b1000));
  const c255 = liveCells(b255);
  const c1000 = liveCells(b1000);
  record({
    name: 'linearity in T',
    shape: `${shape(b255)} vs T=1000`,
    ms255: t255,
    ms1000: t1000,
    ratio: t1000 / t255,
    frameRatio: 1000 / 255,
    cpuRatio: cpu1000 / cpu255,
    cellRatio: c1000 / c255,
    cpuNsPerCell255: (cpu255 * 1e6) / c255,
    cpuNsPerCell1000: (cpu1000 * 1e6) / c1000,
  });
}

// 4. Large vocabulary: time and peak memory.
if (want('vocab')) {
  const b = randomBatch({ seed: 6, B: 32, T: 150, C: 5000, L: 20, labelLength: [20, 20], dtype: 'float32' });
  const rssBefore = process.memoryUsage().rss;
  // fresh results, and options.out arrays reused across calls: plain, and on a SharedArrayBuffer
  // (which the workers write directly); timed alternately, so that all three see the same load
  const n = b.logits.length;
  const plainOut = { loss: new Float32Array(b.dims.B), gradient: new Float32Array(n) };
  const sharedOut = { loss: new Float32Array(b.dims.B), gradient: new Float32Array(new SharedArrayBuffer(4 * n)) };
  const direction = randomBatch({ seed: 7, ...b.dims, L: 0, dtype: 'float32' }).logits;
  const sharedHvpOut = { loss: new Float32Array(b.dims.B), gradient: new Float32Array(new SharedArrayBuffer(4 * n)), hvp: new Float32Array(new SharedArrayBuffer(4 * n)) };
  const [fresh, plain, shared, hvpFresh, hvpShared] = await timeAlternately(
    [
      () => backend.lossAndGradient(b),
      () => backend.lossAndGradient(b, { out: plainOut }),
      () => backend.lossAndGradient(b, { out: sharedOut }),
      () => backend.hessianVectorProduct(b, direction),
      () => backend.hessianVectorProduct(b, direction, { out: sharedHvpOut }),
    ],
    timing(2),
  );
  const { medianMs: lossGrad, cpuMedianMs: lossGradCpu } = fresh;
  const t = torchTimes(b);
  record({
    name: 'large vocabulary (C=5000)',
    shape: shape(b),
    lossGradMs: lossGrad,
    lossGradCpuMs: lossGradCpu,
    lossGradOutMs: plain.medianMs,
    lossGradSharedOutMs: shared.medianMs,
    hvpMs: hvpFresh.medianMs,
    hvpOverGrad: hvpFresh.medianMs / lossGrad,
    hvpSharedOutMs: hvpShared.medianMs,
    hvpOverGradSharedOut: hvpShared.medianMs / shared.medianMs,
    ...(t ? { vsTorchLossGradOut: plain.medianMs / t.lossGrad, vsTorchLossGradSharedOut: shared.medianMs / t.lossGrad } : {}),
    rssBeforeMiB: rssBefore / 2 ** 20,
    rssAfterMiB: process.memoryUsage().rss / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    inputMiB: b.logits.byteLength / 2 ** 20,
    ...torchFields(t, lossGrad, lossGradCpu),
  });
}

await backend.dispose();
if (outFile) writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
