import { softmaxMean3, type FloatArray } from '@seq2seq-losses/spec';
import { centreDirection } from './centre.js';
import { logPosterior } from './log-forward-backward.js';
import { writeHvpRow } from './rows.js';
import { clearPads } from './pads.js';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';

/**
 * H v for one sample in log space (after logForward and logBackward), as conditional expectations
 * (docs/math.md "The HVP recursion, concretely"):
 *   r_t(s) = vc_t(s) + mean of r_{t-1}(s') over predecessors, weights ∝ exp(la_{t-1}(s'))
 *   q_t(s) = mean of (vc_{t+1}(s') + q_{t+1}(s')) over successors, weights ∝ exp(z_{t+1}(s') + lb_{t+1}(s'))
 *   E[n_{t,c} V'] = sum_{s: token c} post_t(s) (r_t(s) + q_t(s)).
 * O(Tb * S) time; writes rows t < Tb of out.
 */
export function logTangent(
  ws: Workspace,
  inp: SampleInput,
  v: ArrayLike<number>,
  vOff: number,
  out: FloatArray,
  oOff: number,
): void {
  const { Tb, S } = inp;
  const W = S + 4;
  const { token, stay, skip, lo, hi, emit, alpha, beta, gammaRow, covRow } = ws;
  centreDirection(ws, inp, v, vOff, (i, t) => logPosterior(ws, i, t));
  const { vc, tangent: r } = ws; // [Tb, W]
  const NEG = -Infinity;

  for (let t = 0; t < Tb; t++) {
    const row = t * W;
    const prev = row - W;
    const l = lo[t];
    const h = hi[t];
    for (let j = l + 2; j <= h + 2; j++) {
      r[row + j] =
        t === 0
          ? vc[row + j]
          : vc[row + j] +
            softmaxMean3(
              stay[j] ? alpha[prev + j] : NEG,
              alpha[prev + j - 1],
              skip[j] ? alpha[prev + j - 2] : NEG,
              r[prev + j],
              r[prev + j - 1],
              r[prev + j - 2],
            );
    }
    clearPads(r, row, l, h, 0);
  }

  let qCur = ws.rowA; // [W] q_t
  let qNxt = ws.rowB; // [W] q_{t+1}
  const logN = ws.weight; // [W] z_{t+1}(s) + lb_{t+1}(s)
  for (let t = Tb - 1; t >= 0; t--) {
    const row = t * W;
    const nrow = row + W;
    const l = lo[t];
    const h = hi[t];
    if (t < Tb - 1) {
      for (let j = lo[t + 1]; j <= hi[t + 1] + 4; j++) {
        const e = emit[nrow + j];
        const b = beta[nrow + j];
        logN[j] = e === NEG || b === NEG ? NEG : e + b;
      }
    }
    let EV = 0;
    for (let j = l + 2; j <= h + 2; j++) {
      const q =
        t === Tb - 1
          ? 0
          : softmaxMean3(
              stay[j] ? logN[j] : NEG,
              logN[j + 1],
              skip[j + 2] ? logN[j + 2] : NEG,
              vc[nrow + j] + qNxt[j],
              vc[nrow + j + 1] + qNxt[j + 1],
              vc[nrow + j + 2] + qNxt[j + 2],
            );
      qCur[j] = q;
      const w = logPosterior(ws, row + j, t);
      const tok = token[j];
      gammaRow[tok] += w;
      const e = w * (r[row + j] + q);
      covRow[tok] += e;
      EV += e;
    }
    clearPads(qCur, 0, l, h, 0);
    writeHvpRow(ws, inp, t, EV, v, vOff, out, oOff);
    const swap = qCur;
    qCur = qNxt;
    qNxt = swap;
  }
}
