// The per-frame pass (emissions.ts readFrames): max, min, NaN, softmax numerators and sums.
import { expPair, expPairNormal, expScalar, NORMAL_MIN, V_C3, V_C4, V_C5, V_INV_STEP, V_ROUND, V_STEP_HI, V_STEP_LO } from './exp';
import { fusedFrameF32 } from './frames-f32';
import { rowExtremes, rowMax, rowMin, rowNaN } from './row-extremes';
import { EMIT, HI, LO, OUT, PROW, TOKEN } from './layout';
import { loadPair, storePair } from './rows';

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
 * (fused 1), f32 (2) or not at all (3: no gradient); fused 4: f32 into p instead (kept for the
 * HVP rows, hvp-soft32.ts; the gradient is copied from there).
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
    if (sizeof<T>() == 4 && fused >= 2 && C > S) {
      // float32 logits, float32 gradient or none, more tokens than states: the float32-lane pass
      // (frames-f32.ts; with C <= S most entries are >= 1/64 of their frame, taken in float64 anyway)
      const rows = fused == 2 ? OUT : fused == 4 ? p : 0;
      const z = fusedFrameF32(row, t, C, m, rows ? 1 : 0, S, rows ? rows + ((<usize>t * <usize>C) << 2) : PROW);
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
