#!/usr/bin/env node
// The CtcBackend adapter (what the CLI and the cross-backend bench run) on its heaviest cases and
// the original library's shape, against backend-cpu's single-threaded sync functions on the same
// batch, run alternately:
//   loss + gradient,   B=256, T=255, C=32, L=63-126 (the original shape)
//   HVP,               the same
//   full Hessian,      B=1,  T=100, C=32,   L=50 (adapter.hessian: one kernel, ctcHessianSync)
//   loss + gradient,   B=32, T=150, C=5000, L=20 (warp-ctc's large-vocabulary case)
//   node scripts/bench-adapter.mjs [--runs 5]     (needs the workspace built)
import os from 'node:os';
import { ctcHessianSync, ctcHessianVectorProductSync, ctcLossAndGradientSync } from '@seq2seq-losses/backend-cpu';
import { createBackend } from '@seq2seq-losses/backend-tfjs';
import { randomBatch } from '@seq2seq-losses/spec';

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 5);
const PAPER = { B: 256, T: 255, C: 32, L: 126, labelLength: [63, 126] };
const CASES = [
  { name: 'paper', op: 'lossAndGradient', baseline: ctcLossAndGradientSync, shape: PAPER },
  { name: 'paper', op: 'hessianVectorProduct', baseline: ctcHessianVectorProductSync, shape: PAPER, direction: true },
  { name: 'hessian', op: 'hessian', baseline: ctcHessianSync, shape: { B: 1, T: 100, C: 32, L: 50, labelLength: [50, 50] } },
  { name: 'warpctc-c5000', op: 'lossAndGradient', baseline: ctcLossAndGradientSync, shape: { B: 32, T: 150, C: 5000, L: 20, labelLength: [20, 20] } },
];

/** Median ms of each async function, run alternately after one warm-up each. */
async function alternate(fns, n) {
  for (const f of fns) await f();
  const times = fns.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, f] of fns.entries()) {
      const t0 = performance.now();
      await f();
      times[k].push(performance.now() - t0);
    }
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]);
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
