import type { CtcInputMode, FloatArray } from '@seq2seq-losses/spec';

/** One sample as the kernels see it: its valid frames x[xOff + t * C + c] for t < Tb. */
export interface SampleInput {
  readonly x: FloatArray;
  readonly xOff: number;
  readonly Tb: number;
  readonly C: number;
  readonly S: number;
  readonly inputs: CtcInputMode;
  /**
   * Calls without HVP or Hessian: the sample's gradient [Tb, C] at gradient[offset] (null for a
   * loss-only call). The WebAssembly frame pass may then stream the sample through its staging in
   * chunks and write the softmax rows there directly (wasm/frames.ts).
   */
  readonly stream?: { readonly gradient: FloatArray | null; readonly offset: number };
  /**
   * HVP calls (no Hessian): the sample's gradient and HVP [Tb, C] at [offset], and its direction
   * at direction[offset]. The WebAssembly frame pass may then stream the sample and write the
   * softmax rows and the HVP rows' dense part there directly (wasm/frames.ts); the lattice passes
   * correct the window's tokens.
   */
  readonly hvpStream?: { readonly gradient: FloatArray; readonly hvp: FloatArray; readonly direction: ArrayLike<number>; readonly offset: number };
}
