import type { CtcVariant } from '@seq2seq-losses/spec';
import { once, type GraphBuilder } from '../onnx/graph-builder.js';
import { INPUT } from './io-names.js';
import { edgeRows, negInf, shifted1, shifted12 } from './log-space-ops.js';

export interface Edges {
  /** [3, S, B] 0 where edge d (stay, step, skip) into s exists, else -inf (an additive log mask). */
  readonly fwdBias: string;
  /** [3, S, B] 0 where edge d out of s (into s + d) exists, else -inf. */
  readonly bwdBias: string;
  /** [S, B] bool: s in {S_b - 1, S_b - 2}, S_b = 2 U_b + 1. */
  readonly endMask: string;
}

/**
 * The lattice edges of every sample over the interleaved states s < S_b:
 * - classic: stay everywhere, step from s - 1, skip from s - 2 into a label that differs from l'_{s-2};
 * - simplified: stay only on blank states (a repeated token is a new one), skip into every label.
 * @param ext [B, S] int64 extended label
 */
export function buildEdges(g: GraphBuilder, x: { ext: string; S: string; variant: CtcVariant }): Edges {
  const one = g.int(1);
  const and = (...xs: string[]) => xs.reduce((a, b) => g.op('And', [a, b]));
  const col = (v: string) => g.op('Unsqueeze', [v, g.int([1])]); // [n] -> [n, 1]
  const s = g.op('Unsqueeze', [g.op('Range', [g.int(0), x.S, one]), g.int([0])]); // [1, S]
  const Sb = g.op('Add', [g.op('Mul', [INPUT.labelLengths, g.int(2)]), one]); // [B]
  const live = g.op('Less', [s, col(Sb)]); // [B, S]
  const isLabel = g.op('Equal', [g.op('Mod', [s, g.int(2)]), one]); // [1, S]
  const sGe2 = g.op('GreaterOrEqual', [s, g.int(2)]);
  const step = and(live, g.op('GreaterOrEqual', [s, one]));
  let stay: string;
  let skip: string;
  if (x.variant === 'classic') {
    stay = live;
    const extPrev2 = g.op('Pad', [x.ext, g.int([0, 2, 0, -2]), g.int(-1)]); // [B, S] l'_{s-2}
    skip = and(live, sGe2, isLabel, g.op('Not', [g.op('Equal', [x.ext, extPrev2])]));
  } else {
    stay = and(live, g.op('Not', [isLabel]));
    skip = and(live, sGe2, isLabel);
  }
  const unsq1 = (v: string) => g.op('Unsqueeze', [v, g.int([1])]);
  const fwdMask = g.op('Concat', [unsq1(stay), unsq1(step), unsq1(skip)], { axis: 1 }); // [B, 3, S]
  // [B, 3, S] bool -> [3, S, B] additive mask. Adding -inf is exact for every value a valid sample
  // can hold (finite or -inf); only an invalid sample's +inf/NaN could turn into NaN, and its
  // outputs are NaN anyway.
  const fwdBias = g.op('Transpose', [g.op('Where', [fwdMask, g.float([0]), negInf(g)])], { perm: [1, 2, 0] });
  const bwdBias = once(() => {
    const rows = edgeRows(g, fwdBias); // bwd[d][s] = fwd[d][s + d]
    const unsq0 = (v: string) => g.op('Unsqueeze', [v, g.int([0])]);
    return g.op('Concat', [unsq0(rows.stay), unsq0(shifted1(g, rows.step, -1)), unsq0(shifted12(g, rows.skip, -1)[1])], { axis: 0 });
  });
  const ends = g.op('Or', [g.op('Equal', [s, col(g.op('Sub', [Sb, one]))]), g.op('Equal', [s, col(g.op('Sub', [Sb, g.int(2)]))])]); // [B, S]
  return {
    fwdBias,
    get bwdBias() {
      return bwdBias(); // built on first use (the loss model has no backward pass)
    },
    endMask: g.op('Transpose', [ends], { perm: [1, 0] }),
  };
}
