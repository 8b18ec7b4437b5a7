/** The default tolerance of a precision: |got - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

export const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-9, atol: 1e-9 };
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-4 };

export function toleranceFor(precision: 'float32' | 'float64'): Tolerance {
  return precision === 'float64' ? FLOAT64_TOLERANCE : FLOAT32_TOLERANCE;
}

/** Whether one value passes: non-finite values must match exactly in kind (+inf, -inf, NaN). */
export function withinTolerance(got: number, expected: number, tol: Tolerance): boolean {
  if (!Number.isFinite(expected) || !Number.isFinite(got)) {
    return Object.is(got, expected) || (got !== got && expected !== expected);
  }
  return Math.abs(got - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** The worst element of a comparison, by how far it is over its allowed error. */
export interface Deviation {
  /** Largest |got - expected| over finite pairs (Infinity where kinds differ). */
  readonly maxAbs: number;
  /** Index of the worst element by excess over tolerance; -1 when every element passes. */
  readonly worstIndex: number;
  /** Number of failing elements. */
  readonly failures: number;
  readonly length: number;
}

/** Compares two arrays of equal length element by element. Lengths that differ count as all failing. */
export function compareArrays(got: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Deviation {
  if (got.length !== expected.length) {
    return { maxAbs: Infinity, worstIndex: 0, failures: Math.max(got.length, expected.length), length: expected.length };
  }
  let maxAbs = 0;
  let worstIndex = -1;
  let worstExcess = -Infinity;
  let failures = 0;
  for (let i = 0; i < expected.length; i++) {
    const g = got[i];
    const e = expected[i];
    const ok = withinTolerance(g, e, tol);
    const bothFinite = Number.isFinite(g) && Number.isFinite(e);
    const abs = bothFinite ? Math.abs(g - e) : ok ? 0 : Infinity;
    if (abs > maxAbs) maxAbs = abs;
    if (!ok) {
      failures++;
      const excess = bothFinite ? abs - (tol.atol + tol.rtol * Math.abs(e)) : Infinity;
      if (excess > worstExcess) {
        worstExcess = excess;
        worstIndex = i;
      }
    }
  }
  return { maxAbs, worstIndex, failures, length: expected.length };
}

/** Largest |a - b| over finite pairs; Infinity when non-finite kinds differ. */
export function maxAbsDeviation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return compareArrays(a, b, { rtol: 0, atol: 0 }).maxAbs;
}
