import { writeHessianVectorProduct } from './derivatives.js';
import type { SampleState } from './sample.js';

/**
 * The full Hessian of one sample, H[t, c, t', c'] for t, t' < Tb, written into the [T, C, T, C] block
 * of out starting at `offset` (T = the batch's padded frame count).
 *
 * Column (t', c') is H e_{t',c'}: one tangent pass per unit direction, reusing the sample's single
 * forward-backward (alpha, beta, posteriors). Time O(Tb * C * Tb * S), extra memory O(Tb * (S + C));
 * nothing of size Tb^2 * S^2 is ever allocated. Since H is symmetric, the column is also the row.
 */
export function writeHessian(state: SampleState, T: number, out: Float64Array, offset: number): void {
  const { Tb, C } = state;
  const unit = new Float64Array(Tb * C); // [Tb, C] e_{t',c'}
  const column = new Float64Array(Tb * C); // [Tb, C] H e_{t',c'}
  for (let j = 0; j < Tb * C; j++) {
    unit[j] = 1;
    writeHessianVectorProduct(state, unit, 0, column, 0);
    unit[j] = 0;
    const tj = Math.floor(j / C);
    const cj = j % C;
    for (let t = 0; t < Tb; t++) {
      for (let c = 0; c < C; c++) out[offset + ((t * C + c) * T + tj) * C + cj] = column[t * C + c];
    }
  }
}

/** Fills the valid [Tb, C, Tb, C] block of a NaN sample with NaN. */
export function fillHessianNaN(Tb: number, T: number, C: number, out: Float64Array, offset: number): void {
  for (let t = 0; t < Tb; t++) {
    for (let c = 0; c < C; c++) out.fill(NaN, offset + (t * C + c) * T * C, offset + (t * C + c) * T * C + Tb * C);
  }
}
