import { compareArrays, toleranceFor } from '@seq2seq-losses/spec';

/**
 * @typedef {import('@seq2seq-losses/spec').CtcBackend} CtcBackend
 * @typedef {import('@seq2seq-losses/spec').CtcBatch} CtcBatch
 * @typedef {import('./cases.mjs').BenchOp} BenchOp
 * @typedef {{ loss: ArrayLike<number>, gradient?: ArrayLike<number>, hvp?: ArrayLike<number>, hessian?: ArrayLike<number> }} OpOutputs
 */

/** The output arrays each op returns: loss [B], gradient / hvp [B,T,C], hessian [B,T,C,T,C]. */
export const OP_OUTPUTS = {
  forward: ['loss'],
  lossAndGradient: ['loss', 'gradient'],
  hvp: ['loss', 'gradient', 'hvp'],
  hessian: ['loss', 'gradient', 'hessian'],
};

/**
 * Runs one op once.
 * @param {CtcBackend} backend
 * @param {BenchOp} op
 * @param {CtcBatch} batch
 * @param {ArrayLike<number>} direction [B, T, C], used by 'hvp' only
 * @param {import('@seq2seq-losses/spec').CtcOptions} options
 * @returns {Promise<OpOutputs>}
 */
export async function runOp(backend, op, batch, direction, options) {
  switch (op) {
    case 'forward':
      return { loss: await backend.loss(batch, options) };
    case 'lossAndGradient':
      return backend.lossAndGradient(batch, options);
    case 'hvp':
      return backend.hessianVectorProduct(batch, /** @type {any} */ (direction), options);
    case 'hessian':
      return backend.hessian(batch, options);
    default:
      throw new Error(`unknown op '${op}'`);
  }
}

/**
 * Whether a backend declares what the op and variant need; the reason when it does not.
 * @param {CtcBackend} backend
 * @param {BenchOp} op
 * @param {'classic' | 'simplified'} variant
 * @returns {string | undefined}
 */
export function unsupportedReason(backend, op, variant) {
  const caps = backend.capabilities;
  if (!caps.variants.includes(variant)) return `no ${variant} variant`;
  if (op === 'hvp' && !caps.hessianVectorProduct) return 'no Hessian-vector product';
  if (op === 'hessian' && !caps.hessian) return 'no full Hessian';
  return undefined;
}

/**
 * Checks every output of an op against the float64 reference.
 * maxAbsDeviation: the largest |got - expected| over all outputs (Infinity where non-finite kinds
 * differ), deviations: the same per output (loss, gradient, ...); failures: elements outside the
 * backend precision's tolerance.
 * @param {BenchOp} op
 * @param {OpOutputs} got
 * @param {OpOutputs} expected
 * @param {'float32' | 'float64'} precision
 */
export function checkOutputs(op, got, expected, precision) {
  const tol = toleranceFor(precision);
  let maxAbs = 0;
  let failures = 0;
  const failing = [];
  /** @type {Record<string, number>} */
  const byOutput = {};
  for (const key of OP_OUTPUTS[op]) {
    const g = /** @type {any} */ (got)[key];
    const e = /** @type {any} */ (expected)[key];
    if (!e) continue;
    if (!g) {
      failures += e.length;
      maxAbs = Infinity;
      failing.push(`${key} missing`);
      continue;
    }
    const d = compareArrays(g, e, tol);
    byOutput[key] = d.maxAbs;
    maxAbs = Math.max(maxAbs, d.maxAbs);
    failures += d.failures;
    if (d.failures > 0) failing.push(`${key}: ${d.failures}/${d.length} outside rtol ${tol.rtol} atol ${tol.atol}`);
  }
  return { maxAbsDeviation: maxAbs, deviations: byOutput, failures, note: failing.join('; ') };
}
