import { clearPads } from './pads.js';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';

/**
 * The direction per state, centred per frame under the posterior (docs/math.md "Float32 accuracy"):
 *   vc_t(s) = v[t, token[s]] - sum_s' post_t(s') v[t, token[s']]
 * Adding a per-frame constant to v adds it to every path's score, so Cov(n) v is unchanged in exact
 * arithmetic, while E[n V] - gamma E[V] no longer cancels at long T.
 * `post(row + j)` gives post_t at column j of frame row `row`. Fills ws.vc [Tb, W] (pads 0).
 */
export function centreDirection(
  ws: Workspace,
  inp: SampleInput,
  v: ArrayLike<number>,
  vOff: number,
  post: (index: number, t: number) => number,
): void {
  const { Tb, C, S } = inp;
  const W = S + 4;
  const { token, lo, hi, vc } = ws;
  for (let t = 0; t < Tb; t++) {
    const row = t * W;
    const vr = vOff + t * C;
    const l = lo[t];
    const h = hi[t];
    let mean = 0;
    for (let j = l + 2; j <= h + 2; j++) {
      const w = post(row + j, t);
      if (w > 0) mean += w * v[vr + token[j]];
    }
    for (let j = l + 2; j <= h + 2; j++) vc[row + j] = v[vr + token[j]] - mean;
    clearPads(vc, row, l, h, 0);
  }
}
