// AssemblyScript source of backend-cpu's WebAssembly SIMD kernels, the module's entry (its
// exports): the frame pass (frames.ts), the dense gradient and HVP rows (rows.ts), the
// probability-space recursions (lattice.ts), exp (exp.ts) and the workspace layout (layout.ts).
// Built by scripts/build-wasm.mjs into src/wasm/kernels.generated.ts; not compiled by tsc.
// Every pointer is a byte offset into this module's memory, laid out by src/wasm/memory.ts.
// Arithmetic is float64, with the same operations in the same order as the JavaScript kernels per
// element and per lattice cell (exp and the rows: bitwise the same); only sums over a row run in
// two lanes (a different rounding order, ~1e-16 relative). One exception, the large-vocabulary
// frame pass (frames-f32.ts: float32 logits, float32 gradient or none, C > S): exp runs in four
// float32 lanes for the entries below 1/64 of their frame's sum (< 4e-9 absolute in p), float64
// for the rest, the frame sums and the lattice's emissions; float32 HVPs of such samples take their
// dense rows from that softmax (hvp-soft32.ts).

import { init as initExp } from './exp';
import { frames } from './frames';
import { gradientRow, hvpRow } from './rows';
export { backward, correctionCount, forward, tangent } from './lattice';
export { streamedFrames } from './stream';
export { setLayout } from './layout';

export function init(tab: usize, invStep: f64, stepHi: f64, stepLo: f64, c3: f64, c4: f64, c5: f64): void {
  initExp(tab, invStep, stepHi, stepLo, c3, c4, c5);
}

export function framesF32(x: usize, Tb: i32, C: i32, p: usize, frameMax: usize, frameSum: usize, logits: i32, fused: i32, S: i32): i32 {
  return frames<f32>(x, Tb, C, p, frameMax, frameSum, logits, fused, S);
}

export function framesF64(x: usize, Tb: i32, C: i32, p: usize, frameMax: usize, frameSum: usize, logits: i32, fused: i32, S: i32): i32 {
  return frames<f64>(x, Tb, C, p, frameMax, frameSum, logits, fused, S);
}

export function gradientRowF32(p: usize, invZ: f64, gamma: usize, gScale: f64, out: usize, C: i32, logits: i32): void {
  gradientRow<f32>(p, invZ, gamma, gScale, out, C, logits);
}

export function gradientRowF64(p: usize, invZ: f64, gamma: usize, gScale: f64, out: usize, C: i32, logits: i32): void {
  gradientRow<f64>(p, invZ, gamma, gScale, out, C, logits);
}

export function hvpRowF32(p: usize, invZ: f64, v: usize, gamma: usize, cov: usize, EV: f64, out: usize, C: i32, logits: i32): void {
  hvpRow<f32>(p, invZ, v, gamma, cov, EV, out, C, logits);
}

export function hvpRowF64(p: usize, invZ: f64, v: usize, gamma: usize, cov: usize, EV: f64, out: usize, C: i32, logits: i32): void {
  hvpRow<f64>(p, invZ, v, gamma, cov, EV, out, C, logits);
}
