// exp in float32 lanes, for the large-vocabulary softmax (frames-f32.ts): four lanes per v128.
//   d = k ln 2 + r,  k = nearest(d / ln 2),  |r| <= ln 2 / 2 (ln 2 split in two: k LN2_HI is exact)
//   exp(d) = 2^k P7(r),  P7 the degree-7 Taylor polynomial: truncation < 6e-9 relative, so the
// float32 rounding of its steps (~1 ulp, 6e-8 relative) is the error that remains.
// Lanes with d < -87.33 (results below float32's smallest normal, 1.2e-38) give 0; NaN stays NaN;
// -inf gives 0. Only for d <= 0 (the numerators exp(x - max)).

/** Below this, 2^k is subnormal: those lanes are set to 0. */
export const EXP32_MIN: f32 = -87.33;

/**
 * The constants as v128 globals that the optimiser cannot fold back into the loop: V8 builds a
 * v128.const with several instructions at every use, so the loops copy these into locals once
 * and pass them in (Exp4Constants).
 */
export let E_LOG2E: v128 = f32x4.splat(1.4426950408889634);
export let E_LN2_HI: v128 = f32x4.splat(0.693359375); // 8 significant bits
export let E_LN2_LO: v128 = f32x4.splat(-2.12194440e-4); // ln 2 - LN2_HI
export let E_C7: v128 = f32x4.splat(<f32>(1.0 / 5040));
export let E_C6: v128 = f32x4.splat(<f32>(1.0 / 720));
export let E_C5: v128 = f32x4.splat(<f32>(1.0 / 120));
export let E_C4: v128 = f32x4.splat(<f32>(1.0 / 24));
export let E_C3: v128 = f32x4.splat(<f32>(1.0 / 6));
export let E_HALF: v128 = f32x4.splat(0.5);
export let E_ONE: v128 = f32x4.splat(1);
export let E_MIN: v128 = f32x4.splat(EXP32_MIN);

/** exp of four lanes d <= 0; the constants are the E_ globals above, in the same order. */
// @ts-ignore: decorator
@inline export function exp4(
  d: v128, log2e: v128, ln2Hi: v128, ln2Lo: v128, c7: v128, c6: v128, c5: v128, c4: v128, c3: v128, half: v128, one: v128, min: v128,
): v128 {
  const k = f32x4.nearest(f32x4.mul(d, log2e));
  const r = f32x4.sub(f32x4.sub(d, f32x4.mul(k, ln2Hi)), f32x4.mul(k, ln2Lo));
  // P7(r) by Estrin's scheme (shorter dependency chains than Horner: ~20% faster here)
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const p01 = f32x4.add(one, r);
  const p23 = f32x4.add(half, f32x4.mul(c3, r));
  const p45 = f32x4.add(c4, f32x4.mul(c5, r));
  const p67 = f32x4.add(c6, f32x4.mul(c7, r));
  const lo = f32x4.add(p01, f32x4.mul(r2, p23));
  const hi = f32x4.add(p45, f32x4.mul(r2, p67));
  const p = f32x4.add(lo, f32x4.mul(r4, hi));
  // 2^k P7(r): k added to the exponent bits (exact while 2^k is normal)
  const scaled = i32x4.add(p, i32x4.shl(i32x4.trunc_sat_f32x4_s(k), 23));
  return v128.andnot(scaled, f32x4.lt(d, min));
}
