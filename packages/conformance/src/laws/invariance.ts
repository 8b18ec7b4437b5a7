import { seededRandom, withinTolerance, type CtcBatch, type Tolerance } from '@seq2seq-losses/spec';
import type { BatchSpec } from '../arbitraries.js';
import { roundToPrecision, toBackendArray, toBackendBatch } from '../batch-tools.js';
import { compareQuantity, itemShape, type LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

const LOGITS_ONLY = { maxB: 3, maxT: 12, maxC: 6, inputModes: ['logits'] } as const;

/**
 * Logits mode: adding a constant k to every logit of one valid frame (per item) leaves loss,
 * gradient and HVP unchanged, since softmax(x + k) = softmax(x): k in +-0.5 .. +-7.5, or a huge
 * K (2^20 in float32, 2^50 in float64) on a frame of integers (exact at that magnitude).
 */
export const shiftInvarianceLaw: CtcLaw = propertyLaw({
  id: 'shift-invariance',
  title: "adding a constant to one frame's logits changes nothing (logits mode)",
  needs: { inputs: 'logits' },
  limits: LOGITS_ONLY,
  check: checkShift,
});

async function checkShift(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const { backend, tolerance } = ctx;
  const caps = backend.capabilities;
  const input = inputOf(ctx, spec);
  const { B, T, C } = input.batch.dims;
  const uniform = seededRandom(spec.seed ^ 0x1b873593);
  const logits = input.batch.logits;
  const shifted = Float64Array.from(logits);
  const moved: string[] = [];
  for (let b = 0; b < B; b++) {
    const Tb = input.batch.logitLength[b];
    if (Tb === 0) continue;
    const t = Math.floor(uniform() * Tb);
    const row = (b * T + t) * C;
    if (uniform() < 0.5) {
      const k = (uniform() < 0.5 ? -0.5 : 0.5) * (1 + Math.floor(uniform() * 15)); // exact in float32
      for (let c = 0; c < C; c++) shifted[row + c] += k;
      moved.push(`item ${b} frame ${t} +${k}`);
    } else {
      // a huge offset, exact: the frame made integers, K = 2^20 (float32) or 2^50 (float64) added,
      // so x + K is representable and only a log-softmax that subtracts the max first is unchanged
      const K = caps.precision === 'float32' ? 2 ** 20 : 2 ** 50;
      for (let c = 0; c < C; c++) {
        logits[row + c] = Math.round(logits[row + c]);
        shifted[row + c] = logits[row + c] + K;
      }
      moved.push(`item ${b} frame ${t} rounded, +${K}`);
    }
  }
  const name = `${input.name} shift ${moved.join(', ') || 'none'}`;
  const other: CtcBatch<Float64Array> = { ...input.batch, logits: roundToPrecision(shifted, caps.precision) };
  const failures: LawFailure[] = [];
  const compare = (q: string, got: ArrayLike<number>, expected: ArrayLike<number>) => {
    const f = compareQuantity(name, `${q} after shift`, got, expected, tolerance, itemShape(q, T, C));
    if (f) failures.push(f);
  };
  if (caps.hessianVectorProduct) {
    const direction = toBackendArray(input.direction!, caps.precision);
    const a = await backend.hessianVectorProduct(toBackendBatch(input.batch, caps.precision), direction, input.options);
    const b = await backend.hessianVectorProduct(toBackendBatch(other, caps.precision), direction, input.options);
    compare('loss', b.loss, a.loss);
    compare('gradient', b.gradient, a.gradient);
    compare('hvp', b.hvp, a.hvp);
  } else {
    const a = await backend.lossAndGradient(toBackendBatch(input.batch, caps.precision), input.options);
    const b = await backend.lossAndGradient(toBackendBatch(other, caps.precision), input.options);
    compare('loss', b.loss, a.loss);
    compare('gradient', b.gradient, a.gradient);
  }
  return failures;
}

/**
 * Logits mode: every valid frame's gradient row sums to 0 (sum_c p - gamma = 1 - 1) with entries in
 * [-1, 1], and every HVP row sums to 0 (<Hv, 1_t> = <v, H 1_t> = 0), for items with a finite loss.
 */
export const rowSumLaw: CtcLaw = propertyLaw({
  id: 'rows-sum-zero',
  title: 'gradient and HVP rows sum to 0 on every frame (logits mode)',
  needs: { inputs: 'logits' },
  limits: LOGITS_ONLY,
  check: checkRowSums,
});

async function checkRowSums(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const { backend, tolerance } = ctx;
  const caps = backend.capabilities;
  const input = inputOf(ctx, spec);
  const batch = toBackendBatch(input.batch, caps.precision);
  const failures: LawFailure[] = [];
  const r = await backend.lossAndGradient(batch, input.options);
  rowSums(input.name, 'gradient', r.gradient, r.loss, input.batch, tolerance, failures);
  if (caps.hessianVectorProduct) {
    const h = await backend.hessianVectorProduct(batch, toBackendArray(input.direction!, caps.precision), input.options);
    rowSums(input.name, 'hvp', h.hvp, h.loss, input.batch, tolerance, failures);
  }
  return failures;
}

/**
 * For items with a finite loss: |sum_c v[b,t,c]| <= atol + rtol * sum_c |v[b,t,c]| on frames t < T_b,
 * and for the gradient (p - gamma, both in [0, 1]) every entry in [-1, 1] within atol.
 */
function rowSums(
  caseName: string,
  quantity: string,
  values: ArrayLike<number>,
  loss: ArrayLike<number>,
  batch: CtcBatch,
  tol: Tolerance,
  failures: LawFailure[],
): void {
  const { B, T, C } = batch.dims;
  for (let b = 0; b < B; b++) {
    if (!Number.isFinite(loss[b])) continue;
    for (let t = 0; t < batch.logitLength[b]; t++) {
      let sum = 0;
      let scale = 0;
      for (let c = 0; c < C; c++) {
        const v = values[(b * T + t) * C + c];
        sum += v;
        scale += Math.abs(v);
        if (quantity === 'gradient' && !(Math.abs(v) <= 1 + tol.atol)) {
          failures.push({ case: caseName, quantity: 'gradient entry in [-1, 1]', item: b, index: [t, c], got: v, expected: Math.sign(v), deviation: Math.abs(v) - 1 });
          return;
        }
      }
      if (!withinTolerance(sum, 0, { atol: tol.atol + tol.rtol * scale, rtol: 0 })) {
        failures.push({ case: caseName, quantity: `${quantity} row sum`, item: b, index: [t], got: sum, expected: 0, deviation: Math.abs(sum) });
        return;
      }
    }
  }
}
