// exp of fast-exp.ts for the kernels: the tables and constants, one lane and two lanes.

// exp tables and constants of fast-exp.ts, set once by init (so both paths share their bits)
let TAB: usize = 0; // FRACTION [64] f64 at TAB, POW2 [2200] f64 at TAB + 512 (2^e at e + 1100)
let INV_STEP: f64 = 0;
let STEP_HI: f64 = 0;
let STEP_LO: f64 = 0;
let C3: f64 = 0;
let C4: f64 = 0;
let C5: f64 = 0;
const ROUND: f64 = 6755399441055744.0; // 1.5 * 2^52
const POW2_OFFSET: usize = 512;
const POW2_BIAS: i32 = 1100;
/** Below this the scale 2^(k >> 6) is subnormal: those lanes take the table path. */
export const NORMAL_MIN: f64 = -708;

export function init(tab: usize, invStep: f64, stepHi: f64, stepLo: f64, c3: f64, c4: f64, c5: f64): void {
  TAB = tab;
  INV_STEP = invStep;
  STEP_HI = stepHi;
  STEP_LO = stepLo;
  C3 = c3;
  C4 = c4;
  C5 = c5;
  V_INV_STEP = f64x2.splat(invStep);
  V_STEP_HI = f64x2.splat(stepHi);
  V_STEP_LO = f64x2.splat(stepLo);
  V_C3 = f64x2.splat(c3);
  V_C4 = f64x2.splat(c4);
  V_C5 = f64x2.splat(c5);
}

/** expNonPositive of fast-exp.ts, operation for operation. */
// @ts-ignore: decorator
@inline export function expScalar(x: f64): f64 {
  if (!(x > -745)) return x == x ? 0 : NaN;
  const kf = x * INV_STEP + ROUND - ROUND;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const k = <i32>kf;
  const r2 = r * r;
  const p = 1 + r + r2 * (0.5 + r * C3 + r2 * (C4 + r * C5));
  return load<f64>(TAB + POW2_OFFSET + ((<usize>((k >> 6) + POW2_BIAS)) << 3)) * load<f64>(TAB + ((<usize>(k & 63)) << 3)) * p;
}

// the constants of expPairNormal as vectors (globals: no allocation; made once by init)
export let V_INV_STEP: v128 = f64x2.splat(0);
export let V_ROUND: v128 = f64x2.splat(ROUND);
export let V_STEP_HI: v128 = f64x2.splat(0);
export let V_STEP_LO: v128 = f64x2.splat(0);
export let V_C3: v128 = f64x2.splat(0);
export let V_C4: v128 = f64x2.splat(0);
export let V_C5: v128 = f64x2.splat(0);
export let V_HALF: v128 = f64x2.splat(0.5);
export let V_ONE: v128 = f64x2.splat(1);

/**
 * Two lanes of expNonPositive for -708 <= x <= 0 (no NaN): the same reduction and polynomial, and
 * the same scale 2^(k >> 6) 2^((k & 63) / 64), built by adding (k >> 6) << 52 to the bits of the
 * table entry (exact: the scale is normal). k comes from the bits of y = x / step + 1.5 * 2^52,
 * whose low 52 bits are 2^51 + k.
 */
// @ts-ignore: decorator
@inline export function expPairNormal(x: v128, kInv: v128, kRound: v128, kHi: v128, kLo: v128, k3: v128, k4: v128, k5: v128): v128 {
  const y = f64x2.add(f64x2.mul(x, kInv), kRound);
  const kf = f64x2.sub(y, kRound);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, kHi)), f64x2.mul(kf, kLo));
  // 1 + r + r2 (0.5 + r c3 + r2 (c4 + r c5)), in expScalar's order (Estrin's scheme)
  const r2 = f64x2.mul(r, r);
  const hi = f64x2.add(k4, f64x2.mul(r, k5));
  const mid = f64x2.add(f64x2.add(f64x2.splat(0.5), f64x2.mul(r, k3)), f64x2.mul(r2, hi));
  const p = f64x2.add(f64x2.add(f64x2.splat(1), r), f64x2.mul(r2, mid));
  const i0 = <usize>(i64x2.extract_lane(y, 0) & 63);
  const i1 = <usize>(i64x2.extract_lane(y, 1) & 63);
  let f = v128.load64_zero(TAB + (i0 << 3));
  f = v128.load64_lane(TAB + (i1 << 3), f, 1);
  const scale = i64x2.add(f, i64x2.shl(v128.andnot(y, i64x2.splat(63)), 46));
  return f64x2.mul(scale, p);
}

/** Two lanes of expNonPositive for any x <= 0 or -inf (lanes below -708 through expScalar). */
// @ts-ignore: decorator
@inline export function expPair(x: v128): v128 {
  if (v128.any_true(f64x2.lt(x, f64x2.splat(NORMAL_MIN)))) {
    return f64x2.replace_lane(f64x2.splat(expScalar(f64x2.extract_lane(x, 0))), 1, expScalar(f64x2.extract_lane(x, 1)));
  }
  return expPairNormal(x, V_INV_STEP, V_ROUND, V_STEP_HI, V_STEP_LO, V_C3, V_C4, V_C5);
}

