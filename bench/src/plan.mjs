import { BENCH_CASES, QUICK_SKIPS } from './cases.mjs';

/**
 * @typedef {import('./cases.mjs').BenchCase} BenchCase
 * @typedef {import('./cases.mjs').BenchOp} BenchOp
 * @typedef {import('./cases.mjs').BenchVariant} Variant
 * @typedef {{ case: BenchCase, variant: Variant, op: BenchOp, backendId: string }} PlannedRun
 * @typedef {{ cases?: string[], backends?: string[], ops?: string[], variants?: string[], full?: boolean }} BenchFilters
 */

/** Timing settings: quick is the default (about a minute here), full runs everything with more reps. */
export const QUICK_SETTINGS = {
  warmup: 1,
  /**
   * And at least this long (warm-up calls): a backend's JIT and worker threads settle in their first
   * calls (backend-cpu at warp-ctc's shape: ~10 calls at 2x its later time while V8 compiles).
   */
  warmupSeconds: 0.15,
  reps: 3,
  /** Stop repeating once this much time went into the timed runs (at least one run). */
  maxSeconds: 0.5,
  /** After a warm-up slower than this, one timed run only (noted). */
  onceAfterSeconds: 0.5,
  /**
   * Skip a pair predicted (from the backend's previous run) to take longer than this; a warm-up
   * longer than this is the only timing (both noted).
   */
  skipAfterSeconds: 2,
};
export const FULL_SETTINGS = { warmup: 2, warmupSeconds: 0.3, reps: 10, maxSeconds: 30, onceAfterSeconds: Infinity, skipAfterSeconds: Infinity };

/** Work units of one op on a case, to order cases and predict run times: B * T * (S + C) * op weight. */
export function estimatedWork(/** @type {BenchCase} */ c, /** @type {BenchOp} */ op) {
  const weight = { forward: 1, lossAndGradient: 2, hvp: 4, hessian: 2 * c.T * c.C }[op];
  return c.B * c.T * (2 * c.L + 1 + c.C) * weight;
}

/**
 * The cases, ops and variants a run measures. quick: each case's quickOps in its quickVariants,
 * except that a case named with --case runs all its ops in both variants; full: every op of every
 * case in both variants; --variant narrows either. Cases are ordered by their heaviest op's work,
 * smallest first (so a slow backend's time on a small case can predict, and skip, a big one).
 * @param {BenchFilters} filters
 * @returns {{ cases: BenchCase[], opsOf: (c: BenchCase) => BenchOp[], variantsOf: (c: BenchCase) => Variant[] }}
 */
export function selectCases(filters) {
  const unknown = (filters.cases ?? []).filter((n) => !BENCH_CASES.some((c) => c.name === n));
  if (unknown.length) throw new Error(`unknown case ${unknown.join(', ')}; known: ${BENCH_CASES.map((c) => c.name).join(', ')}`);
  const named = filters.cases && filters.cases.length > 0;
  const opsOf = (/** @type {BenchCase} */ c) => {
    const ops = filters.full || named ? c.ops : c.quickOps;
    return ops.filter((o) => !filters.ops?.length || filters.ops.includes(o));
  };
  const cases = BENCH_CASES.filter((c) => (!named || filters.cases?.includes(c.name)) && opsOf(c).length > 0);
  const heaviest = (/** @type {BenchCase} */ c) => Math.max(...opsOf(c).map((o) => estimatedWork(c, o)));
  cases.sort((a, b) => heaviest(a) - heaviest(b));
  const variants = /** @type {Variant[]} */ (filters.variants?.length ? filters.variants : ['classic', 'simplified']);
  for (const v of variants) if (v !== 'classic' && v !== 'simplified') throw new Error(`unknown variant ${v}; known: classic, simplified`);
  const variantsOf = (/** @type {BenchCase} */ c) =>
    filters.full || named || filters.variants?.length ? variants : variants.filter((v) => c.quickVariants.includes(v));
  return { cases, opsOf, variantsOf };
}

/**
 * Why the quick run leaves a pair out (QUICK_SKIPS), unless both were named on the command line.
 * @param {BenchFilters} filters
 * @returns {(run: PlannedRun) => string | undefined}
 */
export function quickSkipper(filters) {
  if (filters.full) return () => undefined;
  return (run) => {
    if (filters.cases?.includes(run.case.name) && filters.backends?.includes(run.backendId)) return undefined;
    const skip = QUICK_SKIPS.find((s) => s.case === run.case.name && s.backends.includes(run.backendId));
    return skip && `quick mode: skipped (${skip.reason}); use --full`;
  };
}

/**
 * Every (case, variant, op, backend) to measure, in run order.
 * @param {ReturnType<typeof selectCases>} selection
 * @param {readonly string[]} backendIds
 * @returns {PlannedRun[]}
 */
export function planRuns(selection, backendIds) {
  const runs = [];
  for (const c of selection.cases)
    for (const variant of selection.variantsOf(c))
      for (const op of selection.opsOf(c))
        for (const backendId of backendIds) runs.push({ case: c, variant, op, backendId });
  return runs;
}
