/**
 * Wide log-values: v = h + o, exact at any magnitude. h holds the huge parts as an exact BigInt
 * multiple of 2^-42; o the ordinary remainder (a float64, -inf for log 0). Sums of log-probabilities
 * of 1e30 and of 0.5 keep both (float64 would round 1e30 + 0.5 to 1e30), so alignments whose huge
 * parts are equal are still told apart by their ordinary parts, and those whose huge parts differ
 * by more than ~745 get relative weight exactly 0.
 */
export interface WideArray {
  /** huge parts, units of 2^-42 */
  readonly h: bigint[];
  /** ordinary parts; -inf marks log 0 */
  readonly o: Float64Array;
}

/** Log-values with |z| >= 2^10 go to the huge part: such float64 values are multiples of 2^-42. */
export const HUGE_LOG = 1024;
const SHIFT = 42n;
const UNIT = 2 ** 42;

export function wideArray(n: number): WideArray {
  return { h: new Array<bigint>(n).fill(0n), o: new Float64Array(n).fill(-Infinity) };
}

/** Splits a float64 log-value into (huge, ordinary) parts, writing them at index i of out. */
export function setWide(out: WideArray, i: number, z: number): void {
  if (Number.isFinite(z) && Math.abs(z) >= HUGE_LOG) {
    out.h[i] = Math.abs(z) >= 2 ** 53 ? BigInt(z) << SHIFT : BigInt(z * UNIT);
    out.o[i] = 0;
  } else {
    out.h[i] = 0n;
    out.o[i] = z;
  }
}

/** A huge part as a float64 (rounded once; +-inf beyond float64's range). */
export function hugeToNumber(h: bigint): number {
  const whole = h >> SHIFT; // floor
  return Number(whole) + Number(h - (whole << SHIFT)) / UNIT;
}

/** (a - b) as a float64: exact huge difference first, then the ordinary one. Both finite in o. */
export function wideDifference(ah: bigint, ao: number, bh: bigint, bo: number): number {
  return hugeToNumber(ah - bh) + (ao - bo);
}

/** A float64 view of a wide value: h + o rounded once. */
export function wideToNumber(h: bigint, o: number): number {
  return o === -Infinity ? -Infinity : hugeToNumber(h) + o;
}

/**
 * log(sum_k exp(v_k)) over the n wide values (hs[k], os[k]), written as (h, o) into out[i].
 * The largest term is the reference, so every difference is exact where it matters.
 */
export function wideLogSumExp(hs: readonly bigint[], os: readonly number[], n: number, out: WideArray, i: number): void {
  let ref = -1;
  for (let k = 0; k < n; k++) {
    if (os[k] === -Infinity) continue;
    if (ref < 0 || wideDifference(hs[k], os[k], hs[ref], os[ref]) > 0) ref = k;
  }
  if (ref < 0) {
    out.h[i] = 0n;
    out.o[i] = -Infinity;
    return;
  }
  let sum = 0;
  for (let k = 0; k < n; k++) if (os[k] !== -Infinity) sum += Math.exp(wideDifference(hs[k], os[k], hs[ref], os[ref]));
  out.h[i] = hs[ref];
  out.o[i] = os[ref] + Math.log(sum);
}

/**
 * For each frame of a [rows, S] wide array: v - max_s v as float64 (0 at the max, -inf for log 0,
 * exact wherever exp of it is not 0). Returns [rows, S].
 */
export function relativeToFrameMax(v: WideArray, rows: number, S: number): Float64Array {
  const out = new Float64Array(rows * S).fill(-Infinity); // [rows, S]
  for (let t = 0; t < rows; t++) {
    let ref = -1;
    for (let s = 0; s < S; s++) {
      const k = t * S + s;
      if (v.o[k] === -Infinity) continue;
      if (ref < 0 || wideDifference(v.h[k], v.o[k], v.h[ref], v.o[ref]) > 0) ref = k;
    }
    if (ref < 0) continue;
    for (let s = 0; s < S; s++) {
      const k = t * S + s;
      if (v.o[k] !== -Infinity) out[k] = wideDifference(v.h[k], v.o[k], v.h[ref], v.o[ref]);
    }
  }
  return out;
}
