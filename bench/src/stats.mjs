/**
 * Median, min and max of timings in ms (rounded to 0.001 ms).
 * @param {readonly number[]} times
 */
export function summarize(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const r = (/** @type {number} */ x) => Math.round(x * 1000) / 1000;
  return { medianMs: r(median), minMs: r(sorted[0]), maxMs: r(sorted[n - 1]), reps: n };
}

/**
 * Inclusive [min, max] of an int array.
 * @param {ArrayLike<number>} values
 * @returns {[number, number]}
 */
export function range(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  return [lo, hi];
}
