import type { CtcBatch, CtcHessianVectorProduct, FloatArray } from '@seq2seq-losses/spec';

/**
 * The full per-sample Hessian [B, T, C, T, C] from one batched HVP: every sample b is repeated
 * K = T*C times with the unit directions e_k, so tiled sample b*K + k returns H_b e_k, the k-th
 * column (= row, H is symmetric). Laid out [B, K, T*C], the HVP output is already [B, T, C, T, C].
 * Memory: the tiled batch holds B*K*T*C floats, the size of the Hessian itself.
 */
export async function hessianColumnsBatch(
  batch: CtcBatch,
  hvp: (batch: CtcBatch, direction: FloatArray) => Promise<CtcHessianVectorProduct>,
): Promise<Float32Array> {
  const { B, T, C, L } = batch.dims;
  const K = T * C;
  const n = B * K;
  const logits = new Float32Array(n * K);
  const direction = new Float32Array(n * K);
  const labels = new Int32Array(n * L);
  const labelLength = new Int32Array(n);
  const logitLength = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    const x = batch.logits.subarray(b * K, (b + 1) * K);
    for (let k = 0; k < K; k++) {
      const i = b * K + k;
      logits.set(x, i * K);
      direction[i * K + k] = 1;
      labels.set(batch.labels.subarray(b * L, (b + 1) * L), i * L);
      labelLength[i] = batch.labelLength[b];
      logitLength[i] = batch.logitLength[b];
    }
  }
  const tiled: CtcBatch = { logits, labels, labelLength, logitLength, dims: { B: n, T, C, L } };
  const r = await hvp(tiled, direction);
  return r.hvp instanceof Float32Array ? r.hvp : Float32Array.from(r.hvp);
}
