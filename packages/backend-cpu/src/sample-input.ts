import type { CtcInputMode, FloatArray } from '@seq2seq-losses/spec';

/** One sample as the kernels see it: its valid frames x[xOff + t * C + c] for t < Tb. */
export interface SampleInput {
  readonly x: FloatArray;
  readonly xOff: number;
  readonly Tb: number;
  readonly C: number;
  readonly S: number;
  readonly inputs: CtcInputMode;
}
