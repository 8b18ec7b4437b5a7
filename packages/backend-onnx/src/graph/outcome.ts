import type { CtcInputMode } from '@seq2seq-losses/spec';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { Lattice } from './lattice.js';
import { logSumExp, negInf } from './log-space-ops.js';
import type { LatticeScan } from './scan-lattice.js';

/** The per-sample outcome of docs/math.md's edge-case contract. */
export interface Outcome {
  /** [B] -log P; +inf if infeasible or every alignment has probability 0; NaN for an invalid sample. */
  readonly loss: string;
  /** [B, T, 1] bool: frame t < T_b of a sample with a finite loss (derivatives may be non-zero). */
  readonly keep: string;
  /** [B, T, 1] bool: frame t < T_b of an invalid (NaN) sample. */
  readonly nanFrame: string;
}

/** loss_b = -lse over the end states of alpha_{T-1} [S, B] (+ its scale), then the edge cases by select. */
export function outcomeFromAlpha(g: GraphBuilder, lat: Lattice, scan: LatticeScan, inputs: CtcInputMode): Outcome {
  const ends = g.op('Where', [lat.endMask, scan.alphaLast, negInf(g)]); // [S, B]
  let logZ = logSumExp(g, ends, 0).lse; // [B]
  logZ = g.op('Add', [logZ, g.op('Squeeze', [scan.logScale, g.int([0])])]);
  let loss = g.op('Neg', [logZ]);
  // Round-off may give -1e-7 for a certain alignment; NaN < 0 is false, so NaN stays NaN.
  if (inputs === 'logits') loss = g.op('Where', [g.op('Less', [loss, g.float([0])]), g.float([0]), loss]);
  loss = g.op('Where', [lat.invalid, g.float([NaN]), loss]);
  loss = g.op('Where', [lat.feasible, loss, g.float([Infinity])]);

  const reachable = g.op('Not', [g.op('IsInf', [logZ], { detect_positive: 0, detect_negative: 1 })]);
  const possible = g.op('And', [g.op('And', [lat.feasible, g.op('Not', [lat.invalid])]), reachable]); // [B]
  const nanSample = g.op('And', [lat.feasible, lat.invalid]); // [B]
  const perFrame = (sample: string) =>
    g.op('Unsqueeze', [g.op('And', [lat.frameValid, g.op('Unsqueeze', [sample, g.int([1])])]), g.int([2])]);
  return { loss, keep: perFrame(possible), nanFrame: perFrame(nanSample) };
}

/** A derivative [B, T, C] with the contract applied: NaN on an invalid sample's valid frames, else 0 outside `keep`. */
export function applyOutcome(g: GraphBuilder, outcome: Outcome, raw: string): string {
  const kept = g.op('Where', [outcome.keep, raw, g.float([0])]);
  return g.op('Where', [outcome.nanFrame, g.float([NaN]), kept]);
}
