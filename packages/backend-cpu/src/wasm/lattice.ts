import type { FloatArray } from '@seq2seq-losses/spec';
import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import type { KernelMemory } from './memory.js';
import { denseP, softmaxToP, streamTarget } from './frames.js';
import { stageDirection, stagedOutput } from './rows.js';

// probForward, probBackward and probTangent on the WebAssembly kernels (src/wasm/assembly/lattice.ts):
// the same contracts, every array in the kernels' memory; outputs copied out once per sample.

/** probForward: log P from the row sums c_t (Math.log here), or NaN when a row vanished. */
export function probForwardWasm(ws: Workspace, k: KernelMemory, inp: SampleInput): number {
  const { Tb, C, S } = inp;
  const logits = inp.inputs === 'logits';
  const status = k.exports.forward(Tb, S, C, logits ? 1 : 0, inp.x instanceof Float32Array ? 1 : 0, k.fused ? 1 : 0);
  if (status === 0) return NaN;
  ws.tiny = status === 2;
  const { scaleA, frameLogZ, frameMax } = ws;
  let logP = 0;
  for (let t = 0; t < Tb; t++) logP += logits ? Math.log(scaleA[t]) - frameLogZ[t] : Math.log(scaleA[t]) + frameMax[t];
  return logP;
}

/**
 * probBackward: false when some frame normaliser is too small to trust (fall back to log space).
 * Fused when the frame pass staged the softmax rows in the type of `grad` (streamed into grad, kept
 * in p as float32 for an HVP, or in the output staging); else (a caller whose gradient type
 * differs from ws.outputType) the dense rows from p.
 */
export function probBackwardWasm(k: KernelMemory, inp: SampleInput, grad: FloatArray | null, gOff: number, keep: boolean): boolean {
  const { Tb, C, S } = inp;
  const f32 = grad instanceof Float32Array;
  const target = streamTarget(inp);
  const streamed = grad && k.streamed && grad === target?.gradient && gOff === target.offset;
  const keptInP = grad && f32 && k.softmax32;
  if (keptInP) grad.set(new Float32Array(k.exports.memory.buffer, k.ptr.p, Tb * C), gOff); // softmax rows kept in p
  if (grad && (streamed || keptInP)) {
    // the softmax rows are in grad already: only the window's corrections remain
    if (k.exports.backward(Tb, S, C, 1, keep ? 1 : 0, 1, 1, 2) === 0) return false;
    writeCorrections(k, grad, gOff);
    return true;
  }
  const fused = grad !== null && k.stagedSoftmax === (f32 ? 'float32' : 'float64');
  if (grad && !fused) denseP(k, inp);
  const ok = k.exports.backward(Tb, S, C, grad ? 1 : 0, keep ? 1 : 0, inp.inputs === 'logits' ? 1 : 0, f32 ? 1 : 0, fused ? 1 : 0);
  if (ok === 0) return false;
  if (grad) grad.set(stagedOutput(k, grad, Tb * C), gOff);
  return true;
}

/** probTangent: H v rows t < Tb of `out` (the tangent block was sized by Workspace.ensureTangent). */
export function probTangentWasm(
  k: KernelMemory,
  inp: SampleInput,
  v: ArrayLike<number>,
  vOff: number,
  out: FloatArray,
  oOff: number,
): void {
  const { Tb, C, S } = inp;
  const h = inp.hvpStream;
  if (k.hvpStreamed && h && out === h.hvp && oOff === h.offset && v === h.direction && vOff === h.offset) {
    // the dense part of the rows is in out already (stream.ts): the window's tokens remain
    if (k.exports.tangent(Tb, S, C, 1, 1, 0, 1) === 1) {
      writeCorrections(k, out, oOff);
      return;
    }
    // a non-finite E[V'] (a non-finite direction): the rows again in full, as the staged path has them
    softmaxToP(k, inp);
  }
  // float32 HVP rows from the frame pass's float32 softmax, for a float32 direction (hvp-soft32.ts)
  const soft32 = k.softmax32 && out instanceof Float32Array && inp.inputs === 'logits' && v instanceof Float32Array;
  if (!soft32) denseP(k, inp);
  stageDirection(k, v, vOff, Tb * C, soft32);
  k.exports.tangent(Tb, S, C, inp.inputs === 'logits' ? 1 : 0, out instanceof Float32Array ? 1 : 0, soft32 ? 1 : 0, 0);
  out.set(stagedOutput(k, out, Tb * C), oOff);
}

/** The corrections the last backward or tangent pass collected (CORR_AT, CORR_VALUE), into out at oOff. */
function writeCorrections(k: KernelMemory, out: FloatArray, oOff: number): void {
  const n = k.exports.correctionCount();
  const { corrAt } = k.i32;
  const { corrValue } = k.f64;
  for (let i = 0; i < n; i++) out[oOff + corrAt[i]] = corrValue[i];
}
