import { toleranceFor, type CtcPrecision, type Tolerance } from '@seq2seq-losses/spec';

/**
 * The tolerance a run uses: the declared precision's default (float64 1e-9, float32 1e-4),
 * with any field of `override` replacing it.
 */
export function resolveTolerance(precision: CtcPrecision, override?: Partial<Tolerance>): Tolerance {
  const base = toleranceFor(precision);
  return { rtol: override?.rtol ?? base.rtol, atol: override?.atol ?? base.atol };
}

/** A vector case's own tolerance can only widen the run's tolerance, never tighten it. */
export function widenTolerance(tol: Tolerance, caseTol?: Partial<Tolerance>): Tolerance {
  return {
    rtol: Math.max(tol.rtol, caseTol?.rtol ?? 0),
    atol: Math.max(tol.atol, caseTol?.atol ?? 0),
  };
}
