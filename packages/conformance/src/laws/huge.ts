import { seededRandom, withinTolerance, type CtcBatch, type Tolerance } from '@seq2seq-losses/spec';
import { agreeWithReference } from '../agree.js';
import { describeSpec, type BatchSpec } from '../arbitraries.js';
import { roundToPrecision, toBackendBatch } from '../batch-tools.js';
import type { LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

/** Magnitudes an item's huge entries take; float64 backends also get 1e300. */
const MAGNITUDES_F32 = [1e4, 1e10, 1e20, 1e30];
const MAGNITUDES_F64 = [...MAGNITUDES_F32, 1e300];

/**
 * Mixes of huge and ordinary values: in each item, 0%, 10% or 25% of entries replaced by +-M (logits mode) or
 * -M (logProbs mode), M drawn per item from 1e4 .. 1e30 (1e300 for float64 backends); in 30% of
 * items one frame made entirely huge, and in 70% -M on one label token at every frame (warp-ctc's
 * case: every alignment pays M at least once). Many items then have no alignment that avoids every huge
 * entry: the exact answer puts all posterior mass on the alignments of least huge cost and weighs
 * those by their ordinary parts (the float64 log-softmax is exact: [1e30, 0, 0] -> [0, -1e30, -1e30]).
 * Must hold: agreement with reference-cpu (loss, gradient, HVP); losses finite or +inf; gradient
 * rows of valid frames in [-1, 1] summing to 0 (logits), occupancies -gradient in [0, 1] summing
 * to 1 (logProbs).
 */
export const hugeMixLaw: CtcLaw = propertyLaw({
  id: 'extreme/huge-mix',
  title: 'mixes of +-1e4 .. +-1e30 (1e300 in float64) with ordinary values: exact and bounded',
  limits: { maxB: 4, minT: 2, maxT: 12, maxC: 6 },
  runs: (ctx) => 3 * ctx.runs, // cheap shapes; the failures it looks for need a few items of least huge cost
  name: (spec) => `${describeSpec(withLabels(spec))} huge mix`,
  check: async (ctx, drawn) => {
    const spec = withLabels(drawn);
    const caps = ctx.backend.capabilities;
    const input = inputOf(ctx, spec);
    const magnitudes = caps.precision === 'float64' ? MAGNITUDES_F64 : MAGNITUDES_F32;
    const { logits, magnitudes: drawnM } = addHugeEntries(input.batch, spec, magnitudes);
    const batch = { ...input.batch, logits: roundToPrecision(logits, caps.precision) };
    const name = `${input.name} huge mix ${drawnM.join(' ')}`;
    const failures = await agreeWithReference(ctx, { ...input, name, batch }, { hvp: caps.hessianVectorProduct });
    const got = await ctx.backend.lossAndGradient(toBackendBatch(batch, caps.precision), input.options);
    // which items have an alignment (zeroInfinity reports the others as 0)
    const feasible = (await ctx.reference.loss(batch, { ...input.options, zeroInfinity: false })).map((l) => (Number.isFinite(l) ? 1 : 0));
    checkBounds(name, batch, spec.inputs === 'logits', feasible, got.loss, got.gradient, ctx.tolerance, failures);
    return failures;
  },
});

/** The draw with labels of 1 .. T/2 slots (fast-check's draws favour L = 0, which needs no alignment). */
function withLabels(spec: BatchSpec): BatchSpec {
  return { ...spec, L: 1 + (spec.seed % Math.max(1, Math.floor(spec.T / 2))) };
}

/** A copy of the logits with huge entries; `drawn` names each item's magnitude. */
function addHugeEntries(batch: CtcBatch<Float64Array>, spec: BatchSpec, magnitudes: readonly number[]): { logits: Float64Array; magnitudes: string[] } {
  const uniform = seededRandom(spec.seed ^ 0x5bd1e995);
  const { B, T, C } = batch.dims;
  const logits = Float64Array.from(batch.logits);
  const drawn: string[] = [];
  for (let b = 0; b < B; b++) {
    const M = magnitudes[Math.floor(uniform() * magnitudes.length)];
    drawn.push(`item ${b}: ${M}`);
    const huge = () => (spec.inputs === 'logits' && uniform() < 0.5 ? M : -M);
    const fraction = [0, 0.1, 0.25][Math.floor(uniform() * 3)];
    for (let i = b * T * C; i < (b + 1) * T * C; i++) if (uniform() < fraction) logits[i] = huge();
    if (T > 0 && uniform() < 0.3) {
      const t = Math.floor(uniform() * T);
      for (let c = 0; c < C; c++) logits[(b * T + t) * C + c] = huge();
    }
    const U = batch.labelLength[b];
    if (U > 0 && uniform() < 0.7) {
      const token = batch.labels[b * batch.dims.L + Math.floor(uniform() * U)]; // warp-ctc's case
      for (let t = 0; t < T; t++) logits[(b * T + t) * C + token] = -M;
    }
  }
  return { logits, magnitudes: drawn };
}

/**
 * Bounds that hold at any input: a loss is finite, +inf or NaN (never -inf); on valid frames of
 * items with an alignment of nonzero probability and a finite loss every gradient entry lies in [-1, 1] and each row sums to 0 (logits:
 * p - gamma) or to -1 with entries in [-1, 0] (logProbs: -gamma).
 */
function checkBounds(
  name: string,
  batch: CtcBatch,
  logits: boolean,
  feasible: ArrayLike<number>,
  loss: ArrayLike<number>,
  gradient: ArrayLike<number>,
  tol: Tolerance,
  failures: LawFailure[],
): void {
  const { B, T, C } = batch.dims;
  const fail = (quantity: string, item: number, index: number[], got: number, expected: number) =>
    failures.push({ case: name, quantity, item, index, got, expected, deviation: Math.abs(got - expected) });
  for (let b = 0; b < B; b++) {
    if (loss[b] === -Infinity) fail('loss (finite or +inf)', b, [], loss[b], Infinity);
    if (!Number.isFinite(loss[b]) || !feasible[b]) continue;
    for (let t = 0; t < batch.logitLength[b]; t++) {
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const g = gradient[(b * T + t) * C + c];
        sum += g;
        const low = -1 - tol.atol;
        const high = (logits ? 1 : 0) + tol.atol;
        if (!(g >= low && g <= high)) return void fail(`gradient entry in [-1, ${logits ? 1 : 0}]`, b, [t, c], g, g < low ? -1 : high - tol.atol);
      }
      const expected = logits ? 0 : -1;
      if (!withinTolerance(sum, expected, { atol: tol.atol, rtol: 0 })) return void fail('gradient row sum', b, [t], sum, expected);
    }
  }
}
