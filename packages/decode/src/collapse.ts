import type { CtcVariant } from '@seq2seq-losses/spec';

/**
 * The label an alignment maps to. classic: merge repeats, then drop blanks (a_bb_ccc_c -> abcc);
 * simplified: drop blanks only (-> abbcccc).
 */
export function collapseAlignment(path: ArrayLike<number>, variant: CtcVariant, blank: number): Int32Array {
  const out: number[] = [];
  let previous = -1;
  for (let t = 0; t < path.length; t++) {
    const token = path[t];
    if (token !== blank && (variant === 'simplified' || token !== previous)) out.push(token);
    previous = token;
  }
  return Int32Array.from(out);
}
