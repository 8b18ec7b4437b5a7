import type { CtcInputMode, CtcPrecision, CtcVariant, FloatArray } from '@seq2seq-losses/spec';

/** What a decoder under test reads: the losses' batch fields (labels only for forced alignment). */
export interface DecodeLawInput {
  readonly logits: FloatArray;
  readonly logitLength: Int32Array;
  readonly labels: Int32Array;
  readonly labelLength: Int32Array;
  readonly dims: { readonly B: number; readonly T: number; readonly C: number; readonly L: number };
}

export interface DecodeLawOptions {
  readonly variant: CtcVariant;
  readonly blankIndex: number;
  readonly inputs: CtcInputMode;
  readonly timeMajor: boolean;
}

/** The scorer hook as the laws call it (structurally @seq2seq-losses/decode's CtcScorer). */
export interface DecodeLawScorer {
  initialState(): unknown;
  extend(state: unknown, token: number): { state: unknown; logScore: number };
  finish?(state: unknown): number;
}

export interface BeamLawOptions extends DecodeLawOptions {
  readonly beamWidth: number;
  readonly topPaths: number;
  readonly scorer?: DecodeLawScorer;
}

type MaybePromise<T> = T | Promise<T>;

export interface GreedyOutput {
  readonly labels: readonly ArrayLike<number>[];
  readonly logScore: ArrayLike<number>;
}
export interface BeamOutput {
  readonly paths: readonly (readonly { readonly labels: ArrayLike<number>; readonly logProb: number }[])[];
}
export interface AlignOutput {
  readonly alignments: readonly ArrayLike<number>[];
  readonly logScore: ArrayLike<number>;
  readonly spans?: readonly (readonly { token: number; start: number; end: number; score: number }[])[];
}

/**
 * A decoder implementation the decode laws can check: any of the three operations, sync or async.
 * `precision` picks the tolerance (float64 1e-9, float32 1e-4) and rounds the law inputs to float32
 * for a float32 decoder, so exact answers are computed from the values it actually sees.
 */
export interface CtcDecoderUnderTest {
  readonly precision: CtcPrecision;
  greedy?(input: DecodeLawInput, options: DecodeLawOptions): MaybePromise<GreedyOutput>;
  beamSearch?(input: DecodeLawInput, options: BeamLawOptions): MaybePromise<BeamOutput>;
  forcedAlign?(input: DecodeLawInput, options: DecodeLawOptions): MaybePromise<AlignOutput>;
}
