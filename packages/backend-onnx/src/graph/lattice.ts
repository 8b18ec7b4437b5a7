import type { CtcInputMode, CtcVariant } from '@seq2seq-losses/spec';
import { once, type GraphBuilder } from '../onnx/graph-builder.js';
import { buildEdges } from './edges.js';
import { INPUT } from './io-names.js';
import { negInf } from './log-space-ops.js';
import { sampleChecks } from './sample-checks.js';

/**
 * Everything the recursions need, built in-graph from the raw inputs. One lattice serves both
 * variants: extended label l' = (k, w_0, k, w_1, ..., k), S = 2L + 1 states, state s emits l'_s.
 * Edges into s: stay (s -> s), step (s-1 -> s), skip (s-2 -> s).
 * - classic: stay everywhere, skip only into a label that differs from the label before it.
 * - simplified (no merging): no stay on label states (a repeat is a new token), skip into every label.
 * States s >= 2 U_b + 1 may hold forward mass but never reach an end state (beta = -inf there), so
 * their posterior is 0. Frames t >= T_b emit blank with log-prob 0 (and every
 * other token -inf), so all samples run T steps and end in the same end states.
 */
export interface Lattice {
  readonly S: string; // [] int64
  readonly ext: string; // [B, S] int64 tokens l'_s (blank beyond the label)
  readonly stateRows: string; // [S, B] int64 b * C + l'_s
  /** [3, S, B] float, 0 where edge d into s exists, else -inf (an additive log-space mask). */
  readonly fwdBias: string;
  /** [3, S, B] float, 0 where edge d out of s (into s + d) exists, else -inf. */
  readonly bwdBias: string;
  /** Whether stay edges are restricted (simplified: blank states only); classic stays everywhere. */
  readonly stayRestricted: boolean;
  readonly endMask: string; // [S, B] bool: s in {S_b - 1, S_b - 2}
  readonly frameValid: string; // [B, T] bool: t < T_b
  readonly feasible: string; // [B] bool: T_b >= U_b + R_b (classic) or U_b (simplified)
  readonly invalid: string; // [B] bool: a valid frame is all -inf or holds NaN / +inf
  readonly logProbs: string; // [B, T, C] z, padded frames replaced by (0 at blank, -inf elsewhere)
  readonly emissions: string; // [T, S, B] z[b, t, l'_s]
  readonly alphaInit: string; // [S, B] log alpha_{-1}: 0 at s = 0, -inf elsewhere
  readonly betaInit: string; // [S, B] log beta_{T-1}: 0 on end states, -inf elsewhere
  readonly tokenOneHot: string; // [B, S, C] float, 1 where l'_s = c
}

/** @param logits [B, T, C] the logits input, or a float64 copy of it (float32 HVP models compute in float64) */
export function buildLattice(g: GraphBuilder, variant: CtcVariant, inputs: CtcInputMode, logits: string = INPUT.logits): Lattice {
  const zero = g.int(0);
  const one = g.int(1);
  const blank = INPUT.blank;
  const dimOf = (x: string, i: number) => g.op('Gather', [g.op('Shape', [x]), g.int(i)]); // []
  const B = dimOf(INPUT.logits, 0);
  const T = dimOf(INPUT.logits, 1);
  const C = dimOf(INPUT.logits, 2);
  const L = dimOf(INPUT.labels, 1);
  const S = g.op('Add', [g.op('Mul', [L, g.int(2)]), one]);
  const range = (n: string) => g.op('Range', [zero, n, one]);
  const row = (x: string) => g.op('Unsqueeze', [x, g.int([0])]); // [n] -> [1, n]
  const col = (x: string) => g.op('Unsqueeze', [x, g.int([1])]); // [n] -> [n, 1]

  // Extended label [B, S]: labels beyond U_b replaced by the blank (never read as tokens).
  const uValid = g.op('Less', [row(range(L)), col(INPUT.labelLengths)]); // [B, L]
  const labels = g.op('Where', [uValid, INPUT.labels, blank]); // [B, L]
  const blanksBL = g.op('Expand', [blank, g.op('Shape', [INPUT.labels])]); // [B, L]
  const pairs = g.op('Concat', [g.op('Unsqueeze', [blanksBL, g.int([2])]), g.op('Unsqueeze', [labels, g.int([2])])], { axis: 2 });
  const SB = g.op('Concat', [g.op('Unsqueeze', [S, g.int([0])]), g.op('Unsqueeze', [B, g.int([0])])], { axis: 0 }); // [2]
  const interleaved = g.op('Reshape', [pairs, g.op('Concat', [g.op('Unsqueeze', [B, g.int([0])]), g.int([-1])], { axis: 0 })]);
  const ext = g.op('Concat', [interleaved, g.op('Expand', [blank, g.op('Concat', [g.op('Unsqueeze', [B, g.int([0])]), g.int([1])], { axis: 0 })])], { axis: 1 }); // [B, S]

  const edges = buildEdges(g, { ext, S, variant });

  // Log-probabilities with padded frames sanitised: [B, T, C].
  const frameValid = g.op('Less', [row(range(T)), col(INPUT.logitLengths)]); // [B, T]
  const z = inputs === 'logits' ? g.op('LogSoftmax', [logits], { axis: -1 }) : logits;
  const { feasible, invalid } = sampleChecks(g, { z, labels, uValid, frameValid, variant, fromLogits: inputs === 'logits' });
  const padRow = g.op('Where', [g.op('Equal', [range(C), blank]), g.float([0]), negInf(g)]); // [C]
  const logProbs = g.op('Where', [g.op('Unsqueeze', [frameValid, g.int([2])]), z, padRow]);

  // Row of (b, l'_s) in x [B, C, T] flattened to [B*C, T]: b*C + l'_s, as [S, B].
  const stateRows = g.op('Add', [g.op('Transpose', [ext], { perm: [1, 0] }), row(g.op('Mul', [range(B), C]))]);
  const emissions = once(() => gatherStates(g, logProbs, { stateRows })); // the loss output gathers probabilities instead

  const isStart = g.op('Equal', [range(S), zero]); // [S]
  const alphaInit = g.op('Expand', [g.op('Unsqueeze', [g.op('Where', [isStart, g.float([0]), negInf(g)]), g.int([1])]), SB]);
  // Built on first use only: ORT runs every node of a graph, used or not, and the loss model needs none.
  const betaInit = once(() => g.op('Where', [edges.endMask, g.float([0]), negInf(g)]));
  const tokenOneHot = once(() =>
    g.op('Cast', [g.op('Equal', [g.op('Unsqueeze', [ext, g.int([2])]), range(C)])], { to: g.dtype === 'float64' ? 11 : 1 }),
  );
  return {
    S,
    ext,
    stateRows,
    fwdBias: edges.fwdBias,
    get bwdBias() {
      return edges.bwdBias;
    },
    stayRestricted: variant === 'simplified',
    endMask: edges.endMask,
    frameValid,
    feasible,
    invalid,
    logProbs,
    get emissions() {
      return emissions();
    },
    alphaInit,
    get betaInit() {
      return betaInit();
    },
    get tokenOneHot() {
      return tokenOneHot();
    },
  };
}

/** x [B, T, C] -> [T, S, B] with out[t, s, b] = x[b, t, l'_s] (emissions, tangents). */
export function gatherStates(g: GraphBuilder, x: string, lat: Pick<Lattice, 'stateRows'>): string {
  // Every step moves whole rows or is a 2-D transpose (ORT's fast paths; a general 3-D permutation
  // of [B, S, T] cost ~0.5 s at B=256, T=255, S=253).
  const rowsBCxT = g.op('Flatten', [g.op('Transpose', [x], { perm: [0, 2, 1] })], { axis: 2 }); // [B*C, T]
  const gathered = g.op('Gather', [rowsBCxT, lat.stateRows], { axis: 0 }); // [S, B, T]
  return g.op('Transpose', [gathered], { perm: [2, 0, 1] });
}
