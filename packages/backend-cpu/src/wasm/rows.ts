import type { FloatArray } from '@seq2seq-losses/spec';
import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import type { KernelMemory } from './memory.js';

/**
 * writeGradientRow of rows.ts on the WebAssembly kernels (bitwise the same values): row t goes to
 * the output staging [Tb, C] in the kernels' memory, and the whole sample is copied out with row 0,
 * the last one every backward pass writes (they run t = Tb - 1 down to 0).
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
  const invZ = ws.frameInvZ[t];
  const p = k.pPtr + t * C * 8;
  if (out instanceof Float32Array) {
    k.exports.gradientRowF32(p, invZ, k.gammaPtr, gScale, k.outPtr + t * C * 4, C, logits);
    if (t === 0) out.set(k.outF32.subarray(0, Tb * C), oOff);
  } else {
    k.exports.gradientRowF64(p, invZ, k.gammaPtr, gScale, k.outPtr + t * C * 8, C, logits);
    if (t === 0) out.set(k.outF64.subarray(0, Tb * C), oOff);
  }
}

/**
 * writeHvpRow of rows.ts on the WebAssembly kernels: the sample's direction [Tb, C] is copied in
 * ('logits' mode)
 * with row Tb - 1 (the first the tangent passes write), the rows go to the output staging and the
 * sample is copied out with row 0. p . v sums in two lanes (~1e-16 relative from the JavaScript loop).
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
    // k.v holds n cells: Workspace.ensureTangent sized it before the tangent pass began
    if (v instanceof Float32Array || v instanceof Float64Array) k.v.set(v.subarray(vOff, vOff + n));
    else for (let i = 0; i < n; i++) k.v[i] = v[vOff + i];
  }
  const invZ = ws.frameInvZ[t];
  const p = k.pPtr + t * C * 8;
  const vp = k.vPtr + t * C * 8;
  if (out instanceof Float32Array) {
    k.exports.hvpRowF32(p, invZ, vp, k.gammaPtr, k.covPtr, EV, k.outPtr + t * C * 4, C, logits);
    if (t === 0) out.set(k.outF32.subarray(0, n), oOff);
  } else {
    k.exports.hvpRowF64(p, invZ, vp, k.gammaPtr, k.covPtr, EV, k.outPtr + t * C * 8, C, logits);
    if (t === 0) out.set(k.outF64.subarray(0, n), oOff);
  }
}
