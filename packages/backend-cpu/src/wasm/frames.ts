import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import type { KernelMemory } from './memory.js';

/**
 * readFrames of emissions.ts on the WebAssembly kernels: copies the sample's frames x [Tb, C] into
 * the kernels' memory (the forward pass reads them there too), which writes frameMax [Tb] and
 * ('logits') p [Tb, C] with the frame sums; then frameInvZ = 1 / sum and frameLogZ = log(sum)
 * here (Math.log, as the JavaScript path).
 */
export function readFramesWasm(ws: Workspace, k: KernelMemory, inp: SampleInput): boolean {
  const { x, xOff, Tb, C } = inp;
  const n = Tb * C;
  const logits = inp.inputs === 'logits' ? 1 : 0;
  const { ptr } = k;
  let ok: number;
  if (x instanceof Float32Array) {
    k.xF32.set(x.subarray(xOff, xOff + n));
    ok = k.exports.framesF32(ptr.x, Tb, C, ptr.p, ptr.frameMax, ptr.frameSum, logits);
  } else {
    k.f64.x.set(x.subarray(xOff, xOff + n));
    ok = k.exports.framesF64(ptr.x, Tb, C, ptr.p, ptr.frameMax, ptr.frameSum, logits);
  }
  if (ok === 0) return false;
  if (logits) {
    const { frameSum } = k.f64;
    const { frameInvZ, frameLogZ } = ws;
    for (let t = 0; t < Tb; t++) {
      const sum = frameSum[t];
      frameInvZ[t] = 1 / sum;
      frameLogZ[t] = Math.log(sum);
    }
  }
  return true;
}
