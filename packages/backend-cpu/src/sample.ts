import { isFeasible, lossRule, sampleLoss, SampleStatus, type CtcBatch, type FloatArray, type ResolvedCtcOptions } from '@seq2seq-losses/spec';
import { readFrames } from './emissions.js';
import { hasHugeLatticeLogs, lossMayHideHugeLogs, mayHaveHugeLatticeLogs, solveWithReference } from './huge-fallback.js';
import { buildLattice } from './lattice.js';
import { logBackward, logForward } from './log-forward-backward.js';
import { logTangent } from './log-tangent.js';
import { probBackward, probForward } from './prob-forward-backward.js';
import { probTangent } from './prob-tangent.js';
import type { SampleInput } from './sample-input.js';
import type { Workspace } from './workspace.js';

/**
 * Where one call writes its results. solveSample writes every element of its sample (padded frames
 * and Hessian blocks included), so the arrays may hold anything beforehand (reused shared memory).
 */
export interface SampleOutputs {
  /** [B] */
  readonly loss: FloatArray;
  /** [B, T, C] */
  readonly gradient: FloatArray | null;
  /** [B, T, C] and the direction it multiplies (read on valid frames only). */
  readonly hvp: FloatArray | null;
  readonly direction: ArrayLike<number> | null;
  /** [B, T, C, T, C] */
  readonly hessian: FloatArray | null;
}

/** Which path computed a sample: counted for tests and the benchmark. */
export const SamplePath = { Trivial: 0, Probability: 1, Log: 2, Exact: 3 } as const;
export type SamplePath = (typeof SamplePath)[keyof typeof SamplePath];

/**
 * Computes sample b and writes its loss (spec's sampleLoss, clamped at 0 in 'logits' mode) and
 * derivatives. Outcomes (as reference-cpu):
 * - infeasible (T_b < U + R), or every alignment has probability 0: derivatives 0;
 * - a valid frame all -inf or holding NaN / +inf: derivatives NaN on the valid frames;
 * - else the probability-space path, falling back to log space when it cannot be trusted; then, if
 *   the loss is 1000 or more and a lattice token has |log-probability| >= 2^10 on a live state
 *   (huge-fallback.ts),
 *   reference-cpu's exact path replaces it all.
 */
export function solveSample(
  ws: Workspace,
  batch: CtcBatch,
  b: number,
  opts: ResolvedCtcOptions,
  out: SampleOutputs,
): SamplePath {
  const { T, C, L } = batch.dims;
  const Tb = batch.logitLength[b];
  const U = batch.labelLength[b];
  const frames = b * T * C; // offset of sample b in [B, T, C]
  clearOutsideValid(out, b, T, C, Tb);
  const rule = lossRule(opts, true);
  const impossible = (): SamplePath => {
    out.loss[b] = sampleLoss(SampleStatus.Infeasible, -Infinity, rule);
    fillSample(out, b, T, C, Tb, 0);
    return SamplePath.Trivial;
  };
  if (!isFeasible(opts.variant, Tb, batch.labels, b * L, U)) return impossible();
  if (Tb === 0) {
    out.loss[b] = sampleLoss(SampleStatus.Ok, 0, rule); // U = 0 here: the empty alignment
    return SamplePath.Trivial;
  }
  const S = 2 * U + 1;
  const grad = out.gradient;
  ws.ensure(Tb, S, C);
  buildLattice(ws, opts.variant, batch.labels, b * L, U, opts.blankIndex, Tb);
  const stream = out.hvp === null && out.hessian === null ? { gradient: grad, offset: frames } : undefined;
  const hvpStream = grad && out.hvp && out.direction && out.hessian === null ? { gradient: grad, hvp: out.hvp, direction: out.direction, offset: frames } : undefined;
  if (hvpStream) ws.ensureTangent(Tb, S, C); // a streamed HVP fills part of the tangent block in readFrames
  const inp: SampleInput = { x: batch.logits, xOff: frames, Tb, C, S, inputs: opts.inputs, stream, hvpStream };
  if (!readFrames(ws, inp)) {
    out.loss[b] = sampleLoss(SampleStatus.Invalid, NaN, rule);
    fillSample(out, b, T, C, Tb, NaN);
    return SamplePath.Trivial;
  }
  const derivatives = out.gradient !== null || out.hvp !== null || out.hessian !== null;
  let logP = ws.forceLog ? NaN : probForward(ws, inp);
  let path: SamplePath = SamplePath.Probability;
  if (logP !== logP) path = SamplePath.Log;
  else if (derivatives) {
    if (!probBackward(ws, inp, grad, frames, out.hvp !== null || out.hessian !== null)) path = SamplePath.Log;
  } else if (ws.tiny && !probBackward(ws, inp, null, 0, false)) path = SamplePath.Log;
  if (path === SamplePath.Log) {
    logP = logForward(ws, inp);
    if (logP === -Infinity) return impossible();
    if (derivatives) logBackward(ws, inp, grad, frames);
  }
  out.loss[b] = sampleLoss(SampleStatus.Ok, logP, rule);
  if (lossMayHideHugeLogs(out.loss[b]) && mayHaveHugeLatticeLogs(ws, inp, path === SamplePath.Probability) && hasHugeLatticeLogs(ws, inp)) {
    solveWithReference(batch, b, opts, out);
    return SamplePath.Exact;
  }

  const tangent = path === SamplePath.Log ? logTangent : probTangent;
  if (out.hvp && out.direction) {
    ws.ensureTangent(Tb, S, C);
    tangent(ws, inp, out.direction, frames, out.hvp, frames);
  }
  if (out.hessian) {
    ws.ensureTangent(Tb, S, C);
    ws.ensureHessian(Tb, C);
    writeHessian(ws, inp, tangent, out.hessian, b * T * C * T * C, T);
  }
  return path;
}

/**
 * The Hessian block of one sample, H[t, c, t', c'] for t, t' < Tb, from Tb * C tangent passes with
 * unit directions (the forward-backward is shared): O(Tb^2 C S) time, O(Tb C) extra memory; H is
 * symmetric, so column (t', c') is also row (t', c').
 */
function writeHessian(
  ws: Workspace,
  inp: SampleInput,
  tangent: typeof probTangent,
  out: FloatArray,
  offset: number,
  T: number,
): void {
  const { Tb, C } = inp;
  const unit = ws.unit; // [Tb, C]
  const column = ws.column; // [Tb, C]
  unit.fill(0, 0, Tb * C);
  for (let j = 0; j < Tb * C; j++) {
    unit[j] = 1;
    tangent(ws, inp, unit, 0, column, 0);
    unit[j] = 0;
    const tj = Math.floor(j / C);
    const cj = j - tj * C;
    // H[t, c, tj, cj] at ((t * C + c) * T + tj) * C + cj, i = t * C + c
    for (let i = 0; i < Tb * C; i++) out[offset + (i * T + tj) * C + cj] = column[i];
  }
}

/** Zeroes the outputs of sample b that no kernel writes: padded frames and the Hessian block. */
function clearOutsideValid(out: SampleOutputs, b: number, T: number, C: number, Tb: number): void {
  const frames = b * T * C;
  out.gradient?.fill(0, frames + Tb * C, frames + T * C);
  out.hvp?.fill(0, frames + Tb * C, frames + T * C);
  out.hessian?.fill(0, b * T * C * T * C, (b + 1) * T * C * T * C);
}

/** Sets the valid-frame outputs of sample b to `value` (0 for impossible, NaN for invalid input). */
function fillSample(out: SampleOutputs, b: number, T: number, C: number, Tb: number, value: number): void {
  const frames = b * T * C;
  out.gradient?.fill(value, frames, frames + Tb * C);
  out.hvp?.fill(value, frames, frames + Tb * C);
  const h = out.hessian;
  if (h) {
    const base = b * T * C * T * C;
    for (let i = 0; i < Tb * C; i++) h.fill(value, base + i * T * C, base + i * T * C + Tb * C);
  }
}
