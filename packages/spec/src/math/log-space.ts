/** log(exp(a) + exp(b)) that keeps -inf exact: lse(-inf, -inf) = -inf, never NaN. */
export function logAddExp(a: number, b: number): number {
  const m = a > b ? a : b;
  if (m === -Infinity) return -Infinity;
  if (m !== m) return NaN;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** log(sum_i exp(x[offset + i])) for i < n; -inf for an empty or all -inf set, NaN if any NaN. */
export function logSumExp(x: ArrayLike<number>, offset = 0, n = x.length - offset): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i];
    if (v !== v) return NaN;
    if (v > m) m = v;
  }
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(x[offset + i] - m);
  return m + Math.log(s);
}

/**
 * out[outOffset + c] = x[offset + c] - logSumExp(x[offset .. offset + C]) for one frame.
 * A frame of all -inf (or any NaN / +inf) gives NaN everywhere, as the contract says.
 */
export function logSoftmaxFrame(
  x: ArrayLike<number>,
  offset: number,
  C: number,
  out: { [i: number]: number },
  outOffset = 0,
): void {
  const lse = logSumExp(x, offset, C);
  const bad = !Number.isFinite(lse);
  for (let c = 0; c < C; c++) out[outOffset + c] = bad ? NaN : x[offset + c] - lse;
}
