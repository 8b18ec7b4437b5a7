import { logAddExp3 } from '@seq2seq-losses/spec';
import type { Lattice } from './lattice.js';

/**
 * Log-space forward variables, e_t(s) = z[t, token[s]]:
 *   alpha_0(s) = e_0(s) for s in {0, 1}, else -inf
 *   alpha_t(s) = e_t(s) + lse(stay[s] alpha_{t-1}(s), alpha_{t-1}(s-1), skip[s] alpha_{t-1}(s-2))
 * Returns alpha [Tb, S]. O(Tb * S). Requires Tb >= 1.
 */
export function forward(lattice: Lattice, z: Float64Array, Tb: number, C: number): Float64Array {
  const { S, token, stay, skip } = lattice;
  const alpha = new Float64Array(Tb * S).fill(-Infinity); // [Tb, S]
  for (let s = 0; s < Math.min(2, S); s++) alpha[s] = z[token[s]];
  for (let t = 1; t < Tb; t++) {
    const prev = (t - 1) * S;
    const cur = t * S;
    for (let s = 0; s < S; s++) {
      const fromStay = stay[s] ? alpha[prev + s] : -Infinity;
      const fromStep = s >= 1 ? alpha[prev + s - 1] : -Infinity;
      const fromSkip = skip[s] ? alpha[prev + s - 2] : -Infinity;
      const incoming = logAddExp3(fromStay, fromStep, fromSkip);
      alpha[cur + s] = incoming === -Infinity ? -Infinity : z[t * C + token[s]] + incoming;
    }
  }
  return alpha;
}

/**
 * Log-space backward variables (emission of frame t NOT included):
 *   beta_{Tb-1}(s) = 0 for s in {S-1, S-2}, else -inf
 *   beta_t(s) = lse over successors s' in {s (stay[s]), s+1, s+2 (skip[s+2])} of e_{t+1}(s') + beta_{t+1}(s')
 * Returns beta [Tb, S]. O(Tb * S). Requires Tb >= 1.
 */
export function backward(lattice: Lattice, z: Float64Array, Tb: number, C: number): Float64Array {
  const { S, token, stay, skip } = lattice;
  const beta = new Float64Array(Tb * S).fill(-Infinity); // [Tb, S]
  const last = (Tb - 1) * S;
  for (let s = Math.max(0, S - 2); s < S; s++) beta[last + s] = 0;
  const next = new Float64Array(S); // e_{t+1}(s') + beta_{t+1}(s')
  for (let t = Tb - 2; t >= 0; t--) {
    const cur = t * S;
    const nxt = (t + 1) * S;
    for (let s = 0; s < S; s++) next[s] = beta[nxt + s] === -Infinity ? -Infinity : z[(t + 1) * C + token[s]] + beta[nxt + s];
    for (let s = 0; s < S; s++) {
      const toStay = stay[s] ? next[s] : -Infinity;
      const toStep = s + 1 < S ? next[s + 1] : -Infinity;
      const toSkip = s + 2 < S && skip[s + 2] ? next[s + 2] : -Infinity;
      beta[cur + s] = logAddExp3(toStay, toStep, toSkip);
    }
  }
  return beta;
}

/** log P(w | x) = lse(alpha_{Tb-1}(S-1), alpha_{Tb-1}(S-2)). */
export function logLikelihood(lattice: Lattice, alpha: Float64Array, Tb: number): number {
  const { S } = lattice;
  const last = (Tb - 1) * S;
  return logAddExp3(alpha[last + S - 1], S >= 2 ? alpha[last + S - 2] : -Infinity, -Infinity);
}

/** Elementwise log a + log b of two [Tb, S] log arrays (-inf stays -inf, never NaN). */
export function addLogs(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, k) => (v === -Infinity || b[k] === -Infinity ? -Infinity : v + b[k]));
}

/** emitBeta [Tb, S] = z[t, token[s]] + beta_t(s): the log-weight of entering s at t from t - 1. */
export function emitTimesBeta(lattice: Lattice, z: Float64Array, beta: Float64Array, Tb: number, C: number): Float64Array {
  const { S, token } = lattice;
  const emitBeta = new Float64Array(Tb * S); // [Tb, S]
  for (let t = 0; t < Tb; t++) {
    for (let s = 0; s < S; s++) {
      const b = beta[t * S + s];
      emitBeta[t * S + s] = b === -Infinity ? -Infinity : z[t * C + token[s]] + b;
    }
  }
  return emitBeta;
}
