import type { Lattice } from './lattice.js';
import { relativeToFrameMax, setWide, wideArray, wideLogSumExp, wideToNumber, type WideArray } from './wide-log.js';

/**
 * The forward-backward of forward-backward.ts in wide log-values (wide-log.ts), for samples with
 * log-probabilities of magnitude >= 2^10, where float64 sums would lose the ordinary parts. The
 * recursions are the same; what leaves this file is what the derivatives need, each relative to
 * its frame's maximum (so ordinary-sized wherever it carries weight):
 *   alpha [Tb, S]     log alpha_t(s) - max_s
 *   emitBeta [Tb, S]  log e_t(s) + log beta_t(s) - max_s
 *   logPost [Tb, S]   log alpha_t(s) + log beta_t(s) - max_s (unnormalised state posteriors)
 * and log P rounded once to float64.
 */
export interface WideForwardBackward {
  readonly logP: number;
  readonly alpha: Float64Array;
  readonly emitBeta: Float64Array | null;
  readonly logPost: Float64Array | null;
}

export function wideForwardBackward(lattice: Lattice, z: Float64Array, Tb: number, C: number, derivatives: boolean): WideForwardBackward {
  const { S, token } = lattice;
  const zw = wideArray(Tb * C); // [Tb, C]
  for (let i = 0; i < Tb * C; i++) setWide(zw, i, z[i]);
  const emit = wideArray(Tb * S); // [Tb, S] e_t(s) = z[t, token[s]]
  for (let t = 0; t < Tb; t++) {
    for (let s = 0; s < S; s++) {
      emit.h[t * S + s] = zw.h[t * C + token[s]];
      emit.o[t * S + s] = zw.o[t * C + token[s]];
    }
  }
  const alpha = wideForward(lattice, emit, Tb);
  const last = (Tb - 1) * S;
  const end = wideArray(1);
  const endH = [alpha.h[last + S - 1], S >= 2 ? alpha.h[last + S - 2] : 0n];
  const endO = [alpha.o[last + S - 1], S >= 2 ? alpha.o[last + S - 2] : -Infinity];
  wideLogSumExp(endH, endO, 2, end, 0);
  const logP = wideToNumber(end.h[0], end.o[0]);
  const alphaRel = relativeToFrameMax(alpha, Tb, S);
  if (!derivatives || logP === -Infinity) return { logP, alpha: alphaRel, emitBeta: null, logPost: null };

  const beta = wideBackward(lattice, emit, Tb);
  const sum = (a: WideArray, b: WideArray): WideArray => {
    const out = wideArray(Tb * S);
    for (let k = 0; k < Tb * S; k++) {
      if (a.o[k] === -Infinity || b.o[k] === -Infinity) continue;
      out.h[k] = a.h[k] + b.h[k];
      out.o[k] = a.o[k] + b.o[k];
    }
    return out;
  };
  return {
    logP,
    alpha: alphaRel,
    emitBeta: relativeToFrameMax(sum(emit, beta), Tb, S),
    logPost: relativeToFrameMax(sum(alpha, beta), Tb, S),
  };
}

/** alpha_t(s) = e_t(s) + lse(stay alpha_{t-1}(s), alpha_{t-1}(s-1), skip alpha_{t-1}(s-2)). [Tb, S] */
function wideForward(lattice: Lattice, emit: WideArray, Tb: number): WideArray {
  const { S, stay, skip } = lattice;
  const alpha = wideArray(Tb * S);
  for (let s = 0; s < Math.min(2, S); s++) {
    alpha.h[s] = emit.h[s];
    alpha.o[s] = emit.o[s];
  }
  const hs: bigint[] = [0n, 0n, 0n];
  const os: number[] = [0, 0, 0];
  for (let t = 1; t < Tb; t++) {
    for (let s = 0; s < S; s++) {
      let n = 0;
      const take = (k: number) => {
        hs[n] = alpha.h[k];
        os[n++] = alpha.o[k];
      };
      if (stay[s]) take((t - 1) * S + s);
      if (s >= 1) take((t - 1) * S + s - 1);
      if (skip[s]) take((t - 1) * S + s - 2);
      const k = t * S + s;
      wideLogSumExp(hs, os, n, alpha, k);
      if (alpha.o[k] === -Infinity || emit.o[k] === -Infinity) {
        alpha.h[k] = 0n;
        alpha.o[k] = -Infinity;
      } else {
        alpha.h[k] += emit.h[k];
        alpha.o[k] += emit.o[k];
      }
    }
  }
  return alpha;
}

/** beta_t(s) = lse over successors s' of e_{t+1}(s') + beta_{t+1}(s'); beta_{Tb-1} = 0 on the last two states. */
function wideBackward(lattice: Lattice, emit: WideArray, Tb: number): WideArray {
  const { S, stay, skip } = lattice;
  const beta = wideArray(Tb * S);
  for (let s = Math.max(0, S - 2); s < S; s++) beta.o[(Tb - 1) * S + s] = 0;
  const hs: bigint[] = [0n, 0n, 0n];
  const os: number[] = [0, 0, 0];
  for (let t = Tb - 2; t >= 0; t--) {
    for (let s = 0; s < S; s++) {
      let n = 0;
      const take = (k: number) => {
        if (beta.o[k] === -Infinity || emit.o[k] === -Infinity) return;
        hs[n] = beta.h[k] + emit.h[k];
        os[n++] = beta.o[k] + emit.o[k];
      };
      const nxt = (t + 1) * S;
      if (stay[s]) take(nxt + s);
      if (s + 1 < S) take(nxt + s + 1);
      if (s + 2 < S && skip[s + 2]) take(nxt + s + 2);
      wideLogSumExp(hs, os, n, beta, t * S + s);
    }
  }
  return beta;
}
