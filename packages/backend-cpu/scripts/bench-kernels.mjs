#!/usr/bin/env node
// Per-element and per-cell cost of the kernels, WebAssembly SIMD against the JavaScript loops, on
// one thread (not a test). Run after building:  node scripts/bench-kernels.mjs [--reps 15] [--warmup 3]
//   dense pass:   readFrames (frame max, exp, sums, and the softmax rows into the gradient; 'logits') per element of [Tb, C], at C = 5000
//   gradient:     + the backward pass's gradient rows, per element (C = 5000, U = 20: rows dominate)
//   lattice:      probForward + probBackward with the gradient, per live lattice cell, at C = 28
//                 (warp-ctc's case, U = 40: the recursions dominate)
//   tangent:      probTangent per live cell (same case)
// Each number is the minimum over `reps` passes over the whole batch of the process CPU time (the
// machine is shared: CPU time leaves out the time other jobs hold the core, and the minimum is the
// least disturbed run), in ns; bench/'s timeIt times them (at least --warmup passes and 0.3 s first).
import { randomBatch, validateCtcCall } from '@seq2seq-losses/spec';
import { readFrames } from '../dist/emissions.js';
import { buildLattice } from '../dist/lattice.js';
import { probBackward, probForward } from '../dist/prob-forward-backward.js';
import { probTangent } from '../dist/prob-tangent.js';
import { instantiateKernels } from '../dist/wasm/load.js';
import { KernelMemory } from '../dist/wasm/memory.js';
import { Workspace } from '../dist/workspace.js';
// bench/'s one timing rule and flags.
import { parseBenchFlags } from '../../../bench/src/flags.mjs';
import { timeIt } from '../../../bench/src/time-it.mjs';

const flags = parseBenchFlags({ usage: 'usage: node scripts/bench-kernels.mjs [flags]', reps: 15, warmup: 3 });
const reps = flags.reps;

function workspace(kind) {
  const ws = kind === 'js' ? new Workspace() : new Workspace(new KernelMemory(instantiateKernels()));
  ws.outputType = 'float32'; // the gradients below are float32 (runSamples sets this per call)
  return ws;
}

/** Runs the per-sample stages up to `upTo` ('frames', 'gradient', 'tangent') over the batch; returns the live lattice cells. */
function perSample(batch, ws, upTo) {
  const { T, C, L } = batch.dims;
  const opts = validateCtcCall('bench', batch, {});
  const { out, hvp, v } = scratch.get(batch);
  let cells = 0;
  for (let b = 0; b < batch.dims.B; b++) {
    const Tb = batch.logitLength[b];
    const U = batch.labelLength[b];
    const S = 2 * U + 1;
    ws.ensure(Tb, S, C);
    buildLattice(ws, opts.variant, batch.labels, b * L, U, opts.blankIndex, Tb);
    for (let t = 0; t < Tb; t++) cells += ws.hi[t] - ws.lo[t] + 1;
    // as solveSample passes it: calls without HVP may stream the gradient (large vocabularies)
    const stream = upTo === 'tangent' ? undefined : { gradient: out, offset: b * T * C };
    const inp = { x: batch.logits, xOff: b * T * C, Tb, C, S, inputs: 'logits', stream };
    readFrames(ws, inp);
    if (upTo === 'frames') continue;
    probForward(ws, inp);
    const keep = upTo === 'tangent';
    probBackward(ws, inp, out, b * T * C, keep);
    if (keep) {
      ws.ensureTangent(Tb, S, C);
      probTangent(ws, inp, v, b * T * C, hvp, b * T * C);
    }
  }
  return cells;
}

/** The least process CPU time (ms) of `reps` passes. */
const minMs = async (fn) => (await timeIt(fn, { ...flags.timing, cpu: true })).cpuMinMs;

const vocab = randomBatch({ seed: 1, B: 8, T: 150, C: 5000, L: 20, labelLength: [20, 20], dtype: 'float32' });
const warp = randomBatch({ seed: 3, B: 32, T: 150, C: 28, L: 40, labelLength: [40, 40], dtype: 'float32' });
const elements = (b) => b.dims.B * b.dims.T * b.dims.C;
const scratch = new Map(
  [vocab, warp].map((b) => [
    b,
    { out: new Float32Array(elements(b)), hvp: new Float32Array(elements(b)), v: randomBatch({ seed: 8, ...b.dims, L: 0, dtype: 'float32' }).logits },
  ]),
);
const rows = [];
for (const kind of ['js', 'wasm-simd']) {
  const ws = workspace(kind);
  const frames = await minMs(() => perSample(vocab, ws, 'frames'));
  const gradient = await minMs(() => perSample(vocab, ws, 'gradient'));
  const cells = perSample(warp, ws, 'frames');
  const warpFrames = await minMs(() => perSample(warp, ws, 'frames'));
  const lattice = await minMs(() => perSample(warp, ws, 'gradient'));
  const tangent = await minMs(() => perSample(warp, ws, 'tangent'));
  rows.push({
    kind,
    denseNsPerElement: (frames * 1e6) / elements(vocab),
    gradientNsPerElement: (gradient * 1e6) / elements(vocab),
    latticeNsPerCell: ((lattice - warpFrames) * 1e6) / cells,
    tangentNsPerCell: ((tangent - lattice) * 1e6) / cells,
  });
}
console.log(`kernels, one thread, min of ${reps} (ns): dense pass per element (B=8 T=150 C=5000), frame pass + forward-backward with gradient rows per element (same), lattice forward+backward+gradient per live cell and tangent per live cell (B=32 T=150 C=28 U=40)`);
for (const r of rows) {
  console.log(`${r.kind.padEnd(10)} dense ${r.denseNsPerElement.toFixed(2)}  with gradient ${r.gradientNsPerElement.toFixed(2)}  lattice ${r.latticeNsPerCell.toFixed(2)}  tangent ${r.tangentNsPerCell.toFixed(2)}`);
}
const [js, simd] = rows;
console.log(`speed-up: dense ${(js.denseNsPerElement / simd.denseNsPerElement).toFixed(1)}x, with gradient ${(js.gradientNsPerElement / simd.gradientNsPerElement).toFixed(1)}x, lattice ${(js.latticeNsPerCell / simd.latticeNsPerCell).toFixed(1)}x, tangent ${(js.tangentNsPerCell / simd.tangentNsPerCell).toFixed(1)}x`);
