// The HVP rows of a large-vocabulary sample from its float32 softmax (frames-f32.ts), for float32
// HVPs: no float64 numerators p [Tb, C] are computed for them.
import { BIG_SHARE, BIG_SLACK, exact } from './frames-f32';
import { COV, FRAME_INV_Z, FRAME_MAX, GAMMA, HI, LO, TOKEN, X } from './layout';

/** Softmax entries from this share of their frame up are taken in float64 (as in frames-f32.ts). */
const BIG: f32 = <f32>(BIG_SHARE * BIG_SLACK);

/** The float64 softmax entry c of frame t: exp(x - m) / Z from the staged float32 x. */
// @ts-ignore: decorator
@inline function exactQ(xRow: usize, c: i32, m: f64, invZ: f64): f64 {
  return exact(xRow, c, m) * invZ;
}

/** out_c = q (v_c - pv) - (cov_c - gamma_c EV), q > 0 only (hvpRow of rows.ts). */
// @ts-ignore: decorator
@inline function hvpEntry(q: f64, c: i32, v: usize, pv: f64, EV: f64): f64 {
  const soft = q > 0 ? q * (load<f64>(v + (<usize>c << 3)) - pv) : 0;
  return soft - (load<f64>(COV + (<usize>c << 3)) - load<f64>(GAMMA + (<usize>c << 3)) * EV);
}

/**
 * HVP row t into out [C] f32, as hvpRow (rows.ts) computes it from p and invZ, here from the
 * frame's float32 softmax q [C] (`q`, staged by the frame pass) and the direction v [C] f64:
 *   pv = sum_c q_c v_c  (float64 lanes; entries q >= 1/64 and the tail taken in float64)
 *   out_c = q_c (v_c - pv) - (cov_c - gamma_c EV)
 * in float64 lanes from the float32 q, then again from the float64 q for the entries q >= 1/64
 * and the tail (below 1/64 the float32 q's error is < 2e-9 in out), then gamma and cov cleared at
 * the window's tokens (the only entries the lattice made nonzero).
 */
export function hvpRowSoft32(t: i32, C: i32, v: usize, EV: f64, out: usize, q: usize): void {
  const m = load<f64>(FRAME_MAX + (<usize>t << 3));
  const invZ = load<f64>(FRAME_INV_Z + (<usize>t << 3));
  const xRow = X + ((<usize>t * <usize>C) << 2);
  const blocks = C & ~3;
  const big = f32x4.splat(BIG);
  let s0 = f64x2.splat(0);
  let s1 = s0;
  let fix: f64 = 0;
  for (let c = 0; c < blocks; c += 4) {
    const qv = v128.load(q + (<usize>c << 2));
    s0 = f64x2.add(s0, f64x2.mul(f64x2.promote_low_f32x4(qv), v128.load(v + (<usize>c << 3))));
    s1 = f64x2.add(s1, f64x2.mul(f64x2.promote_low_f32x4(i8x16.shuffle(qv, qv, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)), v128.load(v + (<usize>(c + 2) << 3))));
    if (!v128.any_true(f32x4.ge(qv, big))) continue;
    for (let i = c; i < c + 4; i++) {
      const q32 = load<f32>(q + (<usize>i << 2));
      if (q32 >= BIG) fix += (exactQ(xRow, i, m, invZ) - <f64>q32) * load<f64>(v + (<usize>i << 3));
    }
  }
  s0 = f64x2.add(s0, s1);
  let pv = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1) + fix;
  for (let c = blocks; c < C; c++) {
    const qe = exactQ(xRow, c, m, invZ);
    if (qe > 0) pv += qe * load<f64>(v + (<usize>c << 3));
  }
  // every entry from the float32 q (gamma and cov kept for the exact entries below)
  const pvv = f64x2.splat(pv);
  const ev = f64x2.splat(EV);
  const zero = f64x2.splat(0);
  for (let c = 0; c < blocks; c += 2) {
    const qq = f64x2.promote_low_f32x4(v128.load64_zero(q + (<usize>c << 2)));
    const i = <usize>c << 3;
    const soft = v128.and(f64x2.mul(qq, f64x2.sub(v128.load(v + i), pvv)), f64x2.gt(qq, zero));
    const covv = f64x2.sub(v128.load(COV + i), f64x2.mul(v128.load(GAMMA + i), ev));
    v128.store64_lane(out + (<usize>c << 2), f32x4.demote_f64x2_zero(f64x2.sub(soft, covv)), 0);
  }
  // the entries in float64: big ones, the tail, the window's tokens
  for (let c = 0; c < blocks; c += 4) {
    if (!v128.any_true(f32x4.ge(v128.load(q + (<usize>c << 2)), big))) continue;
    for (let i = c; i < c + 4; i++) {
      if (load<f32>(q + (<usize>i << 2)) >= BIG) store<f32>(out + (<usize>i << 2), <f32>hvpEntry(exactQ(xRow, i, m, invZ), i, v, pv, EV));
    }
  }
  for (let c = blocks; c < C; c++) store<f32>(out + (<usize>c << 2), <f32>hvpEntry(exactQ(xRow, c, m, invZ), c, v, pv, EV));
  const l = load<i32>(LO + (<usize>t << 2));
  const h = load<i32>(HI + (<usize>t << 2));
  for (let j = l + 1; j <= h + 2; j++) {
    // j = l + 1 stands for the blank token (TOKEN[2]), which the lattice adds to even when no blank state is live
    const c = <usize>load<i32>(TOKEN + (<usize>(j == l + 1 ? 2 : j) << 2)) << 3;
    store<f64>(GAMMA + c, 0);
    store<f64>(COV + c, 0);
  }
}
