import type { FloatArray } from '@seq2seq-losses/spec';
import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import { denseP } from './frames.js';
import type { KernelMemory } from './memory.js';

/** The first n elements of the output staging, in the type of `out`. */
export function stagedOutput(k: KernelMemory, out: FloatArray, n: number): FloatArray {
  return out instanceof Float32Array ? k.outF32.subarray(0, n) : k.f64.out.subarray(0, n);
}

/**
 * Copies the sample's direction [Tb, C] into the kernels' staging: f64, or with `f32` a float32
 * direction as it is (the float32-softmax HVP rows read it so, hvp-soft32.ts).
 */
export function stageDirection(k: KernelMemory, v: ArrayLike<number>, vOff: number, n: number, f32 = false): void {
  if (f32) new Float32Array(k.exports.memory.buffer, k.ptr.v, n).set((v as Float32Array).subarray(vOff, vOff + n));
  else if (v instanceof Float32Array || v instanceof Float64Array) k.f64.v.set(v.subarray(vOff, vOff + n));
  else for (let i = 0; i < n; i++) k.f64.v[i] = v[vOff + i];
}

/**
 * writeGradientRow of rows.ts on the WebAssembly kernels (bitwise the same values), for the
 * log-space path: row t goes to the output staging [Tb, C], and the whole sample is copied out
 * with row 0, the last one every backward pass writes (they run t = Tb - 1 down to 0).
 */
export function writeGradientRowWasm(
  ws: Workspace,
  k: KernelMemory,
  inp: SampleInput,
  t: number,
  out: FloatArray,
  oOff: number,
  gScale: number,
): void {
  const { Tb, C } = inp;
  const logits = inp.inputs === 'logits' ? 1 : 0;
  if (t === Tb - 1) denseP(k, inp);
  const invZ = ws.frameInvZ[t];
  const { ptr } = k;
  const p = ptr.p + t * C * 8;
  if (out instanceof Float32Array) k.exports.gradientRowF32(p, invZ, ptr.gamma, gScale, ptr.out + t * C * 4, C, logits);
  else k.exports.gradientRowF64(p, invZ, ptr.gamma, gScale, ptr.out + t * C * 8, C, logits);
  if (t === 0) out.set(stagedOutput(k, out, Tb * C), oOff);
}

/**
 * writeHvpRow of rows.ts on the WebAssembly kernels, for the log-space path: the sample's direction
 * is staged with row Tb - 1 (the first the tangent passes write; the tangent block was sized by
 * Workspace.ensureTangent), the rows go to the output staging and the sample is copied out with
 * row 0. p . v sums in two lanes (~1e-16 relative from the JavaScript loop).
 */
export function writeHvpRowWasm(
  ws: Workspace,
  k: KernelMemory,
  inp: SampleInput,
  t: number,
  EV: number,
  v: ArrayLike<number>,
  vOff: number,
  out: FloatArray,
  oOff: number,
): void {
  const { Tb, C } = inp;
  const n = Tb * C;
  const logits = inp.inputs === 'logits' ? 1 : 0;
  if (t === Tb - 1 && logits) {
    denseP(k, inp);
    stageDirection(k, v, vOff, n);
  }
  const invZ = ws.frameInvZ[t];
  const { ptr } = k;
  const p = ptr.p + t * C * 8;
  const vp = ptr.v + t * C * 8;
  if (out instanceof Float32Array) k.exports.hvpRowF32(p, invZ, vp, ptr.gamma, ptr.cov, EV, ptr.out + t * C * 4, C, logits);
  else k.exports.hvpRowF64(p, invZ, vp, ptr.gamma, ptr.cov, EV, ptr.out + t * C * 8, C, logits);
  if (t === 0) out.set(stagedOutput(k, out, n), oOff);
}
