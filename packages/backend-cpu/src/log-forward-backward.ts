import { logAddExp3, type FloatArray } from '@seq2seq-losses/spec';
import { writeGradientRow } from './rows.js';
import { clearPads } from './pads.js';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';

/**
 * The exact fallback: the same recursions in log space, each row shifted by its maximum. Used for a
 * sample whose probability-space pass underflowed (logits of 1e10, frames spanning > 700 nats).
 *   z_t(s) = x[t, token[s]] - max_c x[t, c] - log Z_t  ('logits')  or  x[t, token[s]]  ('logProbs')
 *   la_t(s) = z_t(s) + lse(stay la_{t-1}(s), la_{t-1}(s-1), skip la_{t-1}(s-2)) - m_t
 * Fills emit (log), alpha (log) [Tb, W]. Returns log P; -inf when every alignment has probability 0.
 */
export function logForward(ws: Workspace, inp: SampleInput): number {
  const { x, xOff, Tb, C, S } = inp;
  const W = S + 4;
  const { token, stay, skip, lo, hi, emit, alpha, frameMax, frameLogZ } = ws;
  const logits = inp.inputs === 'logits';
  let logP = 0;
  for (let t = 0; t < Tb; t++) {
    const row = t * W;
    const prev = row - W;
    const l = lo[t];
    const h = hi[t];
    const xr = xOff + t * C;
    const mx = frameMax[t];
    const lz = frameLogZ[t];
    let m = -Infinity;
    for (let j = l + 2; j <= h + 2; j++) {
      const xv = x[xr + token[j]];
      const e = logits ? xv - mx - lz : xv;
      emit[row + j] = e;
      const inc =
        t === 0
          ? 0
          : logAddExp3(stay[j] ? alpha[prev + j] : -Infinity, alpha[prev + j - 1], skip[j] ? alpha[prev + j - 2] : -Infinity);
      const a = inc === -Infinity || e === -Infinity ? -Infinity : e + inc;
      alpha[row + j] = a;
      if (a > m) m = a;
    }
    if (m === -Infinity) return -Infinity;
    for (let j = l + 2; j <= h + 2; j++) alpha[row + j] -= m;
    clearPads(alpha, row, l, h, -Infinity);
    clearPads(emit, row, l, h, -Infinity);
    logP += m;
  }
  const last = (Tb - 1) * W;
  let m = -Infinity;
  for (let j = lo[Tb - 1] + 2; j <= hi[Tb - 1] + 2; j++) if (alpha[last + j] > m) m = alpha[last + j];
  let sum = 0;
  for (let j = lo[Tb - 1] + 2; j <= hi[Tb - 1] + 2; j++) sum += Math.exp(alpha[last + j] - m);
  return logP + m + Math.log(sum);
}

/**
 * Log-space backward pass (emission of frame t excluded), rows shifted by their maximum, with the
 * posteriors post_t(s) = exp(la + lb - lZ_t), lZ_t = lse_s(la + lb) within the frame, scattered into
 * the gradient when `grad`. Fills beta (log) [Tb, W] and frameZ (= lZ_t). Requires log P > -inf.
 */
export function logBackward(ws: Workspace, inp: SampleInput, grad: FloatArray | null, gOff: number): void {
  const { Tb, S } = inp;
  const W = S + 4;
  const { token, stay, skip, lo, hi, emit, alpha, beta, frameZ, gammaRow, post } = ws;
  let cur = ws.rowA; // [W] z_t + lb_t, for frame t - 1
  let nxt = ws.rowB;
  for (let t = Tb - 1; t >= 0; t--) {
    const row = t * W;
    const l = lo[t];
    const h = hi[t];
    let m = -Infinity;
    for (let j = l + 2; j <= h + 2; j++) {
      const b =
        t === Tb - 1 ? 0 : logAddExp3(stay[j] ? nxt[j] : -Infinity, nxt[j + 1], skip[j + 2] ? nxt[j + 2] : -Infinity);
      beta[row + j] = b;
      if (b > m) m = b;
    }
    let mz = -Infinity;
    for (let j = l + 2; j <= h + 2; j++) {
      const b = beta[row + j] - m;
      beta[row + j] = b;
      const ab = alpha[row + j] + b;
      post[j] = ab;
      if (ab > mz) mz = ab;
    }
    let sum = 0;
    for (let j = l + 2; j <= h + 2; j++) sum += post[j] === -Infinity ? 0 : Math.exp(post[j] - mz);
    const lZ = mz + Math.log(sum);
    frameZ[t] = lZ;
    if (grad) {
      for (let j = l + 2; j <= h + 2; j++) gammaRow[token[j]] += post[j] === -Infinity ? 0 : Math.exp(post[j] - lZ);
      writeGradientRow(ws, inp, t, grad, gOff, 1);
    }
    for (let j = l + 2; j <= h + 2; j++) {
      const e = emit[row + j];
      const b = beta[row + j];
      cur[j] = e === -Infinity || b === -Infinity ? -Infinity : e + b;
    }
    clearPads(cur, 0, l, h, -Infinity);
    const swap = cur;
    cur = nxt;
    nxt = swap;
  }
}

/** post_t(s) of the log path at flat index i = t * W + s + 2. */
export function logPosterior(ws: Workspace, i: number, t: number): number {
  const ab = ws.alpha[i] + ws.beta[i];
  return ab === -Infinity ? 0 : Math.exp(ab - ws.frameZ[t]);
}
