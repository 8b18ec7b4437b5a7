import type { GraphBuilder } from '../onnx/graph-builder.js';
import { INPUT } from './io-names.js';
import type { Lattice } from './lattice.js';

/** x [S, ...] with the state axis reversed: out[s] = x[S - 1 - s]. */
export function reverseStates(g: GraphBuilder, x: string): string {
  return g.op('Slice', [x, g.int([-1]), g.int([-Number.MAX_SAFE_INTEGER]), g.int([0]), g.int([-1])]);
}

export interface ProbHalves {
  /** [K, S, 2B] emissions exp(z) in the model's dtype: columns b < B run forward, B + b backward. */
  readonly emit: string;
  /** [S, 2B] float64: one-hot at s = 0 (forward) and at reversed S_b - 1 (backward). */
  readonly init: string;
  /**
   * With `full`: [K, S, 2B] the K steps after `emit`, so that both halves cover every frame:
   * step i reads forward frame K + i and backward frame K - 1 - i (states reversed).
   */
  readonly rest?: string;
}

/**
 * The scan inputs of the two halves of the probability-space pass, run as one Scan of K steps on
 * [S, 2B] (meet in the middle: half the steps of one forward pass, each on twice the columns):
 * - column b (forward): step i reads frame i with states in order, e[i, s, b] = p[b, i, l'_s];
 * - column B + b (backward): step i reads frame T' - 1 - i (T' = 2K; frame T, when T is odd, is a
 *   padded frame: 1 at blank) with states reversed, e[i, s, B + b] = p[b, T' - 1 - i, l'_{S-1-s}],
 *   so that the backward recursion x_t = e_t (x_{t+1}(s) + x_{t+1}(s+1) + skip x_{t+1}(s+2)) has the
 *   same shifts as the forward one.
 * States s >= S_b read a zero row (emit nothing), so no mass leaves the label. Every copy is made in
 * log space in the model's dtype (float32 moves half the bytes); exp is taken once, on the table.
 * @param z [B, T, C] log emissions, padded frames already 0 at blank, -inf elsewhere
 */
export function probHalves(g: GraphBuilder, z: string, lat: Lattice, full = false): ProbHalves {
  const zero = g.int(0);
  const one = g.int(1);
  const negInf = g.float([-Infinity]);
  const rows = g.op('Flatten', [g.op('Transpose', [z], { perm: [0, 2, 1] })], { axis: 2 }); // [B*C, T] row b*C + c
  const shape = g.op('Shape', [rows]);
  const BC = g.op('Gather', [shape, zero]); // []
  const T = g.op('Gather', [shape, one]); // []
  const C = g.op('Gather', [g.op('Shape', [z]), g.int(2)]);
  const isBlank = g.op('Equal', [g.op('Mod', [g.op('Range', [zero, BC, one]), C]), INPUT.blank]); // [B*C]
  const padCol = g.op('Unsqueeze', [g.op('Where', [isBlank, g.float([0]), negInf]), g.int([1])]); // [B*C, 1]
  const frames = g.op('Concat', [rows, padCol], { axis: 1 }); // [B*C, T + 1]: frame T is padding
  const K = g.op('Div', [g.op('Add', [T, one]), g.int(2)]);
  const vec = (x: string) => g.op('Unsqueeze', [x, g.int([0])]); // [] -> [1]
  const fwd = g.op('Slice', [frames, g.int([0]), vec(K), g.int([1])]); // [B*C, K] frames 0 .. K-1
  const last = g.op('Sub', [g.op('Mul', [K, g.int(2)]), one]); // T' - 1
  const bwd = g.op('Slice', [frames, vec(last), vec(g.op('Sub', [K, one])), g.int([1]), g.int([-1])]); // [B*C, K] frames T'-1 .. K
  const deadRow = g.op('Expand', [negInf, g.op('Concat', [g.int([1]), vec(K)], { axis: 0 })]); // [1, K]
  const table = (f: string, b: string) => g.op('Exp', [g.op('Concat', [f, b, deadRow], { axis: 0 })]); // [2*B*C + 1, K]

  const s = g.op('Unsqueeze', [g.op('Range', [zero, lat.S, one]), g.int([1])]); // [S, 1]
  const Sb = g.op('Add', [g.op('Mul', [INPUT.labelLengths, g.int(2)]), one]); // [B]
  const inLabel = g.op('Less', [s, Sb]); // [S, B]
  const dead = g.op('Mul', [BC, g.int(2)]); // the -inf row
  const fwdIndex = g.op('Where', [inLabel, lat.stateRows, dead]); // [S, B]
  const bwdIndex = reverseStates(g, g.op('Where', [inLabel, g.op('Add', [lat.stateRows, BC]), dead]));
  const index = g.op('Concat', [fwdIndex, bwdIndex], { axis: 1 }); // [S, 2B]
  const gather = (t: string) => g.op('Transpose', [g.op('Gather', [t, index], { axis: 0 })], { perm: [2, 0, 1] }); // [K, S, 2B]
  const emit = gather(table(fwd, bwd));
  let rest: string | undefined;
  if (full) {
    const fwdRest = g.op('Slice', [frames, vec(K), vec(g.op('Mul', [K, g.int(2)])), g.int([1])]); // frames K .. T'-1
    const bwdRest = g.op('Slice', [frames, vec(g.op('Sub', [K, one])), g.int([-Number.MAX_SAFE_INTEGER]), g.int([1]), g.int([-1])]); // K-1 .. 0
    rest = gather(table(fwdRest, bwdRest));
  }

  const d64 = (b: string) => g.op('Cast', [b], { to: 11 });
  const start = d64(g.op('Equal', [s, zero])); // [S, 1]
  const fwdInit = g.op('Expand', [start, g.op('Shape', [fwdIndex])]); // [S, B]
  const bwdInit = reverseStates(g, d64(g.op('Equal', [s, g.op('Sub', [Sb, one])]))); // [S, B]
  return { emit, init: g.op('Concat', [fwdInit, bwdInit], { axis: 1 }), rest };
}
