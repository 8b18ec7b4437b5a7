import { softmaxMean3 } from '@seq2seq-losses/spec';
import type { Lattice } from './lattice.js';

/** What the tangent pass needs from the forward-backward of one sample. */
export interface TangentInputs {
  readonly lattice: Lattice;
  /** [Tb, S] log alpha_t(s), any per-frame shift (only ratios within a frame are used) */
  readonly alpha: Float64Array;
  /** [Tb, S] log e_t(s) + log beta_t(s), any per-frame shift */
  readonly emitBeta: Float64Array;
  /** [Tb, S] state posteriors, [Tb, C] token occupancy */
  readonly post: Float64Array;
  readonly gamma: Float64Array;
  readonly Tb: number;
  readonly C: number;
}

/**
 * Cov(n) v for one sample, in O(Tb * S) time and memory: the forward-mode (tangent) pass of
 * docs/math.md "The HVP recursion, concretely". v is read at v[offset + t * C + c] for t < Tb only.
 *
 * 1. Centre v under the posterior per frame: v'[t,c] = v[t,c] - sum_c gamma[t,c] v[t,c]
 *    (changes nothing exactly, keeps E[n V] - gamma E[V] from cancelling). dv_t(s) = v'[t, token[s]].
 * 2. r_t(s) = dv_t(s) + sum_{s' -> s} w(s' -> s) r_{t-1}(s'),  w ∝ alpha_{t-1}(s')
 *    = E[sum of v' over frames <= t | in s at t].
 * 3. q_t(s) = sum_{s -> s'} u(s -> s') (dv_{t+1}(s') + q_{t+1}(s')),  u ∝ e_{t+1}(s') beta_{t+1}(s')
 *    = E[sum of v' over frames > t | in s at t].
 * 4. Cov(n) v [t, c] = E[n_{t,c} V] - gamma[t,c] E[V], with
 *    E[n_{t,c} V] = sum_{s: token[s] = c} post_t(s) (r_t(s) + q_t(s)) and
 *    E[V] = sum_s post_t(s) (r_t(s) + q_t(s)) (the same for every t; taken per frame so that each
 *    row of the result sums to 0 to round-off).
 * Returns Cov(n) v [Tb, C].
 */
export function covarianceTimes(inp: TangentInputs, v: ArrayLike<number>, offset: number): Float64Array {
  const { lattice, alpha, emitBeta, post, gamma, Tb, C } = inp;
  const { S, token, stay, skip } = lattice;

  const vc = new Float64Array(Tb * C); // [Tb, C] centred direction v'
  for (let t = 0; t < Tb; t++) {
    let mean = 0;
    for (let c = 0; c < C; c++) if (gamma[t * C + c] > 0) mean += gamma[t * C + c] * v[offset + t * C + c];
    for (let c = 0; c < C; c++) vc[t * C + c] = v[offset + t * C + c] - mean;
  }

  const r = new Float64Array(Tb * S); // [Tb, S]
  for (let s = 0; s < Math.min(2, S); s++) r[s] = vc[token[s]];
  for (let t = 1; t < Tb; t++) {
    const prev = (t - 1) * S;
    for (let s = 0; s < S; s++) {
      const past = softmaxMean3(
        stay[s] ? alpha[prev + s] : -Infinity,
        s >= 1 ? alpha[prev + s - 1] : -Infinity,
        skip[s] ? alpha[prev + s - 2] : -Infinity,
        stay[s] ? r[prev + s] : 0,
        s >= 1 ? r[prev + s - 1] : 0,
        skip[s] ? r[prev + s - 2] : 0,
      );
      r[t * S + s] = vc[t * C + token[s]] + past;
    }
  }

  const q = new Float64Array(Tb * S); // [Tb, S]; q_{Tb-1} = 0
  const valNext = new Float64Array(S); // dv_{t+1}(s') + q_{t+1}(s')
  for (let t = Tb - 2; t >= 0; t--) {
    const nxt = (t + 1) * S;
    const logNext = emitBeta.subarray(nxt, nxt + S); // e_{t+1}(s') + beta_{t+1}(s')
    for (let s = 0; s < S; s++) valNext[s] = vc[(t + 1) * C + token[s]] + q[nxt + s];
    for (let s = 0; s < S; s++) {
      const hasStep = s + 1 < S;
      const hasSkip = s + 2 < S && skip[s + 2] === 1;
      q[t * S + s] = softmaxMean3(
        stay[s] ? logNext[s] : -Infinity,
        hasStep ? logNext[s + 1] : -Infinity,
        hasSkip ? logNext[s + 2] : -Infinity,
        stay[s] ? valNext[s] : 0,
        hasStep ? valNext[s + 1] : 0,
        hasSkip ? valNext[s + 2] : 0,
      );
    }
  }

  const cov = new Float64Array(Tb * C); // [Tb, C]
  for (let t = 0; t < Tb; t++) {
    let expectedV = 0;
    for (let s = 0; s < S; s++) {
      const w = post[t * S + s];
      if (w === 0) continue;
      const e = w * (r[t * S + s] + q[t * S + s]);
      cov[t * C + token[s]] += e;
      expectedV += e;
    }
    for (let c = 0; c < C; c++) cov[t * C + c] -= gamma[t * C + c] * expectedV;
  }
  return cov;
}
