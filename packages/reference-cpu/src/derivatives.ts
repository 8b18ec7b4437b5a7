import type { SampleState } from './sample.js';
import { covarianceTimes } from './tangent.js';

/**
 * Gradient of one sample, written to out[offset + t * C + c] for t < Tb:
 *   'logits':   p[t,c] - gamma[t,c]
 *   'logProbs': -gamma[t,c]
 */
export function writeGradient(state: SampleState, out: Float64Array, offset: number): void {
  const { p, gamma } = state;
  for (let i = 0; i < gamma.length; i++) out[offset + i] = (p ? p[i] : 0) - gamma[i];
}

/**
 * H v for one sample (v read at v[vOffset + t * C + c], t < Tb), written to out[offset + ...]:
 *   'logits':   (p_t * v_t - p_t (p_t . v_t))_t - Cov(n) v
 *   'logProbs': -Cov(n) v
 * O(Tb * S) time and memory.
 */
export function writeHessianVectorProduct(
  state: SampleState,
  v: ArrayLike<number>,
  vOffset: number,
  out: Float64Array,
  offset: number,
): void {
  const { p, Tb, C } = state;
  const cov = covarianceTimes(state, v, vOffset); // [Tb, C]
  for (let t = 0; t < Tb; t++) {
    let pv = 0; // p_t . v_t
    if (p) for (let c = 0; c < C; c++) if (p[t * C + c] > 0) pv += p[t * C + c] * v[vOffset + t * C + c];
    for (let c = 0; c < C; c++) {
      const i = t * C + c;
      const softmaxTerm = p && p[i] > 0 ? p[i] * (v[vOffset + i] - pv) : 0;
      out[offset + i] = softmaxTerm - cov[i];
    }
  }
}
