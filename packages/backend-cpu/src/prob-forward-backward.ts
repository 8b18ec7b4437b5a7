import type { FloatArray } from '@seq2seq-losses/spec';
import { expNonPositive } from './fast-exp.js';
import { writeGradientRow } from './rows.js';
import { clearPads } from './pads.js';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';
import { probBackwardWasm, probForwardWasm } from './wasm/lattice.js';

/** A live A_t(s) below this may have lost precision (subnormal numbers start at 2.2e-308). */
const TINY = 1e-300;
/**
 * Smallest trusted zRaw_t = sum_s A_t(s) B_t(s). Every A_t(s), B_t(s) is at most 1 (a sum over at
 * most three distinct states of a row that sums to 1, times an emission <= 1). An operation whose
 * result underflowed is off by at most ~5e-324 absolute in A_t(s) (or B_t(s)); the paths through
 * that cell carry the share A_t(s) B_t(s) / zRaw_t of P, so the error's share of P (and of every
 * posterior) is at most 5e-324 / zRaw_t < 1e-33 per operation. It also keeps 1 / zRaw, 1 / c_t,
 * 1 / d_t and 1 / Z_t finite.
 */
const MIN_RAW_Z = 1e-290;

/**
 * Forward pass in probability space with per-frame rescaling, over the live window only:
 *   E_t(s) = exp(x[t, token[s]] - max_c x[t, c])   (softmax numerator; p = E / Z_t in 'logits' mode)
 *   A_t(s) = E_t(s) (stay[s] A_{t-1}(s) + A_{t-1}(s-1) + skip[s] A_{t-1}(s-2)) / c_{t-1}
 *   c_t = sum_s A_t(s),  alpha_t = A_t / c_t (rows rescaled to sum 1)
 * so log P = sum_t (log c_t - log Z_t) ('logits') or sum_t (log c_t + max_c x[t, c]) ('logProbs').
 * Fills emit [Tb, W] (E), alpha [Tb, W] (A), scaleA [Tb] (c_t);
 * sets ws.tiny when a live A_t(s) is below 1e-300 (then loss() runs the backward check too).
 * Returns log P, or NaN when a row vanished or overflowed (fall back to log space).
 * Runs on the WebAssembly SIMD kernels when the workspace has them.
 */
export function probForward(ws: Workspace, inp: SampleInput): number {
  if (ws.kernels) return probForwardWasm(ws, ws.kernels, inp);
  const { x, xOff, Tb, C, S } = inp;
  const W = S + 4;
  const { token, stay, skip, lo, hi, emit, alpha, p, frameMax, frameLogZ, scaleA } = ws;
  const logits = inp.inputs === 'logits';
  let logP = 0;
  let tiny = false;
  let invPrev = 1; // 1 / c_{t-1}
  for (let t = 0; t < Tb; t++) {
    const row = t * W; // [W] row of frame t
    const prev = row - W;
    const l = lo[t];
    const h = hi[t];
    const pr = t * C;
    const xr = xOff + t * C;
    const mx = frameMax[t];
    let sum = 0;
    let min = Infinity;
    if (!logits) for (let j = l + 2; j <= h + 2; j++) emit[row + j] = expNonPositive(x[xr + token[j]] - mx);
    if (t === 0) {
      for (let j = l + 2; j <= h + 2; j++) {
        const a = logits ? p[pr + token[j]] : emit[row + j];
        emit[row + j] = a;
        alpha[row + j] = a;
        sum += a;
        if (a < min) min = a;
      }
    } else {
      // a2, a1, a0 = A_{t-1}(s-2), A_{t-1}(s-1), A_{t-1}(s), rolled in registers
      let a2 = alpha[prev + l];
      let a1 = alpha[prev + l + 1];
      if (logits) {
        for (let j = l + 2; j <= h + 2; j++) {
          const a0 = alpha[prev + j];
          const e = p[pr + token[j]];
          emit[row + j] = e;
          const a = e * ((stay[j] * a0 + a1 + skip[j] * a2) * invPrev);
          alpha[row + j] = a;
          sum += a;
          if (a < min) min = a;
          a2 = a1;
          a1 = a0;
        }
      } else {
        for (let j = l + 2; j <= h + 2; j++) {
          const a0 = alpha[prev + j];
          const a = emit[row + j] * ((stay[j] * a0 + a1 + skip[j] * a2) * invPrev);
          alpha[row + j] = a;
          sum += a;
          if (a < min) min = a;
          a2 = a1;
          a1 = a0;
        }
      }
    }
    if (!(sum > 0) || sum === Infinity) return NaN;
    if (min < TINY) tiny = true;
    invPrev = 1 / sum;
    clearPads(alpha, row, l, h, 0);
    clearPads(emit, row, l, h, 0);
    scaleA[t] = sum;
    logP += logits ? Math.log(sum) - frameLogZ[t] : Math.log(sum) + mx;
  }
  ws.tiny = tiny;
  return logP;
}

/**
 * Backward pass in probability space (emission of frame t excluded), rescaled per frame by d_t:
 *   B_{Tb-1}(s) = 1 on the final states
 *   B_t(s) = stay[s] E beta_{t+1}(s) + E beta_{t+1}(s+1) + skip[s+2] E beta_{t+1}(s+2),
 *   d_t = sum_s B_t(s),  beta_t = B_t / d_t
 * and, frame by frame, the occupancy from the posteriors post_t(s) = A_t(s) B_t(s) / sum_s A_t B_t,
 * normalised within the frame (docs/math.md "Float32 accuracy"), written as the gradient row when `grad`.
 * Blank states (even s) are summed in a register, label states scattered into ws.gammaRow.
 * Fills scaleB (d_t), frameZ (Z_t = sum_s alpha_t beta_t with both rows summing to 1); with `keep`
 * also stores B [Tb, W] for the tangent pass (alpha_t = A_t / c_t, beta_t = B_t / d_t).
 * Returns false when some zRaw_t is too small to trust (fall back to log space).
 * Runs on the WebAssembly SIMD kernels when the workspace has them.
 */
export function probBackward(
  ws: Workspace,
  inp: SampleInput,
  grad: FloatArray | null,
  gOff: number,
  keep: boolean,
): boolean {
  if (ws.kernels) return probBackwardWasm(ws.kernels, inp, grad, gOff, keep);
  const { Tb, S } = inp;
  const W = S + 4;
  const { token, stay, skip, lo, hi, emit, alpha, beta, scaleA, scaleB, frameZ, gammaRow } = ws;
  const blankToken = token[2];
  let cur = ws.rowA; // [W] E_t B_t, for frame t - 1
  let nxt = ws.rowB; // [W] E_{t+1} B_{t+1}
  let invNext = 1; // 1 / d_{t+1}
  for (let t = Tb - 1; t >= 0; t--) {
    const row = t * W;
    const l = lo[t];
    const h = hi[t];
    const last = t === Tb - 1;
    let d = 0;
    let zRaw = 0; // sum_s A_t(s) B_t(s)
    let blankPost = 0;
    // n0, n1, n2 = E B_{t+1}(s), (s+1), (s+2), rolled in registers from the right
    let n1 = nxt[h + 3];
    let n2 = nxt[h + 4];
    for (let j = h + 2; j >= l + 2; j--) {
      const n0 = nxt[j];
      const b = last ? 1 : (stay[j] * n0 + n1 + skip[j + 2] * n2) * invNext;
      n2 = n1;
      n1 = n0;
      d += b;
      const w = alpha[row + j] * b;
      zRaw += w;
      if ((j & 1) === 0) blankPost += w;
      else if (grad) gammaRow[token[j]] += w;
      cur[j] = emit[row + j] * b;
      if (keep) beta[row + j] = b;
    }
    const invA = 1 / scaleA[t];
    const invD = 1 / d;
    const Z = zRaw * invA * invD;
    if (!(d > 0) || d === Infinity || !(zRaw >= MIN_RAW_Z) || zRaw === Infinity) {
      if (grad) gammaRow.fill(0, 0, inp.C); // leave the occupancy row clean for the log path
      return false;
    }
    scaleB[t] = d;
    frameZ[t] = Z;
    invNext = invD;
    clearPads(cur, 0, l, h, 0);
    if (grad) {
      gammaRow[blankToken] += blankPost;
      writeGradientRow(ws, inp, t, grad, gOff, 1 / zRaw);
    }
    const swap = cur;
    cur = nxt;
    nxt = swap;
  }
  return true;
}
