import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import type { KernelMemory } from './memory.js';

/** Runs the kernels' frame pass over the staged x (mode: 0 keeps p, 1-3 fused, see frames.ts of assembly/). */
function framePass(k: KernelMemory, inp: SampleInput, mode: number): number {
  const { ptr } = k;
  const pass = inp.x instanceof Float32Array ? k.exports.framesF32 : k.exports.framesF64;
  return pass(ptr.x, inp.Tb, inp.C, ptr.p, ptr.frameMax, ptr.frameSum, inp.inputs === 'logits' ? 1 : 0, mode, inp.S);
}

/**
 * readFrames of emissions.ts on the WebAssembly kernels: copies the sample's frames x [Tb, C] into
 * the kernels' memory (the forward pass reads them there too), which writes frameMax [Tb] and, in
 * 'logits' mode for loss-only calls or C > S, runs fused: E_t(s) to emit, the softmax rows to the output staging in the type of
 * the call's gradient (ws.outputType), no p [Tb, C] (denseP computes it when a pass needs it).
 * Then frameInvZ = 1 / sum and
 * frameLogZ = log(sum) here (Math.log, as the JavaScript path). Requires buildLattice first.
 */
export function readFramesWasm(ws: Workspace, k: KernelMemory, inp: SampleInput): boolean {
  const { x, xOff, Tb, C } = inp;
  const n = Tb * C;
  const logits = inp.inputs === 'logits' ? 1 : 0;
  if (x instanceof Float32Array) k.xF32.set(x.subarray(xOff, xOff + n));
  else k.f64.x.set(x.subarray(xOff, xOff + n));
  // fused: loss only (no p needed), or more tokens than states (the softmax rows are most of the
  // gradient; with C <= S the dense rows from p are cheaper than correcting the window's tokens)
  k.fused = logits === 1 && (ws.outputType === null || C > inp.S);
  k.stagedSoftmax = k.fused ? ws.outputType : null;
  k.denseP = false;
  const mode = !k.fused ? 0 : k.stagedSoftmax === 'float64' ? 1 : k.stagedSoftmax === 'float32' ? 2 : 3;
  if (framePass(k, inp, mode) === 0) return false;
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
  framePass(k, inp, 0); // the same numerators, kept this time
  k.denseP = true;
}
