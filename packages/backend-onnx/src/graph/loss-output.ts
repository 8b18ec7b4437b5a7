import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { ELEM, valueInfo } from '../onnx/proto.js';
import { INPUT } from './io-names.js';
import type { Lattice } from './lattice.js';
import { probForward, type ProbForward } from './prob-forward.js';

/** Batches with B * T * S at most this take the probability-space forward pass for their loss. */
export const PROB_PATH_MAX_STATES = 1 << 20;

/** Builds the log-space loss [B] in the given (sub)graph, or names one the caller already has. */
export type LogLossSource = (g: GraphBuilder) => string;

/**
 * The `loss` output [B] of every model, so that loss(), lossAndGradient() and the HVP agree bit for bit:
 * - B * T * S <= 2^20: the probability-space forward pass (prob-forward.ts: no Exp/Log per step,
 *   ~2x cheaper than log space), with the exact log-space loss for the samples it cannot trust
 *   (computed, inside an `If`, only when there are such samples);
 * - larger batches: the log-space loss (the derivative models have it anyway; a second pass there
 *   would cost more than it saves).
 * Edge cases as in outcome.ts: NaN for an invalid sample, +inf when infeasible or impossible.
 * The loss+gradient model passes its own full probability-space pass and trust test instead
 * (prob-gradient.ts: `probLossFrom`), at every size.
 */
export function lossOutput(g: GraphBuilder, lat: Lattice, variant: CtcVariant, inputs: CtcInputMode, logLoss: LogLossSource): string {
  const dim = (x: string, i: number) => g.op('Gather', [g.op('Shape', [x]), g.int(i)]); // [] int64
  const states = g.op('Mul', [g.op('Mul', [dim(INPUT.logits, 0), dim(INPUT.logits, 1)]), lat.S]);
  const small = g.op('LessOrEqual', [states, g.int(PROB_PATH_MAX_STATES)]);

  const probBranch = new GraphBuilder('pb', g.dtype);
  probBranch.named('Identity', [probLoss(probBranch, lat, variant, inputs, logLoss)], 'pb_loss');
  const logBranch = new GraphBuilder('sb', g.dtype);
  logBranch.named('Identity', [logLoss(logBranch)], 'sb_loss');
  return g.op('If', [small], {
    then_branch: probBranch.graph('probability_space_loss', [], lossInfo(g, 'pb_loss')),
    else_branch: logBranch.graph('log_space_loss', [], lossInfo(g, 'sb_loss')),
  });
}

function lossInfo(g: GraphBuilder, name: string) {
  return [valueInfo(name, g.dtype, ['B'])];
}

function probLoss(g: GraphBuilder, lat: Lattice, variant: CtcVariant, inputs: CtcInputMode, logLoss: LogLossSource): string {
  return probLossFrom(g, lat, probForward(g, lat, variant, inputs), inputs, logLoss);
}

/** The loss [B] from a probability-space pass, with the exact log-space loss where `prob.untrusted`. */
export function probLossFrom(g: GraphBuilder, lat: Lattice, prob: Pick<ProbForward, 'negLogP' | 'untrusted'>, inputs: CtcInputMode, logLoss: LogLossSource): string {
  let negLogP = g.dtype === 'float64' ? prob.negLogP : g.op('Cast', [prob.negLogP], { to: ELEM.float32 });
  // Round-off may give -1e-7 for a certain alignment; NaN < 0 is false, so NaN stays NaN.
  if (inputs === 'logits') negLogP = g.op('Where', [g.op('Less', [negLogP, g.float([0])]), g.float([0]), negLogP]);
  const loss = g.op('Where', [lat.feasible, g.op('Where', [lat.invalid, g.float([NaN]), negLogP]), g.float([Infinity])]); // [B]
  const fallback = g.op('And', [prob.untrusted, g.op('And', [lat.feasible, g.op('Not', [lat.invalid])])]); // [B]

  const exact = new GraphBuilder(`${g.prefix}x`, g.dtype);
  exact.named('Where', [fallback, logLoss(exact), loss], `${g.prefix}x_loss`);
  const keep = new GraphBuilder(`${g.prefix}k`, g.dtype);
  keep.named('Identity', [loss], `${g.prefix}k_loss`);
  const anyFallback = g.op('Cast', [g.op('ReduceMax', [g.op('Cast', [fallback], { to: ELEM.float32 })], { keepdims: 0 })], { to: ELEM.bool });
  return g.op('If', [anyFallback], {
    then_branch: exact.graph('exact_loss', [], lossInfo(g, `${g.prefix}x_loss`)),
    else_branch: keep.graph('trusted_loss', [], lossInfo(g, `${g.prefix}k_loss`)),
  });
}
