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
 * out[outOffset + c] = (x[offset + c] - m) - log(sum_c' exp(x[offset + c'] - m)) for one frame, m = the
 * frame's max: the max is subtracted before anything else, so the result is exact at any magnitude
 * (x + 1e30 gives the same row as x; [1e30, 0, 0] gives [0, -1e30, -1e30]). Reading every input
 * before writing, it may run in place (out = x).
 * A frame of all -inf (or any NaN / +inf) gives NaN everywhere, as the contract says.
 */
export function logSoftmaxFrame(
  x: ArrayLike<number>,
  offset: number,
  C: number,
  out: { [i: number]: number },
  outOffset = 0,
): void {
  let m = -Infinity;
  let bad = false;
  for (let c = 0; c < C; c++) {
    const v = x[offset + c];
    if (v !== v) bad = true;
    else if (v > m) m = v;
  }
  if (bad || !Number.isFinite(m)) {
    for (let c = 0; c < C; c++) out[outOffset + c] = NaN;
    return;
  }
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.exp(x[offset + c] - m);
  const logS = Math.log(s);
  for (let c = 0; c < C; c++) out[outOffset + c] = x[offset + c] - m - logS;
}
