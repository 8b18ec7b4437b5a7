import type { GpuCall } from './call.js';

/** Bytes of r, q, dir and hvp that one chunk of unit directions may use. */
const CHUNK_BYTES = 64 * 1024 * 1024;

/**
 * The full Hessian [B, T, C, T, C] from batched HVPs with unit directions e_j, j = t' C + c'
 * (the same j for every sample in a dispatch): H_b e_j is column j of H_b, and H_b is symmetric,
 * so it is row j too. Directions with t' >= T_b stay 0 for sample b. Needs `call.base(true)` first.
 */
export async function assembleHessian(call: GpuCall): Promise<Float32Array> {
  const { B, T, C } = call.prepared.dims;
  const TC = T * C;
  const hessian = new Float32Array(B * TC * TC);
  let maxTb = 0;
  for (let b = 0; b < B; b++) maxTb = Math.max(maxTb, call.prepared.meta[4 * b]);
  const J = maxTb * C; // directions at t' >= max T_b give 0 everywhere
  const perDirection = 4 * B * T * (2 * call.prepared.S + 2 * C + 1);
  const D = Math.max(1, Math.min(J, call.maxDirections(), Math.floor(CHUNK_BYTES / Math.max(1, perDirection))));
  for (let j0 = 0; j0 < J; j0 += D) {
    const n = Math.min(D, J - j0);
    const dir = new Float32Array(n * B * TC); // [n, B, T, C]
    for (let d = 0; d < n; d++) for (let b = 0; b < B; b++) dir[(d * B + b) * TC + j0 + d] = 1;
    const hvp = await call.directions(dir, n); // [n, B, T, C]
    for (let d = 0; d < n; d++) {
      const j = j0 + d;
      for (let b = 0; b < B; b++) {
        if (Math.floor(j / C) >= call.prepared.meta[4 * b]) continue;
        hessian.set(hvp.subarray((d * B + b) * TC, (d * B + b + 1) * TC), (b * TC + j) * TC);
      }
    }
  }
  return hessian;
}
