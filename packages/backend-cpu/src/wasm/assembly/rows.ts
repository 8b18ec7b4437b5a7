// Dense rows of [Tb, C]: loads and stores of two elements, the gradient and HVP rows (rows.ts).

/** Two elements of a T row as float64 lanes. */
// @ts-ignore: decorator
@inline export function loadPair<T>(ptr: usize): v128 {
  if (sizeof<T>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(ptr));
  return v128.load(ptr);
}

/** Lanes 2 and 3 of a float32 v128 as float64 (lanes 0 and 1: f64x2.promote_low_f32x4). */
// @ts-ignore: decorator
@inline export function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
}

// @ts-ignore: decorator
@inline export function storePair<T>(ptr: usize, v: v128): void {
  if (sizeof<T>() == 4) v128.store64_lane(ptr, f32x4.demote_f64x2_zero(v), 0);
  else v128.store(ptr, v);
}

/**
 * One gradient row of O, as writeGradientRow of rows.ts (p, gamma [C] f64; gamma cleared):
 *   out[c] = (logits ? p[c] * invZ : 0) - gamma[c] * gScale
 */
// @ts-ignore: decorator
@inline export function gradientRow<O>(p: usize, invZ: f64, gamma: usize, gScale: f64, out: usize, C: i32, logits: i32): void {
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

/**
 * One HVP row of O, as writeHvpRow of rows.ts (p, v, gamma, cov [C] f64; gamma and cov cleared):
 *   pv = sum_{c: p > 0} p[c] invZ v[c]  (two lanes)
 *   out[c] = (p[c] > 0 ? p[c] invZ (v[c] - pv) : 0) - (cov[c] - gamma[c] EV)   ('logProbs': no soft part)
 */
// @ts-ignore: decorator
@inline export function hvpRow<O>(p: usize, invZ: f64, v: usize, gamma: usize, cov: usize, EV: f64, out: usize, C: i32, logits: i32): void {
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

