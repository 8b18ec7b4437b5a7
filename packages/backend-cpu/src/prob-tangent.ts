import type { FloatArray } from '@seq2seq-losses/spec';
import { writeHvpRow } from './rows.js';
import { clearPads } from './pads.js';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';
import { probTangentWasm } from './wasm/lattice.js';

/**
 * H v for one sample in probability space, after probForward and probBackward(keep) succeeded
 * (ws.alpha holds A_t = c_t alpha_t, ws.beta holds B_t = d_t beta_t).
 * The direction is first centred per frame under the posterior (docs/math.md "Float32 accuracy"):
 *   vc_t(s) = v[t, token[s]] - sum_s' post_t(s') v[t, token[s']]
 * Then forward-mode differentiation of the rescaled recursions (the expectation semiring):
 *   ra_t(s) = alpha_t(s) r_t(s) = alpha_t(s) vc_t(s)
 *             + E_t(s) (stay ra_{t-1}(s) + ra_{t-1}(s-1) + skip ra_{t-1}(s-2)) / c_t
 *   qb_t(s) = beta_t(s) q_t(s)
 *           = sum over successors s' of E_{t+1}(s') (beta_{t+1}(s') vc_{t+1}(s') + qb_{t+1}(s')) / d_t
 * with the same rescaling constants c_t, d_t as alpha and beta. Per frame,
 *   post_t(s) (r_t(s) + q_t(s)) = (ra b + a qb) / Z_t  gives E[n_{t,c} V'] and E[V'].
 * O(Tb * S) time; writes rows t < Tb of out. Runs on the WebAssembly SIMD kernels when the
 * workspace has them.
 */
export function probTangent(
  ws: Workspace,
  inp: SampleInput,
  v: ArrayLike<number>,
  vOff: number,
  out: FloatArray,
  oOff: number,
): void {
  if (ws.kernels) return probTangentWasm(ws.kernels, inp, v, vOff, out, oOff);
  const { Tb, C, S } = inp;
  const W = S + 4;
  const { token, stay, skip, lo, hi, emit, alpha, beta, scaleA, scaleB, frameZ, gammaRow, covRow } = ws;
  const { vc, tangent: ra } = ws; // [Tb, W]

  for (let t = 0; t < Tb; t++) {
    const row = t * W;
    const prev = row - W;
    const vr = vOff + t * C;
    const l = lo[t];
    const h = hi[t];
    const invC = 1 / scaleA[t];
    let mean = 0; // sum_s post_t(s) v[t, token[s]]
    for (let j = l + 2; j <= h + 2; j++) {
      const w = alpha[row + j] * beta[row + j];
      if (w > 0) mean += w * v[vr + token[j]];
    }
    mean *= invC / (scaleB[t] * frameZ[t]);
    let r2 = t === 0 ? 0 : ra[prev + l];
    let r1 = t === 0 ? 0 : ra[prev + l + 1];
    for (let j = l + 2; j <= h + 2; j++) {
      const vcj = v[vr + token[j]] - mean;
      vc[row + j] = vcj;
      const own = alpha[row + j] * invC * vcj;
      if (t === 0) {
        ra[row + j] = own;
      } else {
        const r0 = ra[prev + j];
        ra[row + j] = own + emit[row + j] * invC * (stay[j] * r0 + r1 + skip[j] * r2);
        r2 = r1;
        r1 = r0;
      }
    }
    clearPads(ra, row, l, h, 0);
    clearPads(vc, row, l, h, 0);
  }

  let cur = ws.rowA; // [W] E_t (beta_t vc_t + qb_t), for frame t - 1
  let nxt = ws.rowB;
  const blankToken = token[2];
  for (let t = Tb - 1; t >= 0; t--) {
    const row = t * W;
    const l = lo[t];
    const h = hi[t];
    const last = t === Tb - 1;
    const invA = 1 / scaleA[t];
    const invD = 1 / scaleB[t];
    const invZ = 1 / frameZ[t];
    let EV = 0;
    let blankPost = 0;
    let blankCov = 0;
    let n1 = nxt[h + 3];
    let n2 = nxt[h + 4];
    for (let j = h + 2; j >= l + 2; j--) {
      const n0 = nxt[j];
      const qb = last ? 0 : (stay[j] * n0 + n1 + skip[j + 2] * n2) * invD;
      n2 = n1;
      n1 = n0;
      const a = alpha[row + j] * invA;
      const b = beta[row + j] * invD;
      const post = a * b * invZ;
      const w = (ra[row + j] * b + a * qb) * invZ;
      EV += w;
      if ((j & 1) === 0) {
        blankPost += post;
        blankCov += w;
      } else {
        gammaRow[token[j]] += post;
        covRow[token[j]] += w;
      }
      cur[j] = emit[row + j] * (b * vc[row + j] + qb);
    }
    gammaRow[blankToken] += blankPost;
    covRow[blankToken] += blankCov;
    clearPads(cur, 0, l, h, 0);
    writeHvpRow(ws, inp, t, EV, v, vOff, out, oOff);
    const swap = cur;
    cur = nxt;
    nxt = swap;
  }
}
