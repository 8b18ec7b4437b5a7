import { isFeasible, type CtcBatch, type ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { backward, forward, logLikelihood } from './forward-backward.js';
import { buildLattice } from './lattice.js';
import { sampleLogProbs } from './log-probs.js';
import { statePosteriors, tokenOccupancy } from './occupancy.js';
import type { TangentInputs } from './tangent.js';

/** Everything the derivatives of one sample need; Tb >= 1. */
export interface SampleState extends TangentInputs {
  /** [Tb, C] softmax of the logits ('logits' mode) or null ('logProbs'). */
  readonly p: Float64Array | null;
}

/**
 * The outcome for one sample:
 * - 'impossible': no alignment (T_b < U_b + R_b, or every alignment has probability 0 because of -inf
 *   inputs): loss +inf (0 with zeroInfinity), every derivative 0.
 * - 'nan': a valid frame is all -inf or holds NaN / +inf: loss and the derivatives on valid frames NaN.
 * - 'ok': finite loss; `state` is null when derivatives were not asked for or T_b = 0 (no frames).
 * The structural check comes first: an infeasible sample is 'impossible' whatever its frames hold.
 */
export type SampleOutcome =
  | { readonly kind: 'impossible' }
  | { readonly kind: 'nan' }
  | { readonly kind: 'ok'; readonly loss: number; readonly state: SampleState | null };

/** Runs one sample b: forward always; backward, posteriors and occupancy when `derivatives`. */
export function runSample(batch: CtcBatch, b: number, opts: ResolvedCtcOptions, derivatives: boolean): SampleOutcome {
  const { C, L } = batch.dims;
  const Tb = batch.logitLength[b];
  const U = batch.labelLength[b];
  if (!isFeasible(opts.variant, Tb, batch.labels, b * L, U)) return { kind: 'impossible' };
  if (Tb === 0) return { kind: 'ok', loss: 0, state: null }; // U = 0 here: the empty alignment

  const { z, p, invalid } = sampleLogProbs(batch, b, Tb, opts.inputs);
  if (invalid) return { kind: 'nan' };
  const lattice = buildLattice(opts.variant, batch.labels, b * L, U, opts.blankIndex);
  const alpha = forward(lattice, z, Tb, C); // [Tb, S]
  const logP = logLikelihood(lattice, alpha, Tb);
  if (logP === -Infinity) return { kind: 'impossible' };
  const loss = 0 - logP; // +0, never -0, for a certain alignment
  if (!derivatives) return { kind: 'ok', loss, state: null };

  const beta = backward(lattice, z, Tb, C); // [Tb, S]
  const post = statePosteriors(lattice, alpha, beta, Tb); // [Tb, S]
  const gamma = tokenOccupancy(lattice, post, Tb, C); // [Tb, C]
  return { kind: 'ok', loss, state: { lattice, z, p, alpha, beta, post, gamma, Tb, C } };
}

/** The loss value an outcome reports. */
export function outcomeLoss(outcome: SampleOutcome, zeroInfinity: boolean): number {
  if (outcome.kind === 'impossible') return zeroInfinity ? 0 : Infinity;
  if (outcome.kind === 'nan') return NaN;
  return outcome.loss;
}
