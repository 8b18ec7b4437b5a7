import type { CtcInputMode, CtcVariant, FloatArray } from '@seq2seq-losses/spec';

/** Dimensions of the network output: B samples, T frames, C tokens (blank included). */
export interface DecodeDims {
  readonly B: number;
  readonly T: number;
  readonly C: number;
}

/**
 * What the decoders read: the losses' batch fields without the labels.
 * - logits      [B, T, C] (or [T, B, C] with timeMajor) unnormalised scores, or log-probabilities
 *               with inputs: 'logProbs'
 * - logitLength [B]       T_b in [0, T]; frames t >= T_b are never read
 */
export interface DecodeInput {
  readonly logits: FloatArray;
  readonly logitLength: Int32Array;
  readonly dims: DecodeDims;
}

/** What forced alignment reads: a whole CTC batch (labels [B, L] right-padded, labelLength [B]). */
export interface AlignInput extends DecodeInput {
  readonly labels: Int32Array;
  readonly labelLength: Int32Array;
  readonly dims: DecodeDims & { readonly L: number };
}

/** Options every decoder takes; the same meaning as the losses' options. */
export interface DecodeOptions {
  /** Default 'classic' (merge repeats, then drop blanks); 'simplified' drops blanks only. */
  readonly variant?: CtcVariant;
  /** Default 0; a negative value counts from C (-1 is the last token). */
  readonly blankIndex?: number;
  /** Default 'logits' (log-softmax over C inside); 'logProbs' takes the values as log-probabilities. */
  readonly inputs?: CtcInputMode;
  /** Default false: logits are [B, T, C]; true: [T, B, C]. */
  readonly timeMajor?: boolean;
}

/** Options after validation: every field set, blankIndex in [0, C). */
export interface ResolvedDecodeOptions {
  readonly variant: CtcVariant;
  readonly blankIndex: number;
  readonly inputs: CtcInputMode;
  readonly timeMajor: boolean;
}

export interface GreedyResult {
  /** One label per sample: the best path collapsed (classic: merge repeats, drop blanks). */
  readonly labels: Int32Array[];
  /** [B] the best path's log-probability: sum over valid frames of the best token's log-softmax. */
  readonly logScore: Float64Array;
}

/** One label token's frames in a forced alignment, as torchaudio's TokenSpan. */
export interface TokenSpan {
  readonly token: number;
  /** First frame, included. */
  readonly start: number;
  /** Last frame + 1. */
  readonly end: number;
  /** Mean over frames [start, end) of the frame posterior p[t, token] (softmax, or exp of the log-prob). */
  readonly score: number;
}

export interface AlignResult {
  /** Per sample, length T_b: the token the best path emits at each frame (the blank included). -1 everywhere when infeasible. */
  readonly alignments: Int32Array[];
  /** [B] the best single path's log-probability; -Infinity when infeasible. */
  readonly logScore: Float64Array;
  /** Per sample, one span per label token, in label order; [] when infeasible. */
  readonly spans: TokenSpan[][];
}
