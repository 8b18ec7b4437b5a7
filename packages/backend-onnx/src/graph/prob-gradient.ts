import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { ELEM, valueInfo } from '../onnx/proto.js';
import type { Lattice } from './lattice.js';
import { gradient, occupancy } from './occupancy.js';
import { outcomeFromAlpha, type Outcome } from './outcome.js';
import { probLossFrom, type LogLossSource } from './loss-output.js';
import { probForward, type FullPass } from './prob-forward.js';
import { scanLattice } from './scan-lattice.js';
import { gatherStates } from './lattice.js';

/** Smallest trusted per-frame mass M_t (see probGradient): e^-600, as for the loss. */
const MIN_FRAME_MASS = Math.exp(-600);

/**
 * loss [B] and gradient [B, T, C] from the probability-space pass over every frame (prob-forward.ts,
 * `full`):
 *   num_t(s) = alpha_t(s) beta_t(s), each rescaled  (float64, [K, S, B] per half)
 *   gamma_t(c) = sum_{s: l'_s = c} num_t(s) / M_t,  M_t = sum_s num_t(s)  (normalised per frame,
 *   after the token sum: one batched one-hot MatMul, the division on [B, T, C] only)
 * Trust: P = A_{t-1} B_{t+1} M_t at every frame (A, B the normaliser products of the two halves).
 * An underflow in a rescaled column (which sums to 1) is off by <= 5e-324; through beta <= 3 B it
 * carries at most ~1.5e-323 / M_t of P, so a sample whose every M_t >= e^-600 is exact to far below
 * float64 precision in its loss and its posteriors. This is sharper than the loss model's test (which
 * only sees the meeting frame), and the loss model runs in log space above 2^20 states, so the two
 * models' losses may differ in the last bits where they take different paths. Other samples (live states far below dead ones, logits of 1e10, float32
 * emissions below e^-80) take the exact log-space loss and gradient, each computed inside an `If`
 * only when some sample needs it.
 */
export function probLossAndGradient(g: GraphBuilder, lat: Lattice, variant: CtcVariant, inputs: CtcInputMode, logLoss: LogLossSource): { loss: string; gradient: string } {
  const prob = probForward(g, lat, variant, inputs, true);
  const { gamma, mass } = probOccupancy(g, lat, prob.full!);
  const minMass = g.op('ReduceMin', [mass], { axes: [1, 2], keepdims: 0 }); // [B]
  const finite = g.op('Less', [g.op('Abs', [prob.negLogP]), g.float([Infinity], [], 'float64')]);
  const massOk = g.op('GreaterOrEqual', [minMass, g.float([MIN_FRAME_MASS], [], 'float64')]); // NaN: false
  let untrusted = g.op('Not', [g.op('And', [massOk, finite])]); // [B]
  if (prob.emissionUnderflow) untrusted = g.op('Or', [untrusted, prob.emissionUnderflow]);
  const loss = probLossFrom(g, lat, { negLogP: prob.negLogP, untrusted }, inputs, logLoss);
  const probGrad = gradient(g, lat, gamma, probOutcome(g, lat, loss), inputs);
  const fallback = g.op('And', [untrusted, g.op('And', [lat.feasible, g.op('Not', [lat.invalid])])]); // [B]

  const exact = new GraphBuilder(`${g.prefix}gx`, g.dtype);
  const scan = scanLattice(exact, lat, true, gatherStates(exact, lat.logProbs, lat));
  const outcome = outcomeFromAlpha(exact, lat, scan, inputs);
  const logGrad = gradient(exact, lat, occupancy(exact, lat, scan.alpha!, scan.beta!).gamma, outcome, inputs);
  const pick = exact.op('Unsqueeze', [fallback, exact.int([1, 2])]); // [B, 1, 1]
  exact.named('Where', [pick, logGrad, probGrad], `${g.prefix}gx_grad`);
  const keep = new GraphBuilder(`${g.prefix}gk`, g.dtype);
  keep.named('Identity', [probGrad], `${g.prefix}gk_grad`);
  const info = (name: string) => [valueInfo(name, g.dtype, ['B', 'T', 'C'])];
  const anyFallback = g.op('Cast', [g.op('ReduceMax', [g.op('Cast', [fallback], { to: ELEM.float32 })], { keepdims: 0 })], { to: ELEM.bool });
  const grad = g.op('If', [anyFallback], {
    then_branch: exact.graph('exact_gradient', [], info(`${g.prefix}gx_grad`)),
    else_branch: keep.graph('trusted_gradient', [], info(`${g.prefix}gk_grad`)),
  });
  return { loss, gradient: grad };
}

/** gamma [B, T, C] (model dtype) and the frame masses M_t [B, T, 1] (float64) of the full pass. */
function probOccupancy(g: GraphBuilder, lat: Lattice, full: FullPass): { gamma: string; mass: string } {
  const oneHot = g.dtype === 'float64' ? lat.tokenOneHot : g.op('Cast', [lat.tokenOneHot], { to: ELEM.float64 }); // [B, S, C]
  const tokens = (alpha: string, beta: string) => {
    const num = g.op('Mul', [alpha, beta]); // [K, S, B] ~ alpha_t(s) beta_t(s)
    return g.op('MatMul', [g.op('Transpose', [num], { perm: [2, 0, 1] }), oneHot]); // [B, K, C]
  };
  const raw = g.op('Concat', [tokens(full.alphaFirst, full.betaSecond), tokens(full.alphaSecond, full.betaFirst)], { axis: 1 }); // [B, T', C]
  const T = g.op('Unsqueeze', [g.op('Gather', [g.op('Shape', [lat.logProbs]), g.int(1)]), g.int([0])]);
  const perToken = g.op('Slice', [raw, g.int([0]), T, g.int([1])]); // [B, T, C]
  const mass = g.op('ReduceSum', [perToken, g.int([2])], { keepdims: 1 }); // [B, T, 1] M_t
  const gamma64 = g.op('Div', [perToken, mass]);
  return { gamma: g.dtype === 'float64' ? gamma64 : g.op('Cast', [gamma64], { to: ELEM.float32 }), mass };
}

/** The edge-case contract from the final loss: derivatives kept where it is finite, NaN on invalid samples. */
export function probOutcome(g: GraphBuilder, lat: Lattice, loss: string): Outcome {
  const finite = g.op('Not', [g.op('Or', [g.op('IsNaN', [loss]), g.op('IsInf', [loss])])]); // [B]
  const nanSample = g.op('And', [lat.feasible, lat.invalid]); // [B]
  const perFrame = (sample: string) => g.op('Unsqueeze', [g.op('And', [lat.frameValid, g.op('Unsqueeze', [sample, g.int([1])])]), g.int([2])]);
  return { loss, keep: perFrame(finite), nanFrame: perFrame(nanSample) };
}
