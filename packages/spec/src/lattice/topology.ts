import type { CtcVariant } from '../options.js';

/**
 * The state lattice of one sample in the interleaved form of docs/math.md, for both variants.
 *
 * S = 2U + 1 states; state s emits token[s]: even s = blank, odd s = 2u + 1 emits w_u.
 * Moves from frame t - 1 into state s at frame t:
 *   - stay: s -> s       when stay[s]
 *   - step: s - 1 -> s   always (s >= 1)
 *   - skip: s - 2 -> s   when skip[s]
 * Paths start in state 0 or 1 and end in state S - 1 or S - 2.
 *
 * classic:    stay always; skip into w_u iff w_u != w_{u-1} (equal neighbours need a blank between).
 * simplified: a token state never stays (every non-blank frame emits the NEXT token) and is reachable
 *             from the previous token state directly (skip) whatever the labels.
 * Both give exactly the alignments of docs/math.md, one lattice path per alignment.
 */
export interface LatticeTopology {
  /** Number of states, 2U + 1. */
  readonly S: number;
  /** [S] token emitted in each state. */
  readonly token: Int32Array;
  /** [S] 1 if s -> s is allowed. */
  readonly stay: Uint8Array;
  /** [S] 1 if s - 2 -> s is allowed. */
  readonly skip: Uint8Array;
}

/** Arrays that writeLatticeTopology fills from some index on (a backend's own layout and element type). */
export interface TopologyTarget {
  readonly token: { [i: number]: number };
  readonly stay: { [i: number]: number };
  readonly skip: { [i: number]: number };
}

/**
 * Writes the topology of label `labels[offset .. offset + U)` (blank index `blank`, already in
 * [0, C)) into target[at .. at + S): token, stay (1 / 0) and skip (1 / 0) of every state s.
 * Returns S = 2U + 1. Touches nothing outside [at, at + S).
 */
export function writeLatticeTopology(
  variant: CtcVariant,
  labels: ArrayLike<number>,
  offset: number,
  U: number,
  blank: number,
  target: TopologyTarget,
  at = 0,
): number {
  const S = 2 * U + 1;
  const { token, stay, skip } = target;
  const classic = variant === 'classic';
  let previous = -1; // w_{u-1}, the token two states back
  for (let s = 0; s < S; s++) {
    const isBlank = (s & 1) === 0;
    const tok = isBlank ? blank : labels[offset + ((s - 1) >> 1)];
    token[at + s] = tok;
    if (isBlank) {
      stay[at + s] = 1;
      skip[at + s] = 0;
    } else {
      stay[at + s] = classic ? 1 : 0;
      skip[at + s] = s >= 3 && (!classic || tok !== previous) ? 1 : 0;
      previous = tok;
    }
  }
  return S;
}

/** The topology of one label in arrays of its own: [S] each. */
export function latticeTopology(
  variant: CtcVariant,
  labels: ArrayLike<number>,
  offset: number,
  U: number,
  blank: number,
): LatticeTopology {
  const S = 2 * U + 1;
  const topology = { S, token: new Int32Array(S), stay: new Uint8Array(S), skip: new Uint8Array(S) };
  writeLatticeTopology(variant, labels, offset, U, blank, topology);
  return topology;
}
