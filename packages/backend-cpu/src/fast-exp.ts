/**
 * exp(x) for x <= 0 (the softmax numerators exp(x - max)), about 2x faster than Math.exp here and
 * within 4.3e-16 relative of it for x >= -700 (checked in test/fast-exp.test.ts); results below
 * ~1e-304 are subnormal or 0, as with Math.exp. -inf gives 0.
 *   x = (k / 64) ln 2 + r, |r| <= ln 2 / 128,  exp(x) = 2^(k >> 6) 2^((k & 63) / 64) P5(r)
 * with P5 the degree-5 Taylor polynomial (truncation error < 4e-17), evaluated by Estrin's scheme.
 */
const N = 64;
const INV_STEP = N / Math.LN2;
const STEP_HI = 6.93147180369123816490e-1 / N; // ln 2 / 64 split so that k * STEP_HI is exact
const STEP_LO = 1.90821492927058770002e-10 / N;
const ROUND = 6755399441055744.0; // 1.5 * 2^52: adding and subtracting rounds to an integer
const FRACTION = new Float64Array(N).map((_, i) => 2 ** (i / N)); // 2^(i / 64)
const POW2_BIAS = 1100;
const POW2 = new Float64Array(2 * POW2_BIAS).map((_, i) => 2 ** (i - POW2_BIAS)); // 2^e

export function expNonPositive(x: number): number {
  if (!(x > -745)) return x === x ? 0 : NaN;
  const kf = x * INV_STEP + ROUND - ROUND;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const k = kf | 0;
  const r2 = r * r;
  const p = 1 + r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120))); // Estrin: half Horner's dependency chain
  return POW2[(k >> 6) + POW2_BIAS] * FRACTION[k & 63] * p;
}

/** The tables and constants above, for the WebAssembly kernels (which reproduce expNonPositive). */
export function expTables() {
  return { fraction: FRACTION, pow2: POW2, invStep: INV_STEP, stepHi: STEP_HI, stepLo: STEP_LO, c3: 1 / 6, c4: 1 / 24, c5: 1 / 120 };
}
