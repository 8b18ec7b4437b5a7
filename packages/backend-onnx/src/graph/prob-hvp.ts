import type { CtcInputMode } from '@seq2seq-losses/spec';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { ELEM, valueInfo } from '../onnx/proto.js';
import { hessianVectorProduct, hvpFromCovariance } from './hvp.js';
import { gatherStates, type Lattice } from './lattice.js';
import { gradient, occupancy, toTokens } from './occupancy.js';
import { outcomeFromAlpha } from './outcome.js';
import { probOutcome } from './prob-gradient.js';
import { probLattice } from './prob-lattice.js';
import { scanLattice } from './scan-lattice.js';

/** Smallest trusted per-frame mass M_t, as in prob-gradient.ts: e^-600. */
const MIN_FRAME_MASS = Math.exp(-600);

export interface HvpOutputs {
  readonly loss: string; // [B]
  readonly gradient: string; // [B, T, C]
  readonly hvp: string; // [B, T, C]
}

/**
 * Loss, gradient and HVP of the HVP model, in float64 (the graph's dtype), from the per-frame rescaled
 * probability-space alpha, beta and their tangents (prob-lattice.ts: no Exp or Log per step):
 *   post_t(s) = a_t(s) b_t(s) / M_t,  M_t = sum_s a_t(s) b_t(s)
 *   X_t(s) = post_t(s) (r_t + q_t)(s) = (rho_t b_t + a_t sigma_t)(s) / M_t
 *   Cov(n) v at (t, c) = sum over s emitting c of X_t(s) - post_t(s) sum_s' X_t(s')
 * The direction is not centred (in float64 the cancellation costs ~1e-12 at T=1000). Trust (as the
 * loss+gradient model): a sample whose every M_t >= e^-600 and whose loss is finite is exact far below
 * float64 precision; any other feasible, valid sample (live states far below dead ones, logits of 1e10,
 * -inf logits that cut every path) takes the log-space loss, gradient and HVP, computed inside an `If`
 * only when some sample needs them.
 */
export function probHessianVectorProduct(g: GraphBuilder, lat: Lattice, inputs: CtcInputMode, direction: string): HvpOutputs {
  const zero = g.float([0]);
  const v = g.op('Where', [g.op('Unsqueeze', [lat.frameValid, g.int([2])]), direction, zero]); // [B, T, C], padding never read
  const pl = probLattice(g, lat, gatherStates(g, v, lat));
  const num = g.op('Mul', [pl.alpha, pl.beta]); // [T, S, B]
  const mass = g.op('ReduceSum', [num, g.int([1])], { keepdims: 1 }); // [T, 1, B] M_t
  const post = g.op('Div', [num, mass]);
  const x = g.op('Div', [g.op('Add', [g.op('Mul', [pl.rho, pl.beta]), g.op('Mul', [pl.alpha, pl.sigma])]), mass]); // [T, S, B]
  const centred = g.op('Sub', [x, g.op('Mul', [post, g.op('ReduceSum', [x, g.int([1])], { keepdims: 1 })])]);

  let negLogP = pl.negLogP;
  // Round-off may give -1e-7 for a certain alignment; NaN < 0 is false, so NaN stays NaN.
  if (inputs === 'logits') negLogP = g.op('Where', [g.op('Less', [negLogP, zero]), zero, negLogP]);
  const loss = g.op('Where', [lat.feasible, g.op('Where', [lat.invalid, g.float([NaN]), negLogP]), g.float([Infinity])]); // [B]
  const minMass = g.op('ReduceMin', [mass], { axes: [0, 1], keepdims: 0 }); // [B]; NaN compares false below
  const finite = g.op('Less', [g.op('Abs', [pl.negLogP]), g.float([Infinity])]);
  const trusted = g.op('And', [g.op('GreaterOrEqual', [minMass, g.float([MIN_FRAME_MASS])]), finite]);
  const fallback = g.op('And', [g.op('Not', [trusted]), g.op('And', [lat.feasible, g.op('Not', [lat.invalid])])]); // [B]

  const outcome = probOutcome(g, lat, loss);
  const prob: HvpOutputs = {
    loss,
    gradient: gradient(g, lat, toTokens(g, lat, post), outcome, inputs),
    hvp: hvpFromCovariance(g, lat, toTokens(g, lat, centred), v, outcome, inputs),
  };
  return withLogSpaceFallback(g, lat, inputs, direction, fallback, prob);
}

/** Where some sample is untrusted: the log-space loss, gradient and HVP for those samples (inside an `If`). */
function withLogSpaceFallback(g: GraphBuilder, lat: Lattice, inputs: CtcInputMode, direction: string, fallback: string, prob: HvpOutputs): HvpOutputs {
  const names = { loss: `${g.prefix}hx_loss`, gradient: `${g.prefix}hx_grad`, hvp: `${g.prefix}hx_hvp` };
  const exact = new GraphBuilder(`${g.prefix}hx`, g.dtype);
  const scan = scanLattice(exact, lat, true);
  const outcome = outcomeFromAlpha(exact, lat, scan, inputs);
  const occ = occupancy(exact, lat, scan.alpha!, scan.beta!);
  const pickB = fallback; // [B]
  const pickBTC = exact.op('Unsqueeze', [fallback, exact.int([1, 2])]); // [B, 1, 1]
  exact.named('Where', [pickB, outcome.loss, prob.loss], names.loss);
  exact.named('Where', [pickBTC, gradient(exact, lat, occ.gamma, outcome, inputs), prob.gradient], names.gradient);
  exact.named('Where', [pickBTC, hessianVectorProduct(exact, lat, scan.alpha!, scan.beta!, occ, outcome, inputs, direction), prob.hvp], names.hvp);
  const keep = new GraphBuilder(`${g.prefix}hk`, g.dtype);
  const kept = { loss: `${g.prefix}hk_loss`, gradient: `${g.prefix}hk_grad`, hvp: `${g.prefix}hk_hvp` };
  keep.named('Identity', [prob.loss], kept.loss);
  keep.named('Identity', [prob.gradient], kept.gradient);
  keep.named('Identity', [prob.hvp], kept.hvp);
  const infos = (n: typeof names) => [
    valueInfo(n.loss, g.dtype, ['B']),
    valueInfo(n.gradient, g.dtype, ['B', 'T', 'C']),
    valueInfo(n.hvp, g.dtype, ['B', 'T', 'C']),
  ];
  const anyFallback = g.op('Cast', [g.op('ReduceMax', [g.op('Cast', [fallback], { to: ELEM.float32 })], { keepdims: 0 })], { to: ELEM.bool });
  const [loss, grad, hvp] = g.opN('If', [anyFallback], 3, {
    then_branch: exact.graph('exact_hvp', [], infos(names)),
    else_branch: keep.graph('trusted_hvp', [], infos(kept)),
  });
  return { loss, gradient: grad, hvp };
}
