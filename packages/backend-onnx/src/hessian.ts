import type { CtcBatch, FloatArray } from '@seq2seq-losses/spec';
import type { OnnxDtype } from './onnx/proto.js';

/** Most elements of one replicated HVP batch ([n, T, C]) before a new chunk starts. */
const CHUNK_ELEMENTS = 1 << 21;

/**
 * The full per-sample Hessian [B, T, C, T, C] from HVPs with unit directions: row (t, c) of sample b
 * is H_b e_{t,c}. Rows t < T_b are batched: each replicates its sample with a one-hot direction
 * (n rows per call, n * T * C <= CHUNK_ELEMENTS). Rows t >= T_b stay 0.
 */
export async function assembleHessian(
  batch: CtcBatch,
  dtype: OnnxDtype,
  hvp: (sub: CtcBatch, direction: FloatArray) => Promise<FloatArray>,
): Promise<FloatArray> {
  const { B, T, C, L } = batch.dims;
  const TC = T * C;
  const make = (n: number): FloatArray => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
  const hessian = make(B * TC * TC);
  const rows: Array<[number, number]> = []; // (b, j = t * C + c)
  for (let b = 0; b < B; b++) for (let j = 0; j < batch.logitLength[b] * C; j++) rows.push([b, j]);
  const chunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(1, TC)));

  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const n = part.length;
    const logits = new (batch.logits.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(n * TC);
    const labels = new Int32Array(n * L);
    const labelLength = new Int32Array(n);
    const logitLength = new Int32Array(n);
    const direction = make(n * TC);
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
