import type { ResolvedCtcOptions } from './options.js';

/**
 * What one sample's loss is, whatever computed it (docs/math.md, edge cases):
 * - Infeasible: no alignment fits T_b frames (T_b < U_b + R_b), or every alignment has probability 0
 *   (log-likelihood -inf through -inf inputs): loss +inf, 0 with zeroInfinity; derivatives 0.
 * - Invalid: a valid frame is all -inf or holds NaN / +inf: loss NaN, derivatives NaN on valid frames.
 * - Ok: loss = -log p(w | x). The structural check comes first: an infeasible sample is Infeasible
 *   whatever its frames hold.
 */
export const SampleStatus = { Ok: 0, Infeasible: 1, Invalid: 2 } as const;
export type SampleStatus = (typeof SampleStatus)[keyof typeof SampleStatus];

/** The rule a backend applies to turn log-likelihoods into losses. */
export interface LossRule {
  /** Loss of an Infeasible sample: +inf, or 0 with zeroInfinity. */
  readonly infeasibleLoss: number;
  /**
   * Whether a negative loss becomes 0: in 'logits' mode -log p >= 0 exactly, and only round-off
   * (float32, or probability-space sums) can take it below. The float64 oracle reports -log p as is.
   */
  readonly clampAtZero: boolean;
}

/** The loss of a sample with no alignment of positive probability: +inf, or 0 with zeroInfinity. */
export function infeasibleLoss(zeroInfinity: boolean): number {
  return zeroInfinity ? 0 : Infinity;
}

/** The rule for `options`; `roundOff`: the backend's log-likelihoods may exceed 0 by round-off. */
export function lossRule(options: Pick<ResolvedCtcOptions, 'zeroInfinity' | 'inputs'>, roundOff: boolean): LossRule {
  return { infeasibleLoss: infeasibleLoss(options.zeroInfinity), clampAtZero: roundOff && options.inputs === 'logits' };
}

/**
 * loss_b from the sample's status and its log-likelihood ll = log p(w | x): a log-likelihood of -inf
 * makes the sample Infeasible too; 0 - ll gives +0, never -0, for a certain alignment.
 */
export function sampleLoss(status: SampleStatus, logLikelihood: number, rule: LossRule): number {
  if (status === SampleStatus.Invalid) return NaN;
  if (status === SampleStatus.Infeasible || logLikelihood === -Infinity) return rule.infeasibleLoss;
  const loss = 0 - logLikelihood;
  return rule.clampAtZero && loss < 0 ? 0 : loss;
}
