import type { CtcVariant } from '@seq2seq-losses/spec';
import type { Workspace } from './workspace.js';

/**
 * Builds the interleaved lattice of one label in the workspace: S = 2U + 1 states, even s = blank,
 * odd s = 2u + 1 emits w_u. Moves into s from frame t - 1: stay (s -> s, when stay[s]), step
 * (s - 1 -> s) and skip (s - 2 -> s, when skip[s]). Paths start in {0, 1}, end in {S - 2, S - 1}.
 *   classic:    every state stays; skip into w_u iff w_u != w_{u-1}.
 *   simplified: token states never stay (each non-blank frame emits the NEXT token) and are
 *               reachable from the previous token state directly, whatever the labels.
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
  const S = 2 * U + 1;
  const { token, stay, skip, reach, need, lo, hi } = ws;
  const classic = variant === 'classic';
  token.fill(blank, 0, S + 4);
  stay.fill(0, 0, S + 4);
  skip.fill(0, 0, S + 4);
  for (let s = 0; s < S; s++) {
    const isBlank = (s & 1) === 0;
    const tok = isBlank ? blank : labels[offset + ((s - 1) >> 1)];
    token[s + 2] = tok;
    if (classic) {
      stay[s + 2] = 1;
      skip[s + 2] = !isBlank && s >= 3 && tok !== token[s] ? 1 : 0;
    } else {
      stay[s + 2] = isBlank ? 1 : 0;
      skip[s + 2] = !isBlank && s >= 3 ? 1 : 0;
    }
  }
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
