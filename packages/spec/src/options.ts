/** classic: merge repeats then drop blanks (a_bb_ccc_c -> abcc); simplified: drop blanks only (-> abbcccc). */
export type CtcVariant = 'classic' | 'simplified';

/**
 * logits:   values are unnormalised scores; softmax over C is taken inside.
 * logProbs: values are independent log-probabilities (no softmax inside);
 *           gradient = -occupancy, HVP = -Cov(n) v.
 */
export type CtcInputMode = 'logits' | 'logProbs';

export const CTC_VARIANTS: readonly CtcVariant[] = ['classic', 'simplified'];
export const CTC_INPUT_MODES: readonly CtcInputMode[] = ['logits', 'logProbs'];

/** Options every backend method takes. */
export interface CtcOptions {
  /** Default 'classic'. */
  readonly variant?: CtcVariant;
  /** Default 0; a negative value counts from C (-1 is the last token). */
  readonly blankIndex?: number;
  /** Default 'logits'. */
  readonly inputs?: CtcInputMode;
  /** Default false: infeasible samples give +Infinity; true gives 0. Gradients are 0 either way. */
  readonly zeroInfinity?: boolean;
  /**
   * Default false: logits (and the HVP direction) are batch-major [B, T, C]. true: they are
   * time-major [T, B, C] (tf.nn.ctc_loss's default, PyTorch's layout), gradients and HVPs come back
   * [T, B, C] and the full Hessian [T, B, C, T, C] (hessian[t, b, c, t2, c2] of sample b).
   */
  readonly timeMajor?: boolean;
}

/** Every key `CtcOptions` knows; any other key is an INVALID_OPTION error. */
export const CTC_OPTION_KEYS: readonly (keyof CtcOptions)[] = ['variant', 'blankIndex', 'inputs', 'zeroInfinity', 'timeMajor'];

/** Options after validation: every field set, blankIndex in [0, C). */
export interface ResolvedCtcOptions {
  readonly variant: CtcVariant;
  readonly blankIndex: number;
  readonly inputs: CtcInputMode;
  readonly zeroInfinity: boolean;
  readonly timeMajor: boolean;
}

export const DEFAULT_CTC_OPTIONS = {
  variant: 'classic',
  blankIndex: 0,
  inputs: 'logits',
  zeroInfinity: false,
  timeMajor: false,
} as const satisfies Required<CtcOptions>;

/** blankIndex in [-C, C) to [0, C). Assumes it was validated. */
export function normalizeBlankIndex(blankIndex: number, C: number): number {
  return blankIndex < 0 ? blankIndex + C : blankIndex;
}
