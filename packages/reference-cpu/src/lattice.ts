import type { CtcVariant } from '@seq2seq-losses/spec';

/**
 * The state lattice of one sample, in the interleaved form of docs/math.md, for both variants.
 *
 * S = 2U + 1 states; state s emits token[s]: even s = blank, odd s = 2u + 1 emits w_u.
 * Allowed moves from frame t-1 to frame t into state s:
 *   - stay:  s -> s       when stay[s]
 *   - step:  s - 1 -> s   always (s >= 1)
 *   - skip:  s - 2 -> s   when skip[s]
 * Paths start in state 0 or 1 and end in state S - 1 or S - 2.
 *
 * classic:    stay always; skip into w_u iff w_u != w_{u-1} (equal neighbours need a blank).
 * simplified: a state is (u tokens emitted, last frame blank | last frame emitted w_{u-1}); every
 *             non-blank frame emits the NEXT token, so a token state never stays, and a token
 *             state is reachable from the previous token state directly (skip) whatever the labels.
 * Both lattices give exactly the alignments of docs/math.md, one lattice path per alignment.
 */
export interface Lattice {
  /** Number of states, 2U + 1. */
  readonly S: number;
  /** [S] token emitted in each state. */
  readonly token: Int32Array;
  /** [S] 1 if s -> s is allowed. */
  readonly stay: Uint8Array;
  /** [S] 1 if s - 2 -> s is allowed. */
  readonly skip: Uint8Array;
}

/** Builds the lattice of label `labels[offset .. offset + U)` with blank index `blank` (already in [0, C)). */
export function buildLattice(
  variant: CtcVariant,
  labels: ArrayLike<number>,
  offset: number,
  U: number,
  blank: number,
): Lattice {
  const S = 2 * U + 1;
  const token = new Int32Array(S);
  const stay = new Uint8Array(S);
  const skip = new Uint8Array(S);
  for (let s = 0; s < S; s++) {
    const isBlank = s % 2 === 0;
    token[s] = isBlank ? blank : labels[offset + (s - 1) / 2];
    if (variant === 'classic') {
      stay[s] = 1;
      skip[s] = !isBlank && s >= 3 && token[s] !== token[s - 2] ? 1 : 0;
    } else {
      stay[s] = isBlank ? 1 : 0;
      skip[s] = !isBlank && s >= 3 ? 1 : 0;
    }
  }
  return { S, token, stay, skip };
}
