// AssemblyScript source of backend-cpu's WebAssembly SIMD kernels (the dense per-frame work).
// Built by scripts/build-wasm.mjs into src/wasm/kernels.generated.ts; not compiled by tsc.
// Every pointer is a byte offset into this module's memory, laid out by src/wasm/memory.ts.
// Arithmetic is float64 throughout, with the same operations in the same order as the JavaScript
// kernels wherever the result is per element (exp, gradient and HVP rows: bitwise the same);
// only sums over a row run in two lanes (a different rounding order, ~1e-16 relative).

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
const NORMAL_MIN: f64 = -708;

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
@inline function expScalar(x: f64): f64 {
  if (!(x > -745)) return x == x ? 0 : NaN;
  const kf = x * INV_STEP + ROUND - ROUND;
  const r = x - kf * STEP_HI - kf * STEP_LO;
  const k = <i32>kf;
  const p = 1 + r * (1 + r * (0.5 + r * (C3 + r * (C4 + r * C5))));
  return load<f64>(TAB + POW2_OFFSET + ((<usize>((k >> 6) + POW2_BIAS)) << 3)) * load<f64>(TAB + ((<usize>(k & 63)) << 3)) * p;
}

// the constants of expPairNormal as vectors (globals: no allocation; made once by init)
let V_INV_STEP: v128 = f64x2.splat(0);
let V_ROUND: v128 = f64x2.splat(ROUND);
let V_STEP_HI: v128 = f64x2.splat(0);
let V_STEP_LO: v128 = f64x2.splat(0);
let V_C3: v128 = f64x2.splat(0);
let V_C4: v128 = f64x2.splat(0);
let V_C5: v128 = f64x2.splat(0);
let V_HALF: v128 = f64x2.splat(0.5);
let V_ONE: v128 = f64x2.splat(1);

/**
 * Two lanes of expNonPositive for -708 <= x <= 0 (no NaN): the same reduction and polynomial, and
 * the same scale 2^(k >> 6) 2^((k & 63) / 64), built by adding (k >> 6) << 52 to the bits of the
 * table entry (exact: the scale is normal). k comes from the bits of y = x / step + 1.5 * 2^52,
 * whose low 52 bits are 2^51 + k.
 */
// @ts-ignore: decorator
@inline function expPairNormal(x: v128, kInv: v128, kRound: v128, kHi: v128, kLo: v128, k3: v128, k4: v128, k5: v128): v128 {
  const y = f64x2.add(f64x2.mul(x, kInv), kRound);
  const kf = f64x2.sub(y, kRound);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, kHi)), f64x2.mul(kf, kLo));
  let p = f64x2.add(k4, f64x2.mul(r, k5));
  p = f64x2.add(k3, f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1), f64x2.mul(r, p));
  p = f64x2.add(f64x2.splat(1), f64x2.mul(r, p));
  const i0 = <usize>(i64x2.extract_lane(y, 0) & 63);
  const i1 = <usize>(i64x2.extract_lane(y, 1) & 63);
  let f = v128.load64_zero(TAB + (i0 << 3));
  f = v128.load64_lane(TAB + (i1 << 3), f, 1);
  const scale = i64x2.add(f, i64x2.shl(v128.andnot(y, i64x2.splat(63)), 46));
  return f64x2.mul(scale, p);
}

/** Two lanes of expNonPositive for any x <= 0 or -inf (lanes below -708 through expScalar). */
// @ts-ignore: decorator
@inline function expPair(x: v128): v128 {
  if (v128.any_true(f64x2.lt(x, f64x2.splat(NORMAL_MIN)))) {
    return f64x2.replace_lane(f64x2.splat(expScalar(f64x2.extract_lane(x, 0))), 1, expScalar(f64x2.extract_lane(x, 1)));
  }
  return expPairNormal(x, V_INV_STEP, V_ROUND, V_STEP_HI, V_STEP_LO, V_C3, V_C4, V_C5);
}

/** Two elements of a T row as float64 lanes. */
// @ts-ignore: decorator
@inline function loadPair<T>(ptr: usize): v128 {
  if (sizeof<T>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(ptr));
  return v128.load(ptr);
}

// @ts-ignore: decorator
@inline function storePair<T>(ptr: usize, v: v128): void {
  if (sizeof<T>() == 4) v128.store64_lane(ptr, f32x4.demote_f64x2_zero(v), 0);
  else v128.store(ptr, v);
}

// results of rowExtremes
let rowMax: f64 = 0;
let rowMin: f64 = 0;
let rowNaN: bool = false;

/**
 * Max and min of a row of C elements of T (pseudo-max/min: NaN never wins, as `v > m` in
 * JavaScript), and whether it holds a NaN (checked only when `nan`), into rowMax, rowMin, rowNaN.
 */
// @ts-ignore: decorator
@inline function rowExtremes<T>(row: usize, C: i32, nan: bool): void {
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
 */
// @ts-ignore: decorator
@inline function frames<T>(x: usize, Tb: i32, C: i32, p: usize, frameMax: usize, frameSum: usize, logits: i32): i32 {
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
    const pr = p + ((<usize>t * <usize>C) << 3);
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
  }
  return 1;
}

export function framesF32(x: usize, Tb: i32, C: i32, p: usize, frameMax: usize, frameSum: usize, logits: i32): i32 {
  return frames<f32>(x, Tb, C, p, frameMax, frameSum, logits);
}

export function framesF64(x: usize, Tb: i32, C: i32, p: usize, frameMax: usize, frameSum: usize, logits: i32): i32 {
  return frames<f64>(x, Tb, C, p, frameMax, frameSum, logits);
}

/**
 * One gradient row of O, as writeGradientRow of rows.ts (p, gamma [C] f64; gamma cleared):
 *   out[c] = (logits ? p[c] * invZ : 0) - gamma[c] * gScale
 */
// @ts-ignore: decorator
@inline function gradientRow<O>(p: usize, invZ: f64, gamma: usize, gScale: f64, out: usize, C: i32, logits: i32): void {
  const size = sizeof<O>();
  const iz = f64x2.splat(logits ? invZ : 0);
  const gs = f64x2.splat(gScale);
  const zero = f64x2.splat(0);
  const pairs = C & ~1;
  for (let c = 0; c < pairs; c += 2) {
    const i = <usize>c << 3;
    const soft = logits ? f64x2.mul(v128.load(p + i), iz) : zero;
    storePair<O>(out + <usize>c * size, f64x2.sub(soft, f64x2.mul(v128.load(gamma + i), gs)));
    v128.store(gamma + i, zero);
  }
  if (pairs < C) {
    const i = <usize>pairs << 3;
    const soft = logits ? load<f64>(p + i) * invZ : 0;
    store<O>(out + <usize>pairs * size, <O>(soft - load<f64>(gamma + i) * gScale));
    store<f64>(gamma + i, 0);
  }
}

export function gradientRowF32(p: usize, invZ: f64, gamma: usize, gScale: f64, out: usize, C: i32, logits: i32): void {
  gradientRow<f32>(p, invZ, gamma, gScale, out, C, logits);
}

export function gradientRowF64(p: usize, invZ: f64, gamma: usize, gScale: f64, out: usize, C: i32, logits: i32): void {
  gradientRow<f64>(p, invZ, gamma, gScale, out, C, logits);
}

/**
 * One HVP row of O, as writeHvpRow of rows.ts (p, v, gamma, cov [C] f64; gamma and cov cleared):
 *   pv = sum_{c: p > 0} p[c] invZ v[c]  (two lanes)
 *   out[c] = (p[c] > 0 ? p[c] invZ (v[c] - pv) : 0) - (cov[c] - gamma[c] EV)   ('logProbs': no soft part)
 */
// @ts-ignore: decorator
@inline function hvpRow<O>(p: usize, invZ: f64, v: usize, gamma: usize, cov: usize, EV: f64, out: usize, C: i32, logits: i32): void {
  const size = sizeof<O>();
  const zero = f64x2.splat(0);
  const iz = f64x2.splat(invZ);
  const ev = f64x2.splat(EV);
  const pairs = C & ~1;
  let pv: f64 = 0;
  if (logits) {
    let s2 = zero;
    for (let c = 0; c < pairs; c += 2) {
      const i = <usize>c << 3;
      const pp = v128.load(p + i);
      const term = f64x2.mul(f64x2.mul(pp, iz), v128.load(v + i));
      s2 = f64x2.add(s2, v128.and(term, f64x2.gt(pp, zero)));
    }
    pv = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    if (pairs < C) {
      const i = <usize>pairs << 3;
      const pp = load<f64>(p + i);
      if (pp > 0) pv += pp * invZ * load<f64>(v + i);
    }
  }
  const pvv = f64x2.splat(pv);
  for (let c = 0; c < pairs; c += 2) {
    const i = <usize>c << 3;
    let soft = zero;
    if (logits) {
      const pp = v128.load(p + i);
      const pc = f64x2.mul(pp, iz);
      soft = v128.and(f64x2.mul(pc, f64x2.sub(v128.load(v + i), pvv)), f64x2.gt(pc, zero));
    }
    const covv = f64x2.sub(v128.load(cov + i), f64x2.mul(v128.load(gamma + i), ev));
    storePair<O>(out + <usize>c * size, f64x2.sub(soft, covv));
    v128.store(cov + i, zero);
    v128.store(gamma + i, zero);
  }
  if (pairs < C) {
    const i = <usize>pairs << 3;
    let soft: f64 = 0;
    if (logits) {
      const pc = load<f64>(p + i) * invZ;
      soft = pc > 0 ? pc * (load<f64>(v + i) - pv) : 0;
    }
    store<O>(out + <usize>pairs * size, <O>(soft - (load<f64>(cov + i) - load<f64>(gamma + i) * EV)));
    store<f64>(cov + i, 0);
    store<f64>(gamma + i, 0);
  }
}

export function hvpRowF32(p: usize, invZ: f64, v: usize, gamma: usize, cov: usize, EV: f64, out: usize, C: i32, logits: i32): void {
  hvpRow<f32>(p, invZ, v, gamma, cov, EV, out, C, logits);
}

export function hvpRowF64(p: usize, invZ: f64, v: usize, gamma: usize, cov: usize, EV: f64, out: usize, C: i32, logits: i32): void {
  hvpRow<f64>(p, invZ, v, gamma, cov, EV, out, C, logits);
}
