import type { SampleInput } from '../sample-input.js';
import type { Workspace } from '../workspace.js';
import type { KernelMemory } from './memory.js';
import type { FloatArray } from '@seq2seq-losses/spec';

/** Runs the kernels' frame pass over the staged x (mode: 0 keeps p, 1-4 fused, see frames.ts of assembly/). */
function framePass(k: KernelMemory, inp: SampleInput, mode: number): number {
  const { ptr } = k;
  const pass = inp.x instanceof Float32Array ? k.exports.framesF32 : k.exports.framesF64;
  return pass(ptr.x, inp.Tb, inp.C, ptr.p, ptr.frameMax, ptr.frameSum, inp.inputs === 'logits' ? 1 : 0, mode, inp.S);
}

/**
 * readFrames of emissions.ts on the WebAssembly kernels: copies the sample's frames x [Tb, C] into
 * the kernels' memory (the forward pass reads them there too), which writes frameMax [Tb] and, in
 * 'logits' mode for loss-only calls or C > S, runs fused: E_t(s) to emit, the softmax rows to the output staging in the type of
 * the call's gradient (ws.outputType), or for a float32 HVP to p as float32 (k.softmax32), no
 * float64 p [Tb, C] (denseP computes it when a pass needs it).
 * Then frameInvZ = 1 / sum and
 * frameLogZ = log(sum) here (Math.log, as the JavaScript path). Requires buildLattice first.
 */
export function readFramesWasm(ws: Workspace, k: KernelMemory, inp: SampleInput): boolean {
  const { x, xOff, Tb, C } = inp;
  const n = Tb * C;
  const logits = inp.inputs === 'logits' ? 1 : 0;
  // fused: loss only (no p needed), or more tokens than states (the softmax rows are most of the
  // gradient; with C <= S the dense rows from p are cheaper than correcting the window's tokens)
  k.fused = logits === 1 && (ws.outputType === null || C > inp.S);
  k.denseP = false;
  k.softmax32 = false;
  // the float32-lane pass (streamed or not) pays off where most entries are small: C > S (with C <= S
  // a loss-only call takes the fused float64 lanes)
  const f32Lanes = k.fused && x instanceof Float32Array && C > inp.S;
  k.hvpStreamed = f32Lanes && canStreamHvp(ws, inp);
  k.streamed = k.hvpStreamed || (f32Lanes && canStream(ws, inp));
  if (k.streamed) {
    k.stagedSoftmax = null;
    if (!streamFrames(k, inp, x as Float32Array)) return false;
  } else {
    if (x instanceof Float32Array) k.xF32.set(x.subarray(xOff, xOff + n));
    else k.f64.x.set(x.subarray(xOff, xOff + n));
    // an HVP or Hessian follows (no stream): the float32 softmax goes to p, where its rows read it
    // (hvp-soft32.ts) and the gradient is copied from (probBackwardWasm)
    k.softmax32 = k.fused && ws.outputType === 'float32' && x instanceof Float32Array && !inp.stream;
    k.stagedSoftmax = k.fused && !k.softmax32 ? ws.outputType : null;
    const mode = !k.fused ? 0 : k.softmax32 ? 4 : k.stagedSoftmax === 'float64' ? 1 : k.stagedSoftmax === 'float32' ? 2 : 3;
    if (framePass(k, inp, mode) === 0) return false;
  }
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

/** Frames per chunk of a streamed sample: about 128 KB of float32 x (and as much of softmax rows), in cache. */
const STREAM_CHUNK_ELEMENTS = 32_768;

/** A float32 gradient, HVP and direction the frame pass may stream (an HVP call). */
function canStreamHvp(ws: Workspace, inp: SampleInput): boolean {
  const h = inp.hvpStream;
  return !!h && ws.outputType === 'float32' && h.gradient instanceof Float32Array && h.hvp instanceof Float32Array && h.direction instanceof Float32Array;
}

/** A float32 gradient (or none: loss only) the frame pass may write to directly. */
function canStream(ws: Workspace, inp: SampleInput): boolean {
  const stream = inp.stream;
  if (!stream) return false;
  return stream.gradient === null ? ws.outputType === null : stream.gradient instanceof Float32Array && ws.outputType === 'float32';
}

/**
 * The float32-lane frame pass over the sample in chunks of frames: each chunk of x is staged, its
 * frames passed (stream.ts streamedFrames) and, with a gradient, its softmax rows written to the
 * gradient while they are still in cache; backward then writes only the window's corrections
 * (lattice.ts). Memory traffic per element: x read once, the gradient written once. An HVP call
 * (k.hvpStreamed) stages the direction's chunk beside x's and writes the dense part of its HVP rows
 * too; the tangent pass corrects the window's tokens.
 */
function streamFrames(k: KernelMemory, inp: SampleInput, x: Float32Array): boolean {
  const { xOff, Tb, C, S } = inp;
  const target = streamTarget(inp)!;
  const grad = target.gradient;
  const hvp = k.hvpStreamed ? inp.hvpStream! : null;
  const rows = Math.max(1, Math.floor(STREAM_CHUNK_ELEMENTS / C));
  const { ptr } = k;
  for (let t0 = 0; t0 < Tb; t0 += rows) {
    const r = Math.min(rows, Tb - t0);
    const n = r * C;
    k.xF32.set(x.subarray(xOff + t0 * C, xOff + t0 * C + n));
    if (hvp) k.xF32.set((hvp.direction as Float32Array).subarray(hvp.offset + t0 * C, hvp.offset + t0 * C + n), n); // beside x
    const v = hvp ? ptr.x + 4 * n : 0;
    if (k.exports.streamedFrames(ptr.x, t0, r, C, ptr.frameMax, ptr.frameSum, grad ? 1 : 0, S, v) === 0) return false;
    if (grad) grad.set(k.outF32.subarray(0, n), target.offset + t0 * C);
    if (hvp) hvp.hvp.set(k.outF32.subarray(n, 2 * n), hvp.offset + t0 * C);
  }
  return true;
}

/** Where a streamed sample's gradient goes: inp.stream, or an HVP call's (inp.hvpStream). */
export function streamTarget(inp: SampleInput): { gradient: FloatArray | null; offset: number } | undefined {
  return inp.stream ?? inp.hvpStream;
}

/** A streamed sample's x staged again in full (the staging held one chunk at a time; rare paths). */
function unstream(k: KernelMemory, inp: SampleInput): void {
  if (!k.streamed) return;
  const { x, xOff, Tb, C } = inp;
  k.xF32.set((x as Float32Array).subarray(xOff, xOff + Tb * C));
  k.streamed = false;
  k.hvpStreamed = false;
}

/** Makes p [Tb, C] ('logits') available to the passes that read it densely (HVP rows, log path). */
export function denseP(k: KernelMemory, inp: SampleInput): void {
  if (!k.fused || k.denseP) return;
  unstream(k, inp);
  framePass(k, inp, 0); // the same numerators, kept this time
  k.denseP = true;
  k.softmax32 = false; // P holds float64 numerators now
}

/** The float32 softmax [Tb, C] into p for the HVP rows (hvp-soft32.ts), after a streamed pass. */
export function softmaxToP(k: KernelMemory, inp: SampleInput): void {
  unstream(k, inp);
  framePass(k, inp, 4);
  k.softmax32 = true;
}
