import type { FloatArray } from '@seq2seq-losses/spec';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';
import { writeGradientRowWasm, writeHvpRowWasm } from './wasm/rows.js';

/**
 * Writes gradient row t from the occupancy row gamma = ws.gammaRow * gScale (filled by the caller
 * from the state posteriors of the window lo ..= hi), clearing gammaRow as it goes:
 *   'logits': out[t, c] = p[t, c] - gamma[t, c];   'logProbs': out[t, c] = -gamma[t, c].
 * For large vocabularies (C > number of states) the row is written without gamma first, then the
 * few tokens of the window are corrected (each once: gammaRow is cleared as it is used).
 * With WebAssembly kernels the same values are computed there (rows must come t = Tb - 1 down to 0).
 */
export function writeGradientRow(
  ws: Workspace,
  inp: SampleInput,
  t: number,
  out: FloatArray,
  oOff: number,
  gScale: number,
): void {
  if (ws.kernels) return writeGradientRowWasm(ws, ws.kernels, inp, t, out, oOff, gScale);
  const { C, S } = inp;
  const { gammaRow, p, token } = ws;
  const o = oOff + t * C;
  const logits = inp.inputs === 'logits';
  const pr = t * C;
  const invZ = ws.frameInvZ[t];
  if (C > S) {
    if (logits) for (let c = 0; c < C; c++) out[o + c] = p[pr + c] * invZ;
    else out.fill(0, o, o + C);
    for (let j = ws.lo[t] + 2; j <= ws.hi[t] + 2; j++) {
      const c = token[j];
      const g = gammaRow[c];
      if (g === 0) continue;
      out[o + c] = (logits ? p[pr + c] * invZ : 0) - g * gScale;
      gammaRow[c] = 0;
    }
  } else if (logits) {
    for (let c = 0; c < C; c++) {
      out[o + c] = p[pr + c] * invZ - gammaRow[c] * gScale;
      gammaRow[c] = 0;
    }
  } else {
    for (let c = 0; c < C; c++) {
      out[o + c] = 0 - gammaRow[c] * gScale;
      gammaRow[c] = 0;
    }
  }
}

/**
 * Writes HVP row t from gammaRow (occupancy) and covRow (E[n_{t,c} V'] with V' the path score under
 * the centred direction), with EV = E[V'] taken at this frame so the row of Cov(n) v sums to 0:
 *   Cov(n) v [t, c] = covRow[c] - gamma[t, c] EV
 *   'logits':   out[t, c] = p[t,c] (v[t,c] - p_t . v_t) - Cov(n) v [t, c]
 *   'logProbs': out[t, c] = -Cov(n) v [t, c]
 * Clears both rows as it goes. With WebAssembly kernels the same is computed there (rows must come
 * t = Tb - 1 down to 0).
 */
export function writeHvpRow(
  ws: Workspace,
  inp: SampleInput,
  t: number,
  EV: number,
  v: ArrayLike<number>,
  vOff: number,
  out: FloatArray,
  oOff: number,
): void {
  if (ws.kernels) return writeHvpRowWasm(ws, ws.kernels, inp, t, EV, v, vOff, out, oOff);
  const { C } = inp;
  const { gammaRow, covRow, p } = ws;
  const o = oOff + t * C;
  const vr = vOff + t * C;
  if (inp.inputs === 'logits') {
    const pr = t * C;
    const invZ = ws.frameInvZ[t];
    let pv = 0; // p_t . v_t over tokens of nonzero probability
    for (let c = 0; c < C; c++) if (p[pr + c] > 0) pv += p[pr + c] * invZ * v[vr + c];
    for (let c = 0; c < C; c++) {
      const pc = p[pr + c] * invZ;
      const soft = pc > 0 ? pc * (v[vr + c] - pv) : 0;
      out[o + c] = soft - (covRow[c] - gammaRow[c] * EV);
      covRow[c] = 0;
      gammaRow[c] = 0;
    }
  } else {
    for (let c = 0; c < C; c++) {
      out[o + c] = 0 - (covRow[c] - gammaRow[c] * EV);
      covRow[c] = 0;
      gammaRow[c] = 0;
    }
  }
}
