import { isFeasible, lossRule, sampleLoss, SampleStatus, type CtcBatch, type ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { addLogs, backward, emitTimesBeta, forward, logLikelihood } from './forward-backward.js';
import { buildLattice, type Lattice } from './lattice.js';
import { sampleLogProbs } from './log-probs.js';
import { statePosteriors, tokenOccupancy } from './occupancy.js';
import type { TangentInputs } from './tangent.js';
import { HUGE_LOG } from './wide-log.js';
import { wideForwardBackward } from './wide-forward-backward.js';

/** Everything the derivatives of one sample need; Tb >= 1. */
export interface SampleState extends TangentInputs {
  /** [Tb, C] softmax of the logits ('logits' mode) or null ('logProbs'). */
  readonly p: Float64Array | null;
}

/**
 * The outcome for one sample (its loss by spec's sampleLoss):
 * - 'impossible': no alignment (T_b < U_b + R_b, or every alignment has probability 0 because of -inf
 *   inputs): every derivative 0.
 * - 'nan': a valid frame is all -inf or holds NaN / +inf: the derivatives on valid frames NaN.
 * - 'ok': finite log-likelihood; `state` is null when derivatives were not asked for or T_b = 0.
 * The structural check comes first: an infeasible sample is 'impossible' whatever its frames hold.
 */
export type SampleOutcome =
  | { readonly kind: 'impossible' }
  | { readonly kind: 'nan' }
  | { readonly kind: 'ok'; readonly logLikelihood: number; readonly state: SampleState | null };

/** Runs one sample b: forward always; backward, posteriors and occupancy when `derivatives`. */
export function runSample(batch: CtcBatch, b: number, opts: ResolvedCtcOptions, derivatives: boolean): SampleOutcome {
  const { C, L } = batch.dims;
  const Tb = batch.logitLength[b];
  const U = batch.labelLength[b];
  if (!isFeasible(opts.variant, Tb, batch.labels, b * L, U)) return { kind: 'impossible' };
  if (Tb === 0) return { kind: 'ok', logLikelihood: 0, state: null }; // U = 0 here: the empty alignment

  const { z, p, invalid } = sampleLogProbs(batch, b, Tb, opts.inputs);
  if (invalid) return { kind: 'nan' };
  const lattice = buildLattice(opts.variant, batch.labels, b * L, U, opts.blankIndex);
  const solve = hasHugeLogs(z) ? solveWide : solvePlain;
  return solve(lattice, z, p, Tb, C, derivatives);
}

/** True when some finite log-probability has magnitude >= 2^10: float64 sums could drop ordinary parts. */
function hasHugeLogs(z: Float64Array): boolean {
  for (let i = 0; i < z.length; i++) if (Number.isFinite(z[i]) && Math.abs(z[i]) >= HUGE_LOG) return true;
  return false;
}

type Solver = (lattice: Lattice, z: Float64Array, p: Float64Array | null, Tb: number, C: number, derivatives: boolean) => SampleOutcome;

/** Float64 log space: exact while every log-probability is ordinary-sized. */
const solvePlain: Solver = (lattice, z, p, Tb, C, derivatives) => {
  const alpha = forward(lattice, z, Tb, C); // [Tb, S]
  const logP = logLikelihood(lattice, alpha, Tb);
  if (logP === -Infinity) return { kind: 'impossible' };
  if (!derivatives) return { kind: 'ok', logLikelihood: logP, state: null };

  const beta = backward(lattice, z, Tb, C); // [Tb, S]
  const emitBeta = emitTimesBeta(lattice, z, beta, Tb, C); // [Tb, S]
  const post = statePosteriors(addLogs(alpha, beta), Tb, lattice.S); // [Tb, S]
  const gamma = tokenOccupancy(lattice, post, Tb, C); // [Tb, C]
  return { kind: 'ok', logLikelihood: logP, state: { lattice, p, alpha, emitBeta, post, gamma, Tb, C } };
};

/** Wide log-values (wide-log.ts): exact at any magnitude, for samples with huge log-probabilities. */
const solveWide: Solver = (lattice, z, p, Tb, C, derivatives) => {
  const fb = wideForwardBackward(lattice, z, Tb, C, derivatives);
  if (fb.logP === -Infinity) return { kind: 'impossible' };
  if (!derivatives || !fb.emitBeta || !fb.logPost) return { kind: 'ok', logLikelihood: fb.logP, state: null };
  const post = statePosteriors(fb.logPost, Tb, lattice.S); // [Tb, S]
  const gamma = tokenOccupancy(lattice, post, Tb, C); // [Tb, C]
  return { kind: 'ok', logLikelihood: fb.logP, state: { lattice, p, alpha: fb.alpha, emitBeta: fb.emitBeta, post, gamma, Tb, C } };
};

const STATUS = { impossible: SampleStatus.Infeasible, nan: SampleStatus.Invalid, ok: SampleStatus.Ok } as const;

/** The loss an outcome reports: spec's rule, -log p as computed (the float64 oracle clamps nothing). */
export function outcomeLoss(outcome: SampleOutcome, opts: ResolvedCtcOptions): number {
  return sampleLoss(STATUS[outcome.kind], outcome.kind === 'ok' ? outcome.logLikelihood : NaN, lossRule(opts, false));
}
