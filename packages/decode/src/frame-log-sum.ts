/**
 * The frame x[offset .. offset + C): its maximum m and log sum_c exp(x_c - m), so that
 * log_softmax(x)_c = (x_c - m) - logSum (the max subtracted first: exact at any offset, as in the
 * losses). Null for a frame the losses call invalid (NaN, +inf, or every value -inf).
 */
export function frameLogSum(x: ArrayLike<number>, offset: number, C: number): { max: number; logSum: number } | null {
  let max = -Infinity;
  for (let c = 0; c < C; c++) {
    const v = x[offset + c];
    if (v !== v || v === Infinity) return null;
    if (v > max) max = v;
  }
  if (max === -Infinity) return null;
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.exp(x[offset + c] - max);
  return { max, logSum: Math.log(s) };
}
