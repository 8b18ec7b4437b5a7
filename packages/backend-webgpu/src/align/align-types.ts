import type { CtcInputMode, CtcVariant, FloatArray } from '@seq2seq-losses/spec';

/** A CTC batch as forced alignment reads it (the losses' fields; logits [B,T,C] or [T,B,C] with timeMajor). */
export interface WebGpuAlignInput {
  readonly logits: FloatArray;
  readonly labels: Int32Array;
  readonly labelLength: Int32Array;
  readonly logitLength: Int32Array;
  readonly dims: { readonly B: number; readonly T: number; readonly C: number; readonly L: number };
}

export interface WebGpuAlignOptions {
  readonly variant?: CtcVariant;
  readonly blankIndex?: number;
  readonly inputs?: CtcInputMode;
  /** Default false: logits [B, T, C]; true: [T, B, C] (transposed on the host before upload). */
  readonly timeMajor?: boolean;
}

/** One label token's frames [start, end) and the mean frame posterior of the token over them. */
export interface WebGpuTokenSpan {
  readonly token: number;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** The same shape as @seq2seq-losses/decode's ctcForcedAlign result (float32 arithmetic). */
export interface WebGpuAlignResult {
  /** Per sample [T_b]: the token at each frame; -1 everywhere when infeasible or invalid. */
  readonly alignments: Int32Array[];
  /** [B] best path log-probability; -Infinity when infeasible, NaN with an invalid frame. */
  readonly logScore: Float64Array;
  readonly spans: WebGpuTokenSpan[][];
}
