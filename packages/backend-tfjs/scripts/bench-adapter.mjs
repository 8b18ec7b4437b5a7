#!/usr/bin/env node
// The CtcBackend adapter (what the CLI and the cross-backend bench run) on its heaviest cases and
// the original library's shape, against backend-cpu's single-threaded sync functions on the same
// batch, run alternately:
//   loss + gradient,   B=256, T=255, C=32, L=63-126 (the original shape)
//   HVP,               the same
//   full Hessian,      B=1,  T=100, C=32,   L=50 (adapter.hessian: one kernel, ctcHessianSync)
//   loss + gradient,   B=32, T=150, C=5000, L=20 (warp-ctc's large-vocabulary case)
//   node scripts/bench-adapter.mjs [--reps 5] [--warmup 1]     (needs the workspace built)
import os from 'node:os';
import { ctcHessianSync, ctcHessianVectorProductSync, ctcLossAndGradientSync } from '@seq2seq-losses/backend-cpu';
import { createBackend } from '@seq2seq-losses/backend-tfjs';
import { randomBatch } from '@seq2seq-losses/spec';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { timeAlternately } from '../../../bench/src/time-it.mjs';

const flags = parseBenchFlags({ usage: 'usage: node scripts/bench-adapter.mjs [flags]', reps: 5, warmup: 1 });
const runs = flags.reps;
const PAPER = { B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126] };
const CASES = [
  { name: 'paper', op: 'lossAndGradient', baseline: ctcLossAndGradientSync, shape: PAPER },
  { name: 'paper', op: 'hessianVectorProduct', baseline: ctcHessianVectorProductSync, shape: PAPER, direction: true },
  { name: 'hessian', op: 'hessian', baseline: ctcHessianSync, shape: { B: 1, T: 100, C: 32, L: 50, labelLength: [50, 50] } },
  { name: 'warpctc-c5000', op: 'lossAndGradient', baseline: ctcLossAndGradientSync, shape: { B: 32, T: 150, C: 5000, L: 20, labelLength: [20, 20] } },
];

/** Median ms of each async function, run alternately (bench/'s timing rule). */
async function alternate(fns, n) {
  return (await timeAlternately(fns, { ...flags.timing, reps: n })).map((t) => t.medianMs);
}

console.log(`adapter vs backend-cpu sync (1 thread), medians of ${runs}; ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, load ${os.loadavg()[0].toFixed(1)}`);
for (const tfjsBackend of ['cpu', 'wasm']) {
  const backend = await createBackend({ tfjsBackend });
  for (const c of CASES) {
    const batch = randomBatch({ seed: 8, ...c.shape, dtype: 'float32' });
    const extra = c.direction ? [randomBatch({ seed: 9, ...c.shape, dtype: 'float32' }).logits] : []; // direction [B, T, C]
    const [tfjsMs, baseMs] = await alternate([() => backend[c.op](batch, ...extra), async () => c.baseline(batch, ...extra)], runs);
    console.log(`tfjs-${tfjsBackend} ${c.name.padEnd(14)} ${c.op.padEnd(20)} ${tfjsMs.toFixed(0).padStart(6)} ms vs ${baseMs.toFixed(0).padStart(6)} ms = ${(tfjsMs / baseMs).toFixed(2)}x`);
  }
  await backend.dispose();
}
