import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import type { KernelMemory } from './memory.js';

/** Runs the kernels' frame pass over the staged x; fused: see KernelMemory.fused. */
function framePass(k: KernelMemory, inp: SampleInput, fused: boolean): number {
  const { ptr } = k;
  const pass = inp.x instanceof Float32Array ? k.exports.framesF32 : k.exports.framesF64;
  return pass(ptr.x, inp.Tb, inp.C, ptr.p, ptr.frameMax, ptr.frameSum, inp.inputs === 'logits' ? 1 : 0, fused ? 1 : 0, inp.S);
}

/**
 * readFrames of emissions.ts on the WebAssembly kernels: copies the sample's frames x [Tb, C] into
 * the kernels' memory (the forward pass reads them there too), which writes frameMax [Tb] and, in
 * 'logits' mode, runs fused: the softmax rows to the output staging, E_t(s) to emit, no p
 * [Tb, C] (denseP computes it when a pass needs it). Then frameInvZ = 1 / sum and
 * frameLogZ = log(sum) here (Math.log, as the JavaScript path). Requires buildLattice first.
 */
export function readFramesWasm(ws: Workspace, k: KernelMemory, inp: SampleInput): boolean {
  const { x, xOff, Tb, C } = inp;
  const n = Tb * C;
  const logits = inp.inputs === 'logits' ? 1 : 0;
  if (x instanceof Float32Array) k.xF32.set(x.subarray(xOff, xOff + n));
  else k.f64.x.set(x.subarray(xOff, xOff + n));
  k.fused = logits === 1;
  k.denseP = false;
  if (framePass(k, inp, k.fused) === 0) return false;
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

/** Makes p [Tb, C] ('logits') available to the passes that read it densely (HVP rows, log path). */
export function denseP(k: KernelMemory, inp: SampleInput): void {
  if (!k.fused || k.denseP) return;
  framePass(k, inp, false); // the same numerators, kept this time
  k.denseP = true;
}
