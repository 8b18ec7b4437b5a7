import type { CtcInputMode } from '@seq2seq-losses/spec';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { INPUT } from './io-names.js';
import { gatherStates, type Lattice } from './lattice.js';
import { edgeRows, lowest, negInf, shifted12 } from './log-space-ops.js';
import { toTokens, type Occupancy } from './occupancy.js';
import { applyOutcome, type Outcome } from './outcome.js';
import { scanTangent, type EdgeWeights } from './scan-tangent.js';

/**
 * Hessian-vector product in O(B T S), per docs/math.md:
 *   logits:   Hv = p * v - p (p . v) - Cov(n) v
 *   logProbs: Hv = -Cov(n) v
 * Cov(n) v at (t, c) = sum over states s emitting c of post_t(s) (h_t(s) - E_t[h]), h = r + q,
 * computed with the direction centred per frame under the posterior (v' = v - gamma . v),
 * which changes nothing exactly and keeps float32 errors small.
 * @param alpha,beta [T, S, B] (normalised per frame)
 * @param direction [B, T, C] the direction input, or a float64 copy of it
 * @returns [B, T, C] with the contract applied
 */
export function hessianVectorProduct(
  g: GraphBuilder,
  lat: Lattice,
  alpha: string,
  beta: string,
  occ: Occupancy,
  outcome: Outcome,
  inputs: CtcInputMode,
  direction: string = INPUT.direction,
): string {
  const zero = g.float([0]);
  const keep = outcome.keep;
  const v = g.op('Where', [keep, direction, zero]); // [B, T, C] padded frames never read
  const gamma = g.op('Where', [keep, occ.gamma, zero]);
  const vMean = g.op('ReduceSum', [g.op('Mul', [gamma, v]), g.int([-1])], { keepdims: 1 }); // [B, T, 1]
  const tangents = gatherStates(g, g.op('Sub', [v, vMean]), lat); // [T, S, B]

  const { weightsFwd, weightsBwd } = transitionWeights(g, lat, alpha, beta);
  const { r, q } = scanTangent(g, lat, weightsFwd, weightsBwd, tangents);
  const h = g.op('Add', [r, q]); // [T, S, B] E[V | in s at t]
  const mean = g.op('ReduceSum', [g.op('Mul', [occ.post, h]), g.int([1])], { keepdims: 1 }); // [T, 1, B] E[V]
  const covV = toTokens(g, lat, g.op('Mul', [occ.post, g.op('Sub', [h, mean])])); // [B, T, C]
  return hvpFromCovariance(g, lat, covV, v, outcome, inputs);
}

/**
 * Hv from Cov(n) v [B, T, C]: logits p * v - p (p . v) - Cov(n) v, logProbs -Cov(n) v; the contract applied.
 * @param v [B, T, C] the direction, 0 (never NaN) on padded frames
 */
export function hvpFromCovariance(g: GraphBuilder, lat: Lattice, covV: string, v: string, outcome: Outcome, inputs: CtcInputMode): string {
  let hv: string;
  if (inputs === 'logits') {
    const p = g.op('Exp', [lat.logProbs]);
    const pv = g.op('Mul', [p, v]);
    const softmaxTerm = g.op('Sub', [pv, g.op('Mul', [p, g.op('ReduceSum', [pv, g.int([-1])], { keepdims: 1 })])]);
    hv = g.op('Sub', [softmaxTerm, covV]);
  } else {
    hv = g.op('Neg', [covV]);
  }
  return applyOutcome(g, outcome, hv);
}

/**
 * Normalised lattice weights for every frame at once, three [T, S, B] tensors each (d = 0, 1, 2):
 * - fwd[d][t](s) = alpha_{t-1}(s - d) / sum_d' alpha_{t-1}(s - d')  over edges into s;
 * - bwd[d][t](s) = (z_{t+1} beta_{t+1})(s + d) / sum_d' (...)(s + d') over edges out of s (0 at t = T-1).
 */
function transitionWeights(g: GraphBuilder, lat: Lattice, alpha: string, beta: string) {
  const ninf = negInf(g);
  const first = g.op('Unsqueeze', [lat.alphaInit, g.int([0])]); // [1, S, B]
  const alphaPrev = g.op('Concat', [first, g.op('Slice', [alpha, g.int([0]), g.int([-1]), g.int([0])])], { axis: 0 });
  const weighted = g.op('Add', [beta, lat.emissions]); // [T, S, B] beta_t + z_t
  const lastRow = g.op('Expand', [ninf, g.op('Shape', [first])]); // [1, S, B]
  const next = g.op('Concat', [g.op('Slice', [weighted, g.int([1]), g.int([Number.MAX_SAFE_INTEGER]), g.int([0])]), lastRow], { axis: 0 });
  return {
    weightsFwd: edgeSoftmax(g, alphaPrev, edgeRows(g, lat.fwdBias), 1),
    weightsBwd: edgeSoftmax(g, next, edgeRows(g, lat.bwdBias), -1),
  };
}

/** softmax over d of x(s -/+ d) + bias_d(s), for x [T, S, B]; all-masked states get weights 0. */
function edgeSoftmax(g: GraphBuilder, x: string, bias: { stay: string; step: string; skip: string }, sign: 1 | -1): EdgeWeights {
  const moved = [x, ...shifted12(g, x, sign, 3)];
  const terms = [bias.stay, bias.step, bias.skip].map((b, d) => g.op('Add', [moved[d], b]));
  const m = g.op('Max', [...terms, lowest(g)]);
  const scaled = terms.map((t) => g.op('Exp', [g.op('Sub', [t, m])]));
  const sum = g.op('Add', [g.op('Add', [scaled[0], scaled[1]]), scaled[2]]);
  const denominator = g.op('Max', [sum, g.float([1])]); // sum is 0 or >= 1: exact, no 0/0
  const [w0, w1, w2] = scaled.map((e) => g.op('Div', [e, denominator]));
  return [w0, w1, w2];
}
