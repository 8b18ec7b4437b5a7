// The HVP rows of a large-vocabulary sample from its float32 softmax (frames-f32.ts), for float32
// HVPs: no float64 numerators p [Tb, C] are computed for them.
import { BIG_SHARE, BIG_SLACK, exact } from './frames-f32';
import { COV, FRAME_INV_Z, FRAME_MAX, GAMMA, HI, LO, PROW, TOKEN, X } from './layout';
import { promoteHigh } from './rows';

/** Softmax entries from this share of their frame up are taken in float64 (as in frames-f32.ts). */
const BIG: f32 = <f32>(BIG_SHARE * BIG_SLACK);

/** The float64 softmax entry c of frame t: exp(x - m) / Z from the staged float32 x. */
// @ts-ignore: decorator
@inline function exactQ(xRow: usize, c: i32, m: f64, invZ: f64): f64 {
  return exact(xRow, c, m) * invZ;
}

/** out_c = q (v_c - pv) - (cov_c - gamma_c EV), q > 0 only (hvpRow of rows.ts), v [C] f32. */
// @ts-ignore: decorator
@inline function hvpEntry(q: f64, c: i32, v: usize, pv: f64, EV: f64): f64 {
  const soft = q > 0 ? q * (<f64>load<f32>(v + (<usize>c << 2)) - pv) : 0;
  return soft - (load<f64>(COV + (<usize>c << 3)) - load<f64>(GAMMA + (<usize>c << 3)) * EV);
}

/** q (v - pv) where q > 0, else 0, minus base: two float64 lanes from two float32 ones. */
// @ts-ignore: decorator
@inline function softPair(qq: v128, vv: v128, pvv: v128, zero: v128, base: v128): v128 {
  return f64x2.sub(v128.and(f64x2.mul(qq, f64x2.sub(vv, pvv)), f64x2.gt(qq, zero)), base);
}

/**
 * The dense part of an HVP row from the float32 softmax q [C] and the float32 direction v [C] of
 * one frame (x row `xRow`, max m, 1 / Z `invZ`), into out [C] f32; returns pv:
 *   pv = sum_c q_c v_c  (float64 lanes, exact products; entries q >= 1/64 and the tail taken in float64)
 *   out_c = q_c (v_c - pv) - (0 - 0 EV)
 * in float64 lanes from the float32 q, then again from the float64 q for the entries q >= 1/64 and
 * the tail (below 1/64 the float32 q's error is < 2e-9 in out), with gamma and cov as they are
 * (0 but at the window's tokens, which the caller rewrites).
 */
// @ts-ignore: decorator
@inline export function softHvpRow(xRow: usize, q: usize, v: usize, C: i32, m: f64, invZ: f64, EV: f64, out: usize): f64 {
  const blocks = C & ~3;
  const big = f32x4.splat(BIG);
  // the entries q >= 1/64 (at most ~64), as i32 indices in PROW (scratch here)
  const bigAt = PROW;
  let nBig = 0;
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let fix: f64 = 0;
  for (let c = 0; c < blocks; c += 4) {
    const qv = v128.load(q + (<usize>c << 2));
    const vv = v128.load(v + (<usize>c << 2));
    s0 = f64x2.add(s0, f64x2.mul(f64x2.promote_low_f32x4(qv), f64x2.promote_low_f32x4(vv)));
    s1 = f64x2.add(s1, f64x2.mul(promoteHigh(qv), promoteHigh(vv)));
    if (!v128.any_true(f32x4.ge(qv, big))) continue;
    for (let i = c; i < c + 4; i++) {
      const q32 = load<f32>(q + (<usize>i << 2));
      if (q32 < BIG) continue;
      fix += (exactQ(xRow, i, m, invZ) - <f64>q32) * <f64>load<f32>(v + (<usize>i << 2));
      store<i32>(bigAt + (<usize>nBig << 2), i);
      nBig++;
    }
  }
  s0 = f64x2.add(s0, s1);
  let pv = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + fix;
  for (let c = blocks; c < C; c++) {
    const qe = exactQ(xRow, c, m, invZ);
    if (qe > 0) pv += qe * <f64>load<f32>(v + (<usize>c << 2));
  }
  // every entry from the float32 q, without gamma and cov
  const pvv = f64x2.splat(pv);
  const zero = f64x2.splat(0);
  const base = f64x2.splat(0 - 0 * EV); // cov - gamma EV where both are 0 (NaN for a non-finite EV, as in hvpRow)
  for (let c = 0; c < blocks; c += 4) {
    const qv = v128.load(q + (<usize>c << 2));
    const vv = v128.load(v + (<usize>c << 2));
    const lo = f32x4.demote_f64x2_zero(softPair(f64x2.promote_low_f32x4(qv), f64x2.promote_low_f32x4(vv), pvv, zero, base));
    const hi = f32x4.demote_f64x2_zero(softPair(promoteHigh(qv), promoteHigh(vv), pvv, zero, base));
    v128.store(out + (<usize>c << 2), i8x16.shuffle(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
  }
  // the entries in float64: big ones, the tail
  for (let n = 0; n < nBig; n++) {
    const i = load<i32>(bigAt + (<usize>n << 2));
    store<f32>(out + (<usize>i << 2), <f32>hvpEntry(exactQ(xRow, i, m, invZ), i, v, pv, EV));
  }
  for (let c = blocks; c < C; c++) store<f32>(out + (<usize>c << 2), <f32>hvpEntry(exactQ(xRow, c, m, invZ), c, v, pv, EV));
  return pv;
}

/**
 * HVP row t into out [C] f32, as hvpRow (rows.ts) computes it from p and invZ, here from the
 * frame's float32 softmax q [C] (`q`, staged by the frame pass) and the float32 direction v [C]
 * (softHvpRow), then the window's tokens rewritten with their gamma and cov, which are then cleared.
 */
export function hvpRowSoft32(t: i32, C: i32, v: usize, EV: f64, out: usize, q: usize): void {
  const m = load<f64>(FRAME_MAX + (<usize>t << 3));
  const invZ = load<f64>(FRAME_INV_Z + (<usize>t << 3));
  const xRow = X + ((<usize>t * <usize>C) << 2);
  const blocks = C & ~3;
  const pv = softHvpRow(xRow, q, v, C, m, invZ, EV, out);
  // the window's tokens with their gamma and cov (a token may stand at several states: each write is the same)
  const l = load<i32>(LO + (<usize>t << 2));
  const h = load<i32>(HI + (<usize>t << 2));
  for (let j = l + 1; j <= h + 2; j++) {
    // j = l + 1 stands for the blank token (TOKEN[2]), which the lattice adds to even when no blank state is live
    const c = load<i32>(TOKEN + (<usize>(j == l + 1 ? 2 : j) << 2));
    const q32 = load<f32>(q + (<usize>c << 2));
    const qc = c >= blocks || q32 >= BIG ? exactQ(xRow, c, m, invZ) : <f64>q32;
    store<f32>(out + (<usize>c << 2), <f32>hvpEntry(qc, c, v, pv, EV));
  }
  clearWindowTokens(t);
}

/** gamma and cov cleared at the window's tokens of frame t (and the blank's, TOKEN[2]). */
// @ts-ignore: decorator
@inline export function clearWindowTokens(t: i32): void {
  const l = load<i32>(LO + (<usize>t << 2));
  const h = load<i32>(HI + (<usize>t << 2));
  for (let j = l + 1; j <= h + 2; j++) {
    const c = <usize>load<i32>(TOKEN + (<usize>(j == l + 1 ? 2 : j) << 2)) << 3;
    store<f64>(GAMMA + c, 0);
    store<f64>(COV + c, 0);
  }
}
