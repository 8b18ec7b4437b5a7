import { writeLatticeTopology, type CtcVariant } from '@seq2seq-losses/spec';
import type { Workspace } from './workspace.js';

/**
 * Writes spec's lattice topology of one label (S = 2U + 1 states; token, stay, skip per state;
 * docs/math.md) into the workspace, state s in column s + 2.
 *
 * Also the live window of every frame t < Tb: the states that are reachable from the start in t
 * frames AND can still reach a final state in the Tb - 1 - t frames left. `reach` is non-decreasing
 * and `need` non-increasing in s, so the window is the interval lo[t] ..= hi[t]; outside it alpha or
 * beta is structurally 0. Pruning the dead states keeps the per-frame normalisers of the
 * probability-space recursion meaningful (docs/math.md "Float32 accuracy").
 * Requires a feasible sample with Tb >= 1. Returns S.
 */
export function buildLattice(
  ws: Workspace,
  variant: CtcVariant,
  labels: ArrayLike<number>,
  offset: number,
  U: number,
  blank: number,
  Tb: number,
): number {
  const { stay, skip, reach, need, lo, hi } = ws;
  const S = 2 * U + 1;
  // columns 0, 1 and S + 2, S + 3 are padding: blank tokens, no moves
  ws.token.fill(blank, 0, S + 4);
  stay.fill(0, 0, S + 4);
  skip.fill(0, 0, S + 4);
  writeLatticeTopology(variant, labels, offset, U, blank, ws, 2); // state s in column s + 2
  // reach[s]: fewest frames before s can be occupied (0 for the start states).
  for (let s = 0; s < S; s++) {
    if (s < 2) reach[s] = 0;
    else reach[s] = 1 + (skip[s + 2] === 1 ? Math.min(reach[s - 1], reach[s - 2]) : reach[s - 1]);
  }
  // need[s]: fewest further frames from s to a final state.
  for (let s = S - 1; s >= 0; s--) {
    if (s >= S - 2) need[s] = 0;
    else need[s] = 1 + (s + 2 < S && skip[s + 4] === 1 ? Math.min(need[s + 1], need[s + 2]) : need[s + 1]);
  }
  let h = 0;
  let l = 0;
  for (let t = 0; t < Tb; t++) {
    while (h + 1 < S && reach[h + 1] <= t) h++;
    const left = Tb - 1 - t;
    while (l < S - 1 && need[l] > left) l++;
    hi[t] = h;
    lo[t] = l;
  }
  return S;
}
