// The per-frame pass for float32 logits with a float32 gradient (or none), in four float32 lanes:
// the large-vocabulary case, where this dense softmax is nearly all of the work.
import { expPair, expScalar } from './exp';
import { loadPair, promoteHigh } from './rows';
import { E_C3, E_C4, E_C5, E_C6, E_C7, E_HALF, E_LN2_HI, E_LN2_LO, E_LOG2E, E_MIN, E_ONE, exp4 } from './exp32';
import { EMIT, HI, LO, OUT, PROW, TOKEN } from './layout';

/**
 * Entries with e >= Z 2^-6 (so p >= 1/64; at most 64 per frame) are recomputed in float64; for
 * the others the float32 exp's error (~1e-7 relative) is below 2e-9 absolute in p.
 */
export const BIG_SHARE: f64 = 1.0 / 64;
/** The threshold is taken a little low, so that no entry the float32 exp put just under it is missed. */
export const BIG_SLACK: f64 = 1 - 1e-5;

/** exp(x[i] - m) in float64 (the JavaScript path's exp), x a float32 row. */
// @ts-ignore: decorator
@inline export function exact(row: usize, i: i32, m: f64): f64 {
  return expScalar(<f64>load<f32>(row + (<usize>i << 2)) - m);
}

/**
 * One frame of the fused pass for float32 x (row [C], max m; frames.ts has rejected +inf, all
 * -inf and, in 'logits' mode, every NaN shows up in the sum), into e [C] f32 (a row of OUT, or
 * PROW without a gradient). Returns the frame sum Z (NaN for a NaN logit):
 *   e32_c = exp4(x_c - m), Z32 = sum_c e32_c (float32 lanes, summed in float64; the < 4 tail
 *   entries in float64), then Z = Z32 + sum_{big c} (exp(x_c - m) - e32_c) over the entries
 *   e32_c >= Z32 / 64, so that Z is float64-exact in every entry that matters to 1e-9.
 * With `gradient`, e becomes the softmax row: e_c / Z in float32 lanes for the small entries,
 * float32(exp(x_c - m) / Z) (one rounding) for the big and tail entries.
 * Then E_t(s) = exp(x[token[s]] - m) in float64 into EMIT row t over the window lo ..= hi.
 */
export function fusedFrameF32(row: usize, t: i32, C: i32, m: f64, gradient: i32, S: i32, e: usize): f64 {
  const mm = f32x4.splat(<f32>m);
  const blocks = C & ~3;
  const k0 = E_LOG2E, k1 = E_LN2_HI, k2 = E_LN2_LO, k7 = E_C7, k6 = E_C6, k5 = E_C5, k4 = E_C4, k3 = E_C3, kh = E_HALF, k1s = E_ONE, kmin = E_MIN;
  // per group of 4 blocks (16 entries), the lane-wise max of e, at groupMax [ceil(C / 16)] v128
  // (PROW [C] f64 is scratch: e takes its first 4 C bytes without a gradient, these the next C + 16)
  const groupMax = PROW + (<usize>C << 2);
  let s0 = f64x2.splat(0);
  let s1 = s0;
  // groups of 16 entries: four exp4 in flight (independent chains), their lane max with pmax
  // (one instruction; no NaN reaches the scan below: a NaN makes z NaN first)
  const groupEnd = C & ~15;
  let c = 0;
  for (; c < groupEnd; c += 16) {
    const at = <usize>c << 2;
    const v0 = exp4(f32x4.sub(v128.load(row + at), mm), k0, k1, k2, k7, k6, k5, k4, k3, kh, k1s, kmin);
    const v1 = exp4(f32x4.sub(v128.load(row + at + 16), mm), k0, k1, k2, k7, k6, k5, k4, k3, kh, k1s, kmin);
    const v2 = exp4(f32x4.sub(v128.load(row + at + 32), mm), k0, k1, k2, k7, k6, k5, k4, k3, kh, k1s, kmin);
    const v3 = exp4(f32x4.sub(v128.load(row + at + 48), mm), k0, k1, k2, k7, k6, k5, k4, k3, kh, k1s, kmin);
    v128.store(e + at, v0);
    v128.store(e + at + 16, v1);
    v128.store(e + at + 32, v2);
    v128.store(e + at + 48, v3);
    s0 = f64x2.add(s0, f64x2.add(f64x2.promote_low_f32x4(v0), f64x2.promote_low_f32x4(v1)));
    s1 = f64x2.add(s1, f64x2.add(promoteHigh(v0), promoteHigh(v1)));
    s0 = f64x2.add(s0, f64x2.add(f64x2.promote_low_f32x4(v2), f64x2.promote_low_f32x4(v3)));
    s1 = f64x2.add(s1, f64x2.add(promoteHigh(v2), promoteHigh(v3)));
    v128.store(groupMax + (<usize>c), f32x4.pmax(f32x4.pmax(v0, v1), f32x4.pmax(v2, v3))); // group c >> 4 at byte (c >> 4) * 16
  }
  // the last, partial group: up to three blocks
  let g = f32x4.splat(0);
  for (; c < blocks; c += 4) {
    const v = exp4(f32x4.sub(v128.load(row + (<usize>c << 2)), mm), k0, k1, k2, k7, k6, k5, k4, k3, kh, k1s, kmin);
    v128.store(e + (<usize>c << 2), v);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
    s1 = f64x2.add(s1, promoteHigh(v));
    g = f32x4.pmax(g, v);
  }
  if (blocks & 15) v128.store(groupMax + (<usize>groupEnd), g);
  s0 = f64x2.add(s0, s1);
  let z = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  bigSum = 0;
  bigMax = 0;
  for (let c = blocks; c < C; c++) {
    const v = exact(row, c, m);
    z += v;
    noteExact(v);
  }
  if (z != z) return z;
  const big = f32x4.splat(<f32>(z * BIG_SHARE * BIG_SLACK));
  const groups = (blocks + 15) >> 4;
  let bigGroups = 0;
  for (let q = 0; q < groups; q++) {
    if (!v128.any_true(f32x4.ge(v128.load(groupMax + (<usize>q << 4)), big))) continue;
    bigGroups++;
    const end = min(blocks, (q + 1) << 4);
    for (let c = q << 4; c < end; c += 4) {
      const v = v128.load(e + (<usize>c << 2));
      if (v128.any_true(f32x4.ge(v, big))) z += correctBlock(row, c, m, v, big);
    }
  }
  // The float32 entries' errors (~6e-8 relative each, and the same for equal logits) reach p of an
  // entry through Z: p * (their share of Z) * 6e-8. Where that could pass ~1e-9 (a big entry next
  // to a heavy tail), Z is summed again in float64 lanes (the float64 path's exp, ~3x the cost).
  if (bigMax * (z - bigSum) > TAIL_RISK * z * z) z = exactRowSum(row, C, m);
  if (gradient) {
    const invZ = 1 / z;
    const iz = f32x4.splat(<f32>invZ);
    for (let c = 0; c < blocks; c += 4) {
      const at = e + (<usize>c << 2);
      v128.store(at, f32x4.mul(v128.load(at), iz));
    }
    // the big entries again: the same groups, the same lanes
    for (let q = 0; bigGroups > 0 && q < groups; q++) {
      if (!v128.any_true(f32x4.ge(v128.load(groupMax + (<usize>q << 4)), big))) continue;
      bigGroups--;
      const end = min(blocks, (q + 1) << 4);
      for (let c = q << 4; c < end; c += 4) rescaleBlock(row, e, c, m, big, invZ);
    }
    for (let c = blocks; c < C; c++) store<f32>(e + (<usize>c << 2), <f32>(exact(row, c, m) * invZ));
  }
  gatherEmissions(row, t, m, S);
  return z;
}

/** The float64 entries of the frame so far: their sum and largest (noteExact). */
let bigSum: f64 = 0;
let bigMax: f64 = 0;

/** Largest p * (share of Z in float32 entries) left to the float32 sum: 1/64 keeps p's error < 1e-9. */
const TAIL_RISK: f64 = 1.0 / 64;

// @ts-ignore: decorator
@inline function noteExact(v: f64): void {
  bigSum += v;
  if (v > bigMax) bigMax = v;
}

/** sum over the big lanes of block c of exp(x - m) - e32 (v: the block's e32); notes each exact value. */
// @ts-ignore: decorator
@inline function correctBlock(row: usize, c: i32, m: f64, v: v128, big: v128): f64 {
  const b = f32x4.extract_lane(big, 0);
  let dz: f64 = 0;
  if (f32x4.extract_lane(v, 0) >= b) dz += bigLane(row, c, m, <f64>f32x4.extract_lane(v, 0));
  if (f32x4.extract_lane(v, 1) >= b) dz += bigLane(row, c + 1, m, <f64>f32x4.extract_lane(v, 1));
  if (f32x4.extract_lane(v, 2) >= b) dz += bigLane(row, c + 2, m, <f64>f32x4.extract_lane(v, 2));
  if (f32x4.extract_lane(v, 3) >= b) dz += bigLane(row, c + 3, m, <f64>f32x4.extract_lane(v, 3));
  return dz;
}

/** exp(x[i] - m) - e32 for a big entry i, noting its exact value. */
// @ts-ignore: decorator
@inline function bigLane(row: usize, i: i32, m: f64, e32: f64): f64 {
  const v = exact(row, i, m);
  noteExact(v);
  return v - e32;
}

/** Z = sum_c exp(x_c - m) in float64 lanes (the float64 path's exp) over the whole row. */
function exactRowSum(row: usize, C: i32, m: f64): f64 {
  const mm = f64x2.splat(m);
  let s = f64x2.splat(0);
  let c = 0;
  for (; c + 2 <= C; c += 2) s = f64x2.add(s, expPair(f64x2.sub(loadPair<f32>(row + (<usize>c << 2)), mm)));
  let z = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; c < C; c++) z += exact(row, c, m);
  return z;
}

/**
 * The big lanes of block c as float32(exp(x - m) / Z), one rounding. The lanes are picked as
 * before, from their e32 (recomputed: e holds the scaled values now).
 */
// @ts-ignore: decorator
@inline function rescaleBlock(row: usize, e: usize, c: i32, m: f64, big: v128, invZ: f64): void {
  const mm = f32x4.splat(<f32>m);
  const v = exp4(f32x4.sub(v128.load(row + (<usize>c << 2)), mm), E_LOG2E, E_LN2_HI, E_LN2_LO, E_C7, E_C6, E_C5, E_C4, E_C3, E_HALF, E_ONE, E_MIN);
  if (!v128.any_true(f32x4.ge(v, big))) return;
  const b = f32x4.extract_lane(big, 0);
  const at = e + (<usize>c << 2);
  if (f32x4.extract_lane(v, 0) >= b) store<f32>(at, <f32>(exact(row, c, m) * invZ));
  if (f32x4.extract_lane(v, 1) >= b) store<f32>(at + 4, <f32>(exact(row, c + 1, m) * invZ));
  if (f32x4.extract_lane(v, 2) >= b) store<f32>(at + 8, <f32>(exact(row, c + 2, m) * invZ));
  if (f32x4.extract_lane(v, 3) >= b) store<f32>(at + 12, <f32>(exact(row, c + 3, m) * invZ));
}

/** EMIT row t = exp(x[token[s]] - m) in float64 over the window lo ..= hi. */
// @ts-ignore: decorator
@inline function gatherEmissions(row: usize, t: i32, m: f64, S: i32): void {
  const out = EMIT + ((<usize>t * <usize>(S + 4)) << 3);
  const l = load<i32>(LO + (<usize>t << 2));
  const h = load<i32>(HI + (<usize>t << 2));
  for (let j = l + 2; j <= h + 2; j++) store<f64>(out + (<usize>j << 3), exact(row, load<i32>(TOKEN + (<usize>j << 2)), m));
}
