import { randomDirection, type BatchSpec } from '../arbitraries.js';
import { roundToPrecision, toBackendArray, toBackendBatch } from '../batch-tools.js';
import { compareQuantity, itemShape, type LawFailure } from '../failures.js';
import { inputOf } from './law-input.js';
import { propertyLaw } from './property-law.js';
import type { CtcLaw, LawContext } from './types.js';

const A = 2;
const B_ = -0.75;

/**
 * The HVP is linear, H(a v + b w) = a Hv + b Hw; symmetric, <Hv, w> = <v, Hw> per item; and in
 * logits mode H 1 = 0 (a constant added to a frame changes nothing).
 */
export const hvpAlgebraLaw: CtcLaw = propertyLaw({
  id: 'hvp-linear-symmetric',
  title: 'Hessian-vector products are linear and symmetric (and H 1 = 0 for logits)',
  needs: { hessianVectorProduct: true },
  limits: { maxB: 3, maxT: 12, maxC: 6 },
  check: checkAlgebra,
});

async function checkAlgebra(ctx: LawContext, spec: BatchSpec): Promise<LawFailure[]> {
  const { backend, tolerance } = ctx;
  const precision = backend.capabilities.precision;
  const input = inputOf(ctx, spec);
  const { B, T, C } = input.batch.dims;
  const n = B * T * C;
  const v = input.direction!;
  const w = randomDirection(n, spec.seed + 1, precision);
  const mix = roundToPrecision(v.map((x, i) => A * x + B_ * w[i]), precision);
  const hvp = async (d: Float64Array) =>
    (await backend.hessianVectorProduct(toBackendBatch(input.batch, precision), toBackendArray(d, precision), input.options)).hvp;
  const [Hv, Hw, Hmix] = [await hvp(v), await hvp(w), await hvp(mix)];
  const failures: LawFailure[] = [];

  const combo = Float64Array.from(Hv, (x, i) => A * x + B_ * Hw[i]); // [B, T, C]
  const linear = compareQuantity(input.name, 'hvp linearity H(av+bw) vs aHv+bHw', Hmix, combo,
    { rtol: tolerance.rtol, atol: tolerance.atol * (Math.abs(A) + Math.abs(B_)) }, itemShape('hvp', T, C));
  if (linear) failures.push(linear);

  const size = T * C;
  for (let b = 0; b < B; b++) {
    let left = 0; // <Hv, w>
    let right = 0; // <v, Hw>
    let scale = 0;
    for (let i = b * size; i < (b + 1) * size; i++) {
      left += Hv[i] * w[i];
      right += v[i] * Hw[i];
      scale += Math.abs(Hv[i] * w[i]) + Math.abs(v[i] * Hw[i]);
    }
    const bad = !(Math.abs(left - right) <= tolerance.atol + tolerance.rtol * scale) && !(Number.isNaN(left) && Number.isNaN(right));
    if (bad) {
      failures.push({ case: input.name, quantity: 'hvp symmetry <Hv,w> vs <v,Hw>', item: b, got: left, expected: right, deviation: Math.abs(left - right) });
    }
  }

  if (spec.inputs === 'logits') {
    const ones = new Float64Array(n).fill(1);
    const f = compareQuantity(input.name, 'hvp of a constant direction (H 1 = 0)', await hvp(ones), new Float64Array(n), tolerance, itemShape('hvp', T, C));
    if (f) failures.push(f);
  }
  return failures;
}
