// The probability-space recursions of prob-forward-backward.ts and prob-tangent.ts on the lattice
// rows, two states per step (f64x2). Per cell the same operations in the same order as the
// JavaScript loops; the row sums (c_t, d_t, sum_s A B, E[V']) run in two lanes.
import { expScalar } from './exp';
import { gradientRow, hvpRow } from './rows';

import { clearWindowTokens, hvpRowSoft32 } from './hvp-soft32';
import { ALPHA, BETA, CORR_AT, CORR_VALUE, COV, EMIT, FRAME_INV_Z, FRAME_MAX, FRAME_Z, GAMMA, HI, LO, OUT, P, PV, ROW_A, ROW_B, SCALE_A, SCALE_B, SKIP, STAY, TANGENT, TOKEN, V, VC, VTOK, X } from './layout';

const TINY: f64 = 1e-300;
const MIN_RAW_Z: f64 = 1e-290;

// @ts-ignore: decorator
@inline function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}
// @ts-ignore: decorator
@inline function pairAt(base: usize, i: i32): v128 {
  return v128.load(base + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
/** Lanes 1 of a and 0 of b: the pair between two neighbouring pairs. */
// @ts-ignore: decorator
@inline function middlePair(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
}

/**
 * (stay[j] r[prev + j] + r[prev + j - 1]) + skip[j] r[prev + j - 2] for columns j, j + 1 (moves into s):
 * the middle pair shuffled from its two neighbours (one load fewer; ~10% of the forward pass).
 */
// @ts-ignore: decorator
@inline function predecessorPair(r: usize, prev: i32, j: i32): v128 {
  const a0 = pairAt(r, prev + j);
  const a2 = pairAt(r, prev + j - 2);
  return f64x2.add(f64x2.add(f64x2.mul(pairAt(STAY, j), a0), middlePair(a2, a0)), f64x2.mul(pairAt(SKIP, j), a2));
}

/** ((stay[j] n[j] + n[j + 1]) + skip[j + 2] n[j + 2]) * inv for columns j, j + 1 (moves out of s; the middle pair shuffled). */
// @ts-ignore: decorator
@inline function successorPair(n: usize, j: i32, inv: v128): v128 {
  const n0 = pairAt(n, j);
  const n2 = pairAt(n, j + 2);
  return f64x2.mul(f64x2.add(f64x2.add(f64x2.mul(pairAt(STAY, j), n0), middlePair(n0, n2)), f64x2.mul(pairAt(SKIP, j + 2), n2)), inv);
}

/** The two columns on each side of the window lo ..= hi of a row (pads.ts). */
// @ts-ignore: decorator
@inline function clearPads(base: usize, row: i32, l: i32, h: i32): void {
  setF64(base, row + l, 0);
  setF64(base, row + l + 1, 0);
  setF64(base, row + h + 3, 0);
  setF64(base, row + h + 4, 0);
}

/**
 * probForward: E_t(s) gathered from p ('logits') or exp(x - max) ('logProbs'), then
 *   A_t(s) = E_t(s) ((stay A_{t-1}(s) + A_{t-1}(s-1) + skip A_{t-1}(s-2)) / c_{t-1}),  c_t = sum_s A_t(s)
 * into emit, alpha, scaleA. Returns 0 when a row vanished or overflowed, 2 when some live A < 1e-300
 * (ws.tiny), else 1.
 */
export function forward(Tb: i32, S: i32, C: i32, logits: i32, xF32: i32, gathered: i32): i32 {
  const W = S + 4;
  let tiny = false;
  let invPrev: f64 = 1;
  for (let t = 0; t < Tb; t++) {
    const row = t * W;
    const prev = row - W;
    const l = i32At(LO, t);
    const h = i32At(HI, t);
    // 'logits' (not gathered): E_t(s) = p[t, token[s]], read from p in the loops below (a pair
    // stored as two scalars and loaded at once would wait for both stores)
    const pr = P + ((<usize>t * <usize>C) << 3);
    const direct = logits && !gathered && t > 0;
    if (gathered || direct) {
      // E_t(s) already in EMIT (the fused frame pass), or read from p below
    } else if (logits) {
      for (let j = l + 2; j <= h + 2; j++) setF64(EMIT, row + j, f64At(pr, i32At(TOKEN, j)));
    } else {
      const mx = f64At(FRAME_MAX, t);
      const xr = <usize>t * <usize>C;
      for (let j = l + 2; j <= h + 2; j++) {
        const c = <usize>i32At(TOKEN, j);
        const xv = xF32 ? <f64>load<f32>(X + ((xr + c) << 2)) : load<f64>(X + ((xr + c) << 3));
        setF64(EMIT, row + j, expScalar(xv - mx));
      }
    }
    let sum: f64 = 0;
    let lowest: f64 = Infinity;
    if (t == 0) {
      for (let j = l + 2; j <= h + 2; j++) {
        const a = f64At(EMIT, row + j);
        setF64(ALPHA, row + j, a);
        sum += a;
        if (a < lowest) lowest = a;
      }
    } else {
      const inv = f64x2.splat(invPrev);
      let s2 = f64x2.splat(0);
      let m2 = f64x2.splat(Infinity);
      let j = l + 2;
      for (; j + 1 <= h + 2; j += 2) {
        const inner = predecessorPair(ALPHA, prev, j);
        let e: v128;
        if (direct) {
          e = v128.load64_lane(pr + (<usize>i32At(TOKEN, j + 1) << 3), v128.load64_zero(pr + (<usize>i32At(TOKEN, j) << 3)), 1);
          v128.store(EMIT + (<usize>(row + j) << 3), e);
        } else e = pairAt(EMIT, row + j);
        const a = f64x2.mul(e, f64x2.mul(inner, inv));
        v128.store(ALPHA + (<usize>(row + j) << 3), a);
        s2 = f64x2.add(s2, a);
        m2 = f64x2.pmin(m2, a);
      }
      sum = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
      lowest = min<f64>(f64x2.extract_lane(m2, 0), f64x2.extract_lane(m2, 1));
      if (j == h + 2) {
        if (direct) setF64(EMIT, row + j, f64At(pr, i32At(TOKEN, j)));
        const a = f64At(EMIT, row + j) * ((f64At(STAY, j) * f64At(ALPHA, prev + j) + f64At(ALPHA, prev + j - 1) + f64At(SKIP, j) * f64At(ALPHA, prev + j - 2)) * invPrev);
        setF64(ALPHA, row + j, a);
        sum += a;
        if (a < lowest) lowest = a;
      }
    }
    if (!(sum > 0) || sum == Infinity) return 0;
    if (lowest < TINY) tiny = true;
    invPrev = 1 / sum;
    clearPads(ALPHA, row, l, h);
    clearPads(EMIT, row, l, h);
    setF64(SCALE_A, t, sum);
  }
  return tiny ? 2 : 1;
}

/**
 * probBackward: B_t(s) = (stay E beta_{t+1}(s) + E beta_{t+1}(s+1) + skip[s+2] E beta_{t+1}(s+2)) / d_{t+1}
 * (1 on the last frame), d_t = sum_s B_t(s), zRaw_t = sum_s A_t(s) B_t(s); with `grad` the
 * occupancy of the label states scattered into gamma, the blank states summed, and the gradient
 * row written to the output staging (gScale = 1 / zRaw). scaleB, frameZ; beta with `keep`.
 * `fused` (the staging holds the softmax rows, of the output's type): only the window's tokens are corrected,
 * out[t, c] = E_t(s) invZ - gamma[c] gScale for each token c = token[s] with gamma[c] != 0 (then
 * cleared), the values writeGradientRow gives; `fused` 2 (a streamed gradient, written out
 * already): those corrections are collected instead (collectWindow).
 * Returns 0 (gamma cleared) when some zRaw_t is too small to trust, else 1.
 */
export function backward(Tb: i32, S: i32, C: i32, grad: i32, keep: i32, logits: i32, outF32: i32, fused: i32): i32 {
  corrections = 0;
  const W = S + 4;
  const blankToken = i32At(TOKEN, 2);
  let cur = ROW_A;
  let nxt = ROW_B;
  let invNext: f64 = 1;
  const one = f64x2.splat(1);
  for (let t = Tb - 1; t >= 0; t--) {
    const row = t * W;
    const l = i32At(LO, t);
    const h = i32At(HI, t);
    const last = t == Tb - 1;
    const inv = f64x2.splat(invNext);
    let d2 = f64x2.splat(0);
    let z2 = d2;
    let blankPost: f64 = 0;
    let j = l + 2;
    for (; j + 1 <= h + 2; j += 2) {
      const b = last
        ? one
        : successorPair(nxt, j, inv);
      d2 = f64x2.add(d2, b);
      const w = f64x2.mul(pairAt(ALPHA, row + j), b);
      z2 = f64x2.add(z2, w);
      v128.store(cur + (<usize>j << 3), f64x2.mul(pairAt(EMIT, row + j), b));
      if (keep) v128.store(BETA + (<usize>(row + j) << 3), b);
      if (grad) {
        // one lane is a blank state (even s + 2), the other a label state
        if ((j & 1) == 0) {
          blankPost += f64x2.extract_lane(w, 0);
          const g = GAMMA + (<usize>i32At(TOKEN, j + 1) << 3);
          store<f64>(g, load<f64>(g) + f64x2.extract_lane(w, 1));
        } else {
          const g = GAMMA + (<usize>i32At(TOKEN, j) << 3);
          store<f64>(g, load<f64>(g) + f64x2.extract_lane(w, 0));
          blankPost += f64x2.extract_lane(w, 1);
        }
      }
    }
    let d = f64x2.extract_lane(d2, 0) + f64x2.extract_lane(d2, 1);
    let zRaw = f64x2.extract_lane(z2, 0) + f64x2.extract_lane(z2, 1);
    if (j == h + 2) {
      const b = last ? 1 : (f64At(STAY, j) * f64At(nxt, j) + f64At(nxt, j + 1) + f64At(SKIP, j + 2) * f64At(nxt, j + 2)) * invNext;
      d += b;
      const w = f64At(ALPHA, row + j) * b;
      zRaw += w;
      if ((j & 1) == 0) blankPost += w;
      else if (grad) {
        const g = GAMMA + (<usize>i32At(TOKEN, j) << 3);
        store<f64>(g, load<f64>(g) + w);
      }
      setF64(cur, j, f64At(EMIT, row + j) * b);
      if (keep) setF64(BETA, row + j, b);
    }
    const invA = 1 / f64At(SCALE_A, t);
    const invD = 1 / d;
    const Z = zRaw * invA * invD;
    if (!(d > 0) || d == Infinity || !(zRaw >= MIN_RAW_Z) || zRaw == Infinity) {
      if (grad) memory.fill(GAMMA, 0, <usize>C << 3);
      return 0;
    }
    setF64(SCALE_B, t, d);
    setF64(FRAME_Z, t, Z);
    invNext = invD;
    clearPads(cur, 0, l, h);
    if (grad) {
      const g = GAMMA + (<usize>blankToken << 3);
      store<f64>(g, load<f64>(g) + blankPost);
      const pr = P + ((<usize>t * <usize>C) << 3);
      const invZ = f64At(FRAME_INV_Z, t);
      if (fused == 2) collectWindow(row, l, h, invZ, 1 / zRaw, t * C);
      else if (fused && outF32) correctWindow<f32>(row, l, h, invZ, 1 / zRaw, OUT + ((<usize>t * <usize>C) << 2));
      else if (fused) correctWindow<f64>(row, l, h, invZ, 1 / zRaw, OUT + ((<usize>t * <usize>C) << 3));
      else if (outF32) gradientRow<f32>(pr, invZ, GAMMA, 1 / zRaw, OUT + ((<usize>t * <usize>C) << 2), C, logits);
      else gradientRow<f64>(pr, invZ, GAMMA, 1 / zRaw, OUT + ((<usize>t * <usize>C) << 3), C, logits);
    }
    const swap = cur;
    cur = nxt;
    nxt = swap;
  }
  return 1;
}

/** How many corrections the last backward collected (fused 2). */
let corrections: i32 = 0;

export function correctionCount(): i32 {
  return corrections;
}

/** One correction: output entry `at` (flat t * C + c) takes `value` (the caller writes them). */
// @ts-ignore: decorator
@inline function collect(at: i32, value: f64): void {
  store<i32>(CORR_AT + (<usize>corrections << 2), at);
  store<f64>(CORR_VALUE + (<usize>corrections << 3), value);
  corrections++;
}

/**
 * correctWindow for a streamed gradient (fused 2: the softmax rows are already in the output):
 * the corrections go to CORR_AT (flat index t * C + c) and CORR_VALUE, for the caller to write.
 */
// @ts-ignore: decorator
@inline function collectWindow(row: i32, l: i32, h: i32, invZ: f64, gScale: f64, base: i32): void {
  for (let j = l + 2; j <= h + 2; j++) {
    const c = i32At(TOKEN, j);
    const g = load<f64>(GAMMA + (<usize>c << 3));
    if (g == 0) continue;
    collect(base + c, f64At(EMIT, row + j) * invZ - g * gScale);
    store<f64>(GAMMA + (<usize>c << 3), 0);
  }
}

/** The fused gradient row's corrections at the window's tokens (each once: gamma is cleared as used). */
// @ts-ignore: decorator
@inline function correctWindow<O>(row: i32, l: i32, h: i32, invZ: f64, gScale: f64, out: usize): void {
  for (let j = l + 2; j <= h + 2; j++) {
    const c = <usize>i32At(TOKEN, j);
    const g = load<f64>(GAMMA + (c << 3));
    if (g == 0) continue;
    store<O>(out + c * sizeof<O>(), <O>(f64At(EMIT, row + j) * invZ - g * gScale));
    store<f64>(GAMMA + (c << 3), 0);
  }
}

/**
 * A streamed HVP's entries at the window's tokens of frame t (stream.ts wrote the dense part):
 *   out[t, c] = q_c (v_c - pv_t) - (cov_c - gamma_c EV),  q_c = E_t(s) / Z_t (float64), v_c from VTOK
 * into CORR_AT (flat index t * C + c) and CORR_VALUE for the caller to write (a token at several
 * states gives the same value each time); then gamma and cov cleared.
 */
// @ts-ignore: decorator
@inline function collectHvpWindow(row: i32, t: i32, C: i32, EV: f64): void {
  const l = i32At(LO, t);
  const h = i32At(HI, t);
  const invZ = f64At(FRAME_INV_Z, t);
  const pv = f64At(PV, t);
  for (let j = l + 2; j <= h + 2; j++) {
    const c = i32At(TOKEN, j);
    const q = f64At(EMIT, row + j) * invZ;
    const soft = q > 0 ? q * (f64At(VTOK, row + j) - pv) : 0;
    collect(t * C + c, soft - (f64At(COV, c) - f64At(GAMMA, c) * EV));
  }
  clearWindowTokens(t);
}

/** Entry c of a direction row: f32 (`f32`) or f64. */
// @ts-ignore: decorator
@inline function directionAt(row: usize, c: i32, f32: i32): f64 {
  return f32 ? <f64>load<f32>(row + (<usize>c << 2)) : load<f64>(row + (<usize>c << 3));
}

/**
 * probTangent (H v rows into the output staging) from the direction staged in V [Tb, C] f64, after
 * forward and backward(keep): the centred direction vc, the forward tangent ra, then the backward
 * tangent with E[n V'] and E[V'] per frame and the HVP row (hvpRow; with `soft32`, float32 output
 * and 'logits', hvpRowSoft32 from the frame pass's float32 softmax kept in P as f32 [Tb, C], and
 * the direction staged in V as f32 [Tb, C]).
 */
export function tangent(Tb: i32, S: i32, C: i32, logits: i32, outF32: i32, soft32: i32, streamed: i32): i32 {
  const W = S + 4;
  corrections = 0;
  let finite = true;
  for (let t = 0; t < Tb; t++) {
    const row = t * W;
    const prev = row - W;
    const vr = V + ((<usize>t * <usize>C) << (soft32 ? 2 : 3));
    const l = i32At(LO, t);
    const h = i32At(HI, t);
    const invC = 1 / f64At(SCALE_A, t);
    let mean: f64 = 0;
    for (let j = l + 2; j <= h + 2; j++) {
      const w = f64At(ALPHA, row + j) * f64At(BETA, row + j);
      if (w > 0) mean += w * (streamed ? f64At(VTOK, row + j) : directionAt(vr, i32At(TOKEN, j), soft32));
    }
    mean *= invC / (f64At(SCALE_B, t) * f64At(FRAME_Z, t));
    for (let j = l + 2; j <= h + 2; j++) setF64(VC, row + j, (streamed ? f64At(VTOK, row + j) : directionAt(vr, i32At(TOKEN, j), soft32)) - mean);
    const ic = f64x2.splat(invC);
    let j = l + 2;
    if (t == 0) {
      for (; j <= h + 2; j++) setF64(TANGENT, row + j, f64At(ALPHA, row + j) * invC * f64At(VC, row + j));
    } else {
      for (; j + 1 <= h + 2; j += 2) {
        const own = f64x2.mul(f64x2.mul(pairAt(ALPHA, row + j), ic), pairAt(VC, row + j));
        const inner = predecessorPair(TANGENT, prev, j);
        v128.store(TANGENT + (<usize>(row + j) << 3), f64x2.add(own, f64x2.mul(f64x2.mul(pairAt(EMIT, row + j), ic), inner)));
      }
      if (j == h + 2) {
        const own = f64At(ALPHA, row + j) * invC * f64At(VC, row + j);
        const inner = f64At(STAY, j) * f64At(TANGENT, prev + j) + f64At(TANGENT, prev + j - 1) + f64At(SKIP, j) * f64At(TANGENT, prev + j - 2);
        setF64(TANGENT, row + j, own + f64At(EMIT, row + j) * invC * inner);
      }
    }
    clearPads(TANGENT, row, l, h);
    clearPads(VC, row, l, h);
  }

  let cur = ROW_A;
  let nxt = ROW_B;
  const blankToken = i32At(TOKEN, 2);
  for (let t = Tb - 1; t >= 0; t--) {
    const row = t * W;
    const l = i32At(LO, t);
    const h = i32At(HI, t);
    const last = t == Tb - 1;
    const invA = 1 / f64At(SCALE_A, t);
    const invD = 1 / f64At(SCALE_B, t);
    const invZ = 1 / f64At(FRAME_Z, t);
    const ia = f64x2.splat(invA);
    const id = f64x2.splat(invD);
    const iz = f64x2.splat(invZ);
    const zero = f64x2.splat(0);
    let ev2 = zero;
    let blankPost: f64 = 0;
    let blankCov: f64 = 0;
    let j = l + 2;
    for (; j + 1 <= h + 2; j += 2) {
      const qb = last
        ? zero
        : successorPair(nxt, j, id);
      const a = f64x2.mul(pairAt(ALPHA, row + j), ia);
      const b = f64x2.mul(pairAt(BETA, row + j), id);
      const post = f64x2.mul(f64x2.mul(a, b), iz);
      const w = f64x2.mul(f64x2.add(f64x2.mul(pairAt(TANGENT, row + j), b), f64x2.mul(a, qb)), iz);
      ev2 = f64x2.add(ev2, w);
      const even = (j & 1) == 0 ? 0 : 1; // lane of the blank state
      const tok = <usize>i32At(TOKEN, j + 1 - even) << 3; // token of the label state
      const pl = even == 0 ? f64x2.extract_lane(post, 1) : f64x2.extract_lane(post, 0);
      const wl = even == 0 ? f64x2.extract_lane(w, 1) : f64x2.extract_lane(w, 0);
      blankPost += even == 0 ? f64x2.extract_lane(post, 0) : f64x2.extract_lane(post, 1);
      blankCov += even == 0 ? f64x2.extract_lane(w, 0) : f64x2.extract_lane(w, 1);
      store<f64>(GAMMA + tok, load<f64>(GAMMA + tok) + pl);
      store<f64>(COV + tok, load<f64>(COV + tok) + wl);
      v128.store(cur + (<usize>j << 3), f64x2.mul(pairAt(EMIT, row + j), f64x2.add(f64x2.mul(b, pairAt(VC, row + j)), qb)));
    }
    let EV = f64x2.extract_lane(ev2, 0) + f64x2.extract_lane(ev2, 1);
    if (j == h + 2) {
      const qb = last ? 0 : (f64At(STAY, j) * f64At(nxt, j) + f64At(nxt, j + 1) + f64At(SKIP, j + 2) * f64At(nxt, j + 2)) * invD;
      const a = f64At(ALPHA, row + j) * invA;
      const b = f64At(BETA, row + j) * invD;
      const post = a * b * invZ;
      const w = (f64At(TANGENT, row + j) * b + a * qb) * invZ;
      EV += w;
      if ((j & 1) == 0) {
        blankPost += post;
        blankCov += w;
      } else {
        const tok = <usize>i32At(TOKEN, j) << 3;
        store<f64>(GAMMA + tok, load<f64>(GAMMA + tok) + post);
        store<f64>(COV + tok, load<f64>(COV + tok) + w);
      }
      setF64(cur, j, f64At(EMIT, row + j) * (b * f64At(VC, row + j) + qb));
    }
    const bt = <usize>blankToken << 3;
    store<f64>(GAMMA + bt, load<f64>(GAMMA + bt) + blankPost);
    store<f64>(COV + bt, load<f64>(COV + bt) + blankCov);
    clearPads(cur, 0, l, h);
    const pr = P + ((<usize>t * <usize>C) << 3);
    const vr = V + ((<usize>t * <usize>C) << (soft32 ? 2 : 3));
    const frameInvZ = f64At(FRAME_INV_Z, t);
    if (streamed) {
      collectHvpWindow(row, t, C, EV);
      if (EV - EV != 0) finite = false;
    } else if (soft32) hvpRowSoft32(t, C, vr, EV, OUT + ((<usize>t * <usize>C) << 2), P + ((<usize>t * <usize>C) << 2));
    else if (outF32) hvpRow<f32>(pr, frameInvZ, vr, GAMMA, COV, EV, OUT + ((<usize>t * <usize>C) << 2), C, logits);
    else hvpRow<f64>(pr, frameInvZ, vr, GAMMA, COV, EV, OUT + ((<usize>t * <usize>C) << 3), C, logits);
    const swap = cur;
    cur = nxt;
    nxt = swap;
  }
  return finite ? 1 : 0;
}
