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
 * (>= 1000: only then can every alignment have paid a huge log-probability).
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
