import { hessianFromHvps, type CtcBatch, type CtcHessianVectorProduct, type FloatArray } from '@seq2seq-losses/spec';

/**
 * The full per-sample Hessian [B, T, C, T, C] in float32 from batched HVPs with unit directions
 * (spec's hessianFromHvps: rows t < T_b in chunks of copies of their sample, rows t >= T_b 0).
 */
export async function hessianColumnsBatch(
  batch: CtcBatch,
  hvp: (batch: CtcBatch, direction: FloatArray) => Promise<CtcHessianVectorProduct>,
): Promise<Float32Array> {
  return (await hessianFromHvps(batch, 'float32', async (sub, direction) => (await hvp(sub, direction)).hvp)) as Float32Array;
}
