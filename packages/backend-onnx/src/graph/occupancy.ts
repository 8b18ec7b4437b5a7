import type { CtcInputMode } from '@seq2seq-losses/spec';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { Lattice } from './lattice.js';
import { logSumExp, softmaxWeights } from './log-space-ops.js';
import { applyOutcome, type Outcome } from './outcome.js';

export interface Occupancy {
  /** [T, S, B] state posterior, normalised within each frame (sums to 1 on valid frames). */
  readonly post: string;
  /** [B, T, C] gamma[b, t, c] = sum over states emitting c of post (not masked). */
  readonly gamma: string;
}

/**
 * post_t(s) = exp(alpha_t(s) + beta_t(s) - lse_s(alpha_t + beta_t)): normalising per frame instead
 * of by the loss keeps float32 errors independent of the loss size.
 */
export function occupancy(g: GraphBuilder, lat: Lattice, alpha: string, beta: string): Occupancy {
  const post = softmaxWeights(g, logSumExp(g, g.op('Add', [alpha, beta]), 1)); // [T, S, B]
  return { post, gamma: toTokens(g, lat, post) };
}

/** [T, S, B] per-state values -> [B, T, C] summed per emitted token (a batched one-hot MatMul). */
export function toTokens(g: GraphBuilder, lat: Lattice, perState: string): string {
  return g.op('MatMul', [g.op('Transpose', [perState], { perm: [2, 0, 1] }), lat.tokenOneHot]);
}

/** logits: dL/dx = p - gamma; logProbs: dL/dz = -gamma; the contract applied. [B, T, C] */
export function gradient(g: GraphBuilder, lat: Lattice, gamma: string, outcome: Outcome, inputs: CtcInputMode): string {
  const raw = inputs === 'logits' ? g.op('Sub', [g.op('Exp', [lat.logProbs]), gamma]) : g.op('Neg', [gamma]);
  return applyOutcome(g, outcome, raw);
}
