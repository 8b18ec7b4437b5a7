import type { CtcBatch, FloatArray } from './batch.js';

/** A batched HVP: direction [n, T, C] for sub-batch `sub` of n samples -> H_i direction_i, [n, T, C]. */
export type BatchedHvp = (sub: CtcBatch, direction: FloatArray) => Promise<FloatArray>;

/** Most elements of one replicated HVP batch ([n, T, C]) before a new chunk starts. */
export const HESSIAN_CHUNK_ELEMENTS = 1 << 21;

/**
 * The full per-sample Hessian [B, T, C, T, C] from HVPs with unit directions: row j = t C + c of
 * sample b is H_b e_j (its column too: H_b is symmetric). Rows t < T_b are batched, each one a copy
 * of its sample with a one-hot direction, n rows per call with n T C <= chunkElements; rows t >= T_b
 * stay 0 (the contract: padded frames have zero derivatives). `precision` is the result's element type.
 */
export async function hessianFromHvps(
  batch: CtcBatch,
  precision: 'float32' | 'float64',
  hvp: BatchedHvp,
  chunkElements: number = HESSIAN_CHUNK_ELEMENTS,
): Promise<FloatArray> {
  const { B, T, C, L } = batch.dims;
  const TC = T * C;
  const make = (n: number): FloatArray => (precision === 'float64' ? new Float64Array(n) : new Float32Array(n));
  const hessian = make(B * TC * TC); // [B, T C, T C]
  const rows: Array<[number, number]> = []; // (b, j = t * C + c) with t < T_b
  for (let b = 0; b < B; b++) for (let j = 0; j < batch.logitLength[b] * C; j++) rows.push([b, j]);
  const chunk = Math.max(1, Math.floor(chunkElements / Math.max(1, TC)));
  const Logits = batch.logits.constructor as Float32ArrayConstructor | Float64ArrayConstructor;

  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const n = part.length;
    const logits = new Logits(n * TC); // [n, T, C]
    const labels = new Int32Array(n * L); // [n, L]
    const labelLength = new Int32Array(n);
    const logitLength = new Int32Array(n);
    const direction = make(n * TC); // [n, T, C] one-hot rows
    part.forEach(([b, j], i) => {
      logits.set(batch.logits.subarray(b * TC, (b + 1) * TC), i * TC);
      labels.set(batch.labels.subarray(b * L, (b + 1) * L), i * L);
      labelLength[i] = batch.labelLength[b];
      logitLength[i] = batch.logitLength[b];
      direction[i * TC + j] = 1;
    });
    const hv = await hvp({ logits, labels, labelLength, logitLength, dims: { B: n, T, C, L } }, direction); // [n, T, C]
    part.forEach(([b, j], i) => hessian.set(hv.subarray(i * TC, (i + 1) * TC), (b * TC + j) * TC));
  }
  return hessian;
}
