// The per-frame pass (emissions.ts readFrames): max, min, NaN, softmax numerators and sums.
import { expPair, expPairNormal, expScalar, NORMAL_MIN, V_C3, V_C4, V_C5, V_INV_STEP, V_ROUND, V_STEP_HI, V_STEP_LO } from './exp';
import { fusedFrameF32 } from './frames-f32';
import { EMIT, HI, LO, OUT, PROW, TOKEN } from './layout';
import { loadPair, storePair } from './rows';

// results of rowExtremes
let rowMax: f64 = 0;
let rowMin: f64 = 0;
let rowNaN: bool = false;

/**
 * Max and min of a row of C elements of T (pseudo-max/min: NaN never wins, as `v > m` in
 * JavaScript), and whether it holds a NaN (checked only when `nan`), into rowMax, rowMin, rowNaN.
 */
// @ts-ignore: decorator
@inline export function rowExtremes<T>(row: usize, C: i32, nan: bool): void {
  const size = sizeof<T>();
  let c = 0;
  let m: f64 = -Infinity;
  let n: f64 = Infinity;
  let bad = false;
  if (sizeof<T>() == 4) {
    let m4 = f32x4.splat(-Infinity);
    let n4 = f32x4.splat(Infinity);
    let q4 = f32x4.splat(0);
    for (; c + 4 <= C; c += 4) {
      const v = v128.load(row + <usize>c * size);
      m4 = f32x4.pmax(m4, v);
      n4 = f32x4.pmin(n4, v);
      if (nan) q4 = v128.or(q4, f32x4.ne(v, v));
    }
    for (let i = 0; i < 4; i++) {
      const a = <f64>f32x4.extract_lane(m4, 0);
      m4 = i8x16.shuffle(m4, m4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
      if (a > m) m = a;
      const b = <f64>f32x4.extract_lane(n4, 0);
      n4 = i8x16.shuffle(n4, n4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
      if (b < n) n = b;
    }
    bad = v128.any_true(q4);
  } else {
    let m2 = f64x2.splat(-Infinity);
    let n2 = f64x2.splat(Infinity);
    let q2 = f64x2.splat(0);
    for (; c + 2 <= C; c += 2) {
      const v = v128.load(row + <usize>c * size);
      m2 = f64x2.pmax(m2, v);
      n2 = f64x2.pmin(n2, v);
      if (nan) q2 = v128.or(q2, f64x2.ne(v, v));
    }
    const a0 = f64x2.extract_lane(m2, 0);
    const a1 = f64x2.extract_lane(m2, 1);
    m = a1 > a0 ? a1 : a0;
    const b0 = f64x2.extract_lane(n2, 0);
    const b1 = f64x2.extract_lane(n2, 1);
    n = b1 < b0 ? b1 : b0;
    bad = v128.any_true(q2);
  }
  for (; c < C; c++) {
    const v = <f64>load<T>(row + <usize>c * size);
    if (v > m) m = v;
    if (v < n) n = v;
    if (v != v) bad = true;
  }
  rowMax = m;
  rowMin = n;
  rowNaN = bad;
}

/**
 * The per-frame pass of one sample, x [Tb, C] of T:
 *   frameMax[t] = max_c x[t, c];  in 'logits' mode also p[t, c] = exp(x[t, c] - frameMax[t]) [Tb, C] f64
 *   and frameSum[t] = sum_c p[t, c] (two lanes, then the tail).
 * Returns 0 when a frame holds NaN or +inf, or is all -inf (a NaN in 'logits' mode shows up as a
 * NaN sum, as in the JavaScript loop), else 1. Rows whose smallest x - max is >= -708 (all of
 * them, short of huge spreads or -inf entries) skip the per-pair range check.
 * `fused` ('logits' only; S the states of the lattice in TOKEN, LO, HI): p is not kept; each frame's
 * numerators go to PROW [C], then E_t(s) = p[t, token[s]] to EMIT [Tb, W] and the softmax p / sum
 * to OUT [Tb, C] (the gradient's dense part: backward only corrects the window's tokens), as f64
 * (fused 1), f32 (2) or not at all (3: no gradient).
 */
// @ts-ignore: decorator
@inline export function frames<T>(x: usize, Tb: i32, C: i32, p: usize, frameMax: usize, frameSum: usize, logits: i32, fused: i32, S: i32): i32 {
  const size = sizeof<T>();
  const pairs = C & ~1;
  const kInv = V_INV_STEP, kRound = V_ROUND, kHi = V_STEP_HI, kLo = V_STEP_LO, k3 = V_C3, k4 = V_C4, k5 = V_C5;
  for (let t = 0; t < Tb; t++) {
    const row = x + <usize>t * <usize>C * size;
    rowExtremes<T>(row, C, !logits);
    const m = rowMax;
    if (rowNaN || m == Infinity || m == -Infinity) return 0;
    store<f64>(frameMax + (<usize>t << 3), m);
    if (!logits) continue;
    if (sizeof<T>() == 4 && fused >= 2) {
      // float32 logits, float32 gradient or none: the float32-lane pass (frames-f32.ts)
      const z = fusedFrameF32(row, t, C, m, fused == 2 ? 1 : 0, S);
      if (z != z) return 0;
      store<f64>(frameSum + (<usize>t << 3), z);
      continue;
    }
    const pr = fused ? PROW : p + ((<usize>t * <usize>C) << 3);
    const mm = f64x2.splat(m);
    let s2 = f64x2.splat(0);
    let s3 = s2;
    let c = 0;
    if (rowMin - m >= NORMAL_MIN) {
      for (; c + 4 <= C; c += 4) {
        const e0 = expPairNormal(f64x2.sub(loadPair<T>(row + <usize>c * size), mm), kInv, kRound, kHi, kLo, k3, k4, k5);
        const e1 = expPairNormal(f64x2.sub(loadPair<T>(row + <usize>(c + 2) * size), mm), kInv, kRound, kHi, kLo, k3, k4, k5);
        v128.store(pr + (<usize>c << 3), e0);
        v128.store(pr + (<usize>(c + 2) << 3), e1);
        s2 = f64x2.add(s2, e0);
        s3 = f64x2.add(s3, e1);
      }
    }
    for (; c < pairs; c += 2) {
      const e = expPair(f64x2.sub(loadPair<T>(row + <usize>c * size), mm));
      v128.store(pr + (<usize>c << 3), e);
      s2 = f64x2.add(s2, e);
    }
    s2 = f64x2.add(s2, s3);
    let sum = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    if (pairs < C) {
      const e = expScalar(<f64>load<T>(row + <usize>pairs * size) - m);
      store<f64>(pr + (<usize>pairs << 3), e);
      sum += e;
    }
    if (sum != sum) return 0;
    store<f64>(frameSum + (<usize>t << 3), sum);
    if (fused == 1) softmaxRow<f64>(pr, 1 / sum, OUT + ((<usize>t * <usize>C) << 3), C);
    else if (fused == 2) softmaxRow<f32>(pr, 1 / sum, OUT + ((<usize>t * <usize>C) << 2), C);
    if (fused) gatherEmissions(pr, t, S);
  }
  return 1;
}

/** out [C] of O = p * invZ (the fused frame pass). */
// @ts-ignore: decorator
@inline function softmaxRow<O>(p: usize, invZ: f64, out: usize, C: i32): void {
  const iz = f64x2.splat(invZ);
  const pairs = C & ~1;
  for (let c = 0; c < pairs; c += 2) storePair<O>(out + <usize>c * sizeof<O>(), f64x2.mul(v128.load(p + (<usize>c << 3)), iz));
  if (pairs < C) store<O>(out + <usize>pairs * sizeof<O>(), <O>(load<f64>(p + (<usize>pairs << 3)) * invZ));
}

/** EMIT row t = p[token[s]] over the window lo ..= hi (the fused frame pass). */
// @ts-ignore: decorator
@inline function gatherEmissions(p: usize, t: i32, S: i32): void {
  const row = EMIT + ((<usize>t * <usize>(S + 4)) << 3);
  const l = load<i32>(LO + (<usize>t << 2));
  const h = load<i32>(HI + (<usize>t << 2));
  for (let j = l + 2; j <= h + 2; j++) store<f64>(row + (<usize>j << 3), load<f64>(p + (<usize>load<i32>(TOKEN + (<usize>j << 2)) << 3)));
}
