import { hessianFromHvps, type BatchedHvp, type CtcBatch, type FloatArray } from '@seq2seq-losses/spec';
import type { OnnxDtype } from './onnx/proto.js';

/** The full per-sample Hessian [B, T, C, T, C] in `dtype` from batched unit-direction HVPs (spec's hessianFromHvps). */
export function assembleHessian(batch: CtcBatch, dtype: OnnxDtype, hvp: BatchedHvp): Promise<FloatArray> {
  return hessianFromHvps(batch, dtype, hvp);
}
