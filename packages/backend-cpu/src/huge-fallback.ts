import { HUGE_LOG, referenceSample } from '@seq2seq-losses/reference-cpu';

export { lossMayHideHugeLogs } from '@seq2seq-losses/reference-cpu';
import type { CtcBatch, ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { SampleOutputs } from './sample.js';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';

/**
 * True when some lattice token (blank or label) of a valid frame has |log-probability| >= 2^10:
 * float64 sums of such values and ordinary ones drop the ordinary parts (1e30 + 0.5 = 1e30), so the
 * sample goes to reference-cpu's exact wide log-values instead. Tokens outside the lattice (masked
 * vocabulary entries, say) never enter the recursions and do not count. Needs readFrames and
 * buildLattice first. O(Tb * S); solveSample runs it only when the loss passes lossMayHideHugeLogs
 * (>= 1000: only then can every alignment have paid a huge log-probability) and
 * mayHaveHugeLatticeLogs (O(Tb)) says a live state may hold one.
 */
export function hasHugeLatticeLogs(ws: Workspace, inp: SampleInput): boolean {
  const { x, xOff, Tb, C, S } = inp;
  const logits = inp.inputs === 'logits';
  for (let t = 0; t < Tb; t++) {
    const row = xOff + t * C;
    for (let s = 0; s < S; s++) {
      const v = x[row + ws.token[s + 2]];
      const z = logits ? v - ws.frameMax[t] - ws.frameLogZ[t] : v; // [t, token[s]] log-probability
      if (z <= -HUGE_LOG || (z >= HUGE_LOG && z !== Infinity)) return true;
    }
  }
  return false;
}

/**
 * Whether hasHugeLatticeLogs may find one, in O(Tb), after a probability-space forward pass
 * (`probabilityPath`): in 'logits' mode a log-probability <= -2^10 on a live state has
 * x - max <= -2^10 + log Z < -745 (log Z <= log C < 279), so E = exp(x - max) = 0 there, A = 0,
 * and the pass set ws.tiny. In 'logProbs' mode the same holds on frames whose max is at least
 * 745 - 2^10 = -279; a frame below that, or with a max >= 2^10, may hold one. States outside the live
 * window never enter the recursions, so only live ones can need the exact path. Off that path
 * (log space), true. At T = 1000 the full O(Tb S) check took 30% of a call (its loss passes 1000).
 */
export function mayHaveHugeLatticeLogs(ws: Workspace, inp: SampleInput, probabilityPath: boolean): boolean {
  if (!probabilityPath || ws.tiny) return true;
  if (inp.inputs === 'logits') return false;
  for (let t = 0; t < inp.Tb; t++) {
    const m = ws.frameMax[t];
    if (m >= HUGE_LOG || m < -HUGE_LOG - EXP_ZERO_BELOW) return true; // below -279: x <= -2^10 may not underflow
  }
  return false;
}

/** expNonPositive (and the kernels' exp) give exactly 0 at and below this. */
const EXP_ZERO_BELOW = -745;

/** Solves sample b with reference-cpu (exact at any magnitude) and writes all its outputs. */
export function solveWithReference(batch: CtcBatch, b: number, opts: ResolvedCtcOptions, out: SampleOutputs): void {
  const { T, C } = batch.dims;
  const r = referenceSample(batch, b, opts, {
    gradient: out.gradient !== null,
    direction: out.hvp ? (out.direction ?? undefined) : undefined,
    hessian: out.hessian !== null,
  });
  out.loss[b] = r.loss[0];
  if (out.gradient && r.gradient) out.gradient.set(r.gradient, b * T * C);
  if (out.hvp && r.hvp) out.hvp.set(r.hvp, b * T * C);
  if (out.hessian && r.hessian) out.hessian.set(r.hessian, b * T * C * T * C);
}
