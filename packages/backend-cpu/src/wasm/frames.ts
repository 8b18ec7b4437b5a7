import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import type { KernelMemory } from './memory.js';

/**
 * readFrames of emissions.ts on the WebAssembly kernels: copies the sample's frames x [Tb, C] into
 * the kernels' memory, which writes frameMax [Tb] and ('logits') p [Tb, C] with the frame sums;
 * then frameInvZ = 1 / sum and frameLogZ = log(sum) here (Math.log, as the JavaScript path).
 */
export function readFramesWasm(ws: Workspace, k: KernelMemory, inp: SampleInput): boolean {
  const { x, xOff, Tb, C } = inp;
  const n = Tb * C;
  const logits = inp.inputs === 'logits';
  let ok: number;
  if (x instanceof Float32Array) {
    k.xF32.set(x.subarray(xOff, xOff + n));
    ok = k.exports.framesF32(k.xPtr, Tb, C, k.pPtr, k.maxPtr, k.sumPtr, logits ? 1 : 0);
  } else {
    k.xF64.set(x.subarray(xOff, xOff + n));
    ok = k.exports.framesF64(k.xPtr, Tb, C, k.pPtr, k.maxPtr, k.sumPtr, logits ? 1 : 0);
  }
  if (ok === 0) return false;
  if (logits) {
    const { frameSum } = k;
    const { frameInvZ, frameLogZ } = ws;
    for (let t = 0; t < Tb; t++) {
      const sum = frameSum[t];
      frameInvZ[t] = 1 / sum;
      frameLogZ[t] = Math.log(sum);
    }
  }
  return true;
}
