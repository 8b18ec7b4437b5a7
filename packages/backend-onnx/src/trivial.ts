import { isFeasible, lossRule, sampleLoss, SampleStatus, type CtcBatch, type FloatArray, type ResolvedCtcOptions } from '@seq2seq-losses/spec';
import type { OnnxDtype } from './onnx/proto.js';

/**
 * B = 0 or T = 0 (no frames at all): answered without a session (the models assume T >= 1).
 * loss_b = 0 if U_b = 0, else spec's infeasible loss (+inf, 0 with zeroInfinity); every derivative array is empty.
 */
export function emptyFrameResult(batch: CtcBatch, opts: ResolvedCtcOptions, dtype: OnnxDtype) {
  const { B, L } = batch.dims;
  const make = (n: number): FloatArray => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
  const loss = make(B);
  const rule = lossRule(opts, true);
  for (let b = 0; b < B; b++) {
    const feasible = isFeasible(opts.variant, batch.logitLength[b], batch.labels, b * L, batch.labelLength[b]);
    loss[b] = sampleLoss(feasible ? SampleStatus.Ok : SampleStatus.Infeasible, 0, rule); // T_b = 0: log p = 0 when feasible
  }
  const size = batch.dims.B * batch.dims.T * batch.dims.C;
  return { loss, gradient: make(size), hvp: make(size) };
}
